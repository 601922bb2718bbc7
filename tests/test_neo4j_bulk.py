"""Bulk loads into a real Neo4j: write_many of many documents in one transaction gives the graph
that writing them one by one gives; re-writing replaces each document's facts; the offline
`neo4j-admin` import of a corpus answers the named queries as a normal ingest does."""
import pytest

from graph import neo4j_local
from graph.model import schema
from graph.stores import neo4j_group
from graph.stores.neo4j import _REMOVE_FACTS, Neo4jStore
from graph.types import GraphBatch, Provenance
from ingest.bulk_import import bulk_import
from ingest.pipeline import extract_all
from ingest.reader import iter_sources, read_source
from queries import registry

from conftest import free_port

pytestmark = pytest.mark.neo4j

CASES = [
    ("citing-regions", {"doc": "浙政教督办[2022]5号"}),
    ("citing-regions", {"doc": "深化新时代教育评价改革总体方案"}),
    ("adopters", {"initiative": "嵌入式幼儿园"}),
    ("adopters", {"initiative": "双减"}),
    ("lineage", {"doc": "津教督导室〔2021〕40号"}),
    ("region", {"region": "越城区"}),
    ("region", {"region": "120110"}),
    ("indicator", {"indicator": "毛入园率"}),
]


@pytest.fixture()
def store(neo4j_uri):
    s = Neo4jStore(neo4j_uri)
    s.clear()
    yield s
    s.clear()
    s.close()


@pytest.fixture(scope="module")
def seed_batches(seeds):
    sources = [read_source(p) for p in iter_sources([seeds])]
    return [batch for _source, batch in extract_all(sources)]


def _graph(store):
    dump = store.dump()
    nodes = sorted((n["id"], tuple(n["labels"]), sorted(n["properties"].items())) for n in dump.nodes)
    edges = sorted((e["source"], e["type"], e["target"], sorted(e["properties"].items())) for e in dump.edges)
    return nodes, edges


def test_write_many_gives_the_graph_of_one_document_at_a_time(store, seed_batches):
    for batch in seed_batches:
        with store.driver.session() as session:
            session.execute_write(Neo4jStore._write_tx, batch)
    one_by_one = _graph(store)
    store.clear()
    result = store.write_many(seed_batches)
    assert _graph(store) == one_by_one
    distinct = {key for b in seed_batches for key in b.edges}
    read_facts = {key for b in seed_batches for key, e in b.edges.items() if e.provenance is not None}
    assert result.edges_added == len(distinct) and result.edges_removed == 0
    again = store.write_many(seed_batches)
    assert _graph(store) == one_by_one
    # Facts read from the documents are replaced; shared edges (PART_OF) and nodes stay.
    observations = {n.id for b in seed_batches for n in b.nodes.values() if n.label == "Observation"}
    assert again.edges_removed == len(read_facts) and again.edges_added == len(read_facts)
    assert again.nodes_added == len(observations)


