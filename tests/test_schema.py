"""The schema is the single source of labels, keys and properties: check it and its checks."""
import pytest

from graph.model import SchemaError, load_schema, schema
from graph.types import GraphBatch, Provenance


def test_schema_declares_the_core_types():
    s = schema()
    assert {"Document", "Agency", "Region", "School", "Initiative", "Indicator", "Observation"} <= set(s.nodes)
    assert {"CITES", "ISSUED_BY", "ISSUED", "REPORTS_ON", "PART_OF", "LOCATED_IN", "ADOPTED", "MENTIONS", "OBSERVED"} <= set(s.edges)
    assert s.node("Region").key == "id" and "adcode" in s.node("Region").required


def test_every_edge_endpoint_is_a_declared_label():
    s = schema()
    for e in s.edges.values():
        assert set(e.sources) | set(e.targets) <= set(s.nodes), e.type


def test_unknown_names_fail_loudly():
    with pytest.raises(SchemaError, match="unknown node label"):
        schema().node("Policy")
    with pytest.raises(SchemaError, match="unknown edge type"):
        schema().edge("REFERS_TO")


def test_a_schema_file_naming_an_unknown_label_is_rejected(tmp_path):
    bad = tmp_path / "schema.yaml"
    bad.write_text(
        "provenance: {doc_id: string}\nnodes:\n  A: {key: id, properties: {id: string}}\n"
        "edges:\n  R: {from: [A], to: [B], provenance: false}\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError, match="unknown label 'B'"):
        load_schema(bad)


def _batch() -> GraphBatch:
    b = GraphBatch(doc_id="doc:r")
    b.add_node("Document", "doc:r", title="报告", ingested=True)
    b.add_node("Region", "region:330108", name="滨江区", adcode="330108", level="county")
    return b


def test_batch_validation_catches_misfits():
    prov = Provenance("doc:r", 0, 2, "滨江区")
    ok = _batch()
    ok.add_edge("REPORTS_ON", "doc:r", "region:330108", prov)
    ok.validate()

    wrong_direction = _batch()
    wrong_direction.add_edge("REPORTS_ON", "region:330108", "doc:r", prov)
    with pytest.raises(SchemaError, match="cannot go from Region to Document"):
        wrong_direction.validate()

    no_provenance = _batch()
    no_provenance.add_edge("REPORTS_ON", "doc:r", "region:330108")
    with pytest.raises(SchemaError, match="lacks provenance"):
        no_provenance.validate()

    bad_type = _batch()
    bad_type.add_node("Document", "doc:x", year="2021")
    with pytest.raises(SchemaError, match="should be integer"):
        bad_type.validate()

    missing = _batch()
    missing.add_node("Region", "region:1", name="x")
    with pytest.raises(SchemaError, match="lacks required"):
        missing.validate()


def test_schema_serialises_for_the_api():
    d = schema().to_dict()
    assert d["edges"]["CITES"]["provenance"] is True
    assert d["nodes"]["Region"]["required"] == ["id", "name", "adcode"]


def test_schema_docs_are_derived_from_the_schema():
    from graph.schema_doc import to_markdown

    doc = to_markdown()
    for label in schema().nodes:
        assert f"| {label} |" in doc
    for type_ in schema().edges:
        assert f"| {type_} |" in doc
