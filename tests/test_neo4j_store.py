"""The Neo4j store against a real server: schema-derived constraints, idempotent re-ingest,
per-document replacement, and a failed document that leaves nothing behind."""
import pytest

from graph.model import schema
from graph.stores.neo4j import Neo4jStore
from graph.types import GraphBatch, Provenance
from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.neo4j


@pytest.fixture()
def store(neo4j_uri):
    """A store on the shared server; emptied before and after, as other tests expect the seeds."""
    s = Neo4jStore(neo4j_uri, database=None)
    s.clear()
    yield s
    s.clear()
    s.close()


def _facts(store, doc_id=None):
    rows = store.cypher(
        "MATCH (a)-[r]->(b) WHERE $d IS NULL OR r.doc_id <> $d OR r.doc_id IS NULL "
        "RETURN a.id AS a, type(r) AS t, b.id AS b, r.key AS k ORDER BY a, t, b, k",
        {"d": doc_id},
    )
    return [tuple(r.values()) for r in rows]


def test_constraints_follow_the_schema(neo4j_seeded):
    rows = neo4j_seeded.cypher("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes, properties", {})
    declared = {(label, nt.key) for label, nt in schema().nodes.items()}
    present = {(r["labelsOrTypes"][0], r["properties"][0]) for r in rows}
    assert declared <= present


def test_reingest_is_idempotent_and_changes_replace_only_their_facts(store, seeds, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(seeds.glob("*.txt")):
        (corpus / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    ingest_paths(store, [corpus])
    before = _facts(store)
    again = ingest_paths(store, [corpus])
    assert again.unchanged == 5 and _facts(store) == before

    target = corpus / "003_44c63be4e2eb7023.txt"
    doc_id = store.document_for_source(str(target.resolve()))[0]
    others = _facts(store, doc_id)
    target.write_text(target.read_text(encoding="utf-8").replace("课后服务", "放学后活动"), encoding="utf-8")
    changed = ingest_paths(store, [corpus])
    assert changed.unchanged == 4 and changed.written.edges_removed > 0
    assert _facts(store, doc_id) == others
    rows = store.cypher("MATCH (:Region)-[a:ADOPTED]->(:Initiative {name: '课后服务'}) WHERE a.doc_id = $d RETURN a", {"d": doc_id})
    assert rows == []


def test_a_failing_document_leaves_no_partial_write(store, monkeypatch):
    batch = GraphBatch(doc_id="doc:partial")
    batch.add_node("Document", "doc:partial", title="半截", ingested=True)
    batch.add_node("Region", "region:330108", name="滨江区", adcode="330108", level="county")
    batch.add_edge("REPORTS_ON", "doc:partial", "region:330108", Provenance("doc:partial", 0, 1, "x"))
    original = Neo4jStore._write_rows_tx

    def failing(tx, rows):
        original(tx, rows)
        raise RuntimeError("connection lost mid-document")

    monkeypatch.setattr(Neo4jStore, "_write_rows_tx", staticmethod(failing))
    with pytest.raises(RuntimeError, match="connection lost"):
        store.write(batch)
    assert store.counts() == {}