def test_write_many_replaces_a_changed_document_and_keeps_the_others(store, seed_batches):
    store.write_many(seed_batches)
    changed = seed_batches[0]
    kept_edges = dict(list(changed.edges.items())[: len(changed.edges) // 2])
    smaller = type(changed)(changed.doc_id, dict(changed.nodes), kept_edges)
    store.write_many([smaller] + seed_batches[1:])
    rows = store.cypher("MATCH ()-[r {doc_id: $d}]->() RETURN r.key AS k", {"d": changed.doc_id})
    assert sorted(r["k"] for r in rows) == sorted(k for k, e in kept_edges.items() if e.provenance is not None)
    assert len(rows) < sum(1 for e in changed.edges.values() if e.provenance is not None)
    for other in seed_batches[1:]:
        rows = store.cypher("MATCH ()-[r {doc_id: $d}]->() RETURN count(r) AS n", {"d": other.doc_id})
        assert rows[0]["n"] == sum(1 for e in other.edges.values() if e.provenance is not None)


def test_offline_import_answers_the_named_queries_as_a_normal_ingest(tmp_path, seeds, seeded_store):
    data = tmp_path / "imported"
    summary = bulk_import([seeds], data, port=free_port(), http_port=free_port(), workers=2)
    try:
        assert summary.rejected == [] and summary.files.documents == 5
        imported = Neo4jStore(summary.server.bolt_uri)
        try:
            assert imported.counts() == seeded_store.counts()
            # Derived properties too (the ADOPTED sort key): the CSV rows carry what a writer sets.
            adopted = [sorted((e["source"], e["target"], sorted(e["properties"].items())) for e in s.dump().edges
                              if e["type"] == "ADOPTED") for s in (imported, seeded_store)]
            assert adopted[0] == adopted[1] and all(dict(props).get("rank") for _, _, props in adopted[0])
            for name, args in CASES:
                rows = registry.run(imported, name, args)
                assert rows == registry.run(seeded_store, name, args), (name, args)
                assert rows, (name, args)
        finally:
            imported.close()
    finally:
        neo4j_local.stop(data)


def _report(doc_id: str, region_props: dict) -> GraphBatch:
    batch = GraphBatch(doc_id=doc_id)
    batch.add_node("Document", doc_id, title=f"报告 {doc_id}", ingested=True)
    batch.add_node("Region", "region:330108", **region_props)
    batch.add_edge("REPORTS_ON", doc_id, "region:330108", Provenance(doc_id, 0, 4, "滨江区报告"))
    return batch


def test_a_shared_node_written_again_gains_the_new_properties_and_keeps_the_old(store):
    store.write_many([_report("doc:a", {"name": "滨江区", "adcode": "330108"})])
    store.write_many([_report("doc:b", {"name": "滨江区", "adcode": "330108", "level": "county"})])
    store.write_many([_report("doc:c", {"name": "滨江区", "adcode": "330108"})])
    assert store.find("Region", "adcode", "330108") == [
        {"id": "region:330108", "name": "滨江区", "adcode": "330108", "level": "county"}
    ]
    rows = store.cypher("MATCH (d:Document)-[:REPORTS_ON]->(:Region) RETURN d.id AS d ORDER BY d", {})
    assert [r["d"] for r in rows] == ["doc:a", "doc:b", "doc:c"]


def test_a_node_deleted_by_another_writer_mid_group_is_found_again(store, monkeypatch):
    """The group's read takes no locks: a node another transaction deletes after that read is
    missed by the edge statements, and the group is run again rather than losing the edge."""
    store.write_many([_report("doc:a", {"name": "滨江区", "adcode": "330108"})])
    with store.driver.session() as session:  # the region stays, unlinked
        session.run("MATCH (d:Document {id: 'doc:a'}) DETACH DELETE d").consume()
    original = neo4j_group.existing_nodes
    reads = []

    def read_then_lose_the_region(tx, rows):
        found = original(tx, rows)
        if not reads:
            with store.driver.session() as other:
                other.run("MATCH (r:Region {id: 'region:330108'}) DETACH DELETE r").consume()
        reads.append(sorted(found))
        return found

    monkeypatch.setattr(neo4j_group, "existing_nodes", read_then_lose_the_region)
    monkeypatch.setattr("graph.stores.neo4j.existing_nodes", read_then_lose_the_region)
    result = store.write_many([_report("doc:b", {"name": "滨江区", "adcode": "330108"})])
    assert reads == [["region:330108"], []]
    assert result.nodes_added == 2 and result.edges_added == 1
    rows = store.cypher("MATCH (d:Document)-[:REPORTS_ON]->(r:Region) RETURN d.id AS d, r.name AS r", {})
    assert rows == [{"d": "doc:b", "r": "滨江区"}]


def _write_statements() -> list[str]:
    statements = [neo4j_group._FIND_EXISTING, neo4j_group._UPDATE_NODES, neo4j_group._CREATE_EDGES]
    statements += [neo4j_group._create_nodes_query(label) for label in schema().nodes]
    return statements + [neo4j_group._merge_edges_query(type_) for type_ in schema().edges]


def test_no_write_statement_holds_every_row_in_an_eager(store):
    store.ensure_schema()
    with store.driver.session() as session:
        for stmt in _write_statements():
            plan = session.run("EXPLAIN " + stmt, rows=[], ids={}).consume().plan
            assert "Eager" not in _operators(plan), stmt


def test_statements_kept_planned_seek_rather_than_scan_even_on_an_empty_database(store):
    """They are never replanned (replan=skip), so a plan made while the database is empty must
    be the one that stays right once it is full."""
    store.ensure_schema()
    statements = _write_statements() + [_REMOVE_FACTS]
    assert all(s.startswith(neo4j_group.FIXED_PLAN) for s in statements)
    with store.driver.session() as session:
        # A plan cached by an earlier test, on a database holding its data, is never replanned
        # either: drop the cache so each plan here is made on this empty database.
        session.run("CALL db.clearQueryCaches()").consume()
        for stmt in statements:
            ops = _operators(session.run("EXPLAIN " + stmt, rows=[], ids={}, doc_ids=[]).consume().plan)
            assert not [op for op in ops if "Scan" in op], (stmt, ops)
            assert any("Seek" in op for op in ops) or "CREATE (n:" in stmt, (stmt, ops)


def _operators(plan: dict) -> list[str]:
    return [plan["operatorType"].split("@")[0]] + [op for child in plan.get("children", []) for op in _operators(child)]
