"""`find` and `merge_nodes`, the two operations identity resolution needs, give the same answers and
leave the same graph on the embedded store and on a real Neo4j."""
import json

import pytest

from graph.stores.embedded import EmbeddedStore
from ingest.pipeline import ingest_paths

pytestmark = pytest.mark.neo4j


def _canon(dump):
    nodes = sorted((n["id"], tuple(n["labels"]), json.dumps(n["properties"], sort_keys=True, ensure_ascii=False)) for n in dump.nodes)
    edges = sorted((e["source"], e["target"], e["type"], json.dumps(e["properties"], sort_keys=True, ensure_ascii=False)) for e in dump.edges)
    return nodes, edges


def _sorted(rows):
    return sorted(rows, key=lambda p: p["id"])


def test_find_gives_the_same_nodes_on_both_stores(seeded_store, neo4j_seeded):
    asked = 0
    for label, prop, value in [("Document", "doc_number", "浙政教督办〔2022〕5号"), ("Region", "adcode", "330602"),
                               ("Initiative", "name", "嵌入式幼儿园"), ("Document", "doc_number", "no such number")]:
        embedded = _sorted(seeded_store.find(label, prop, value))
        assert embedded == _sorted(neo4j_seeded.find(label, prop, value))
        asked += bool(embedded)
    assert asked == 3
    assert all(d["doc_number"] == "浙政教督办〔2022〕5号" for d in seeded_store.find("Document", "doc_number", "浙政教督办〔2022〕5号"))


def test_merge_nodes_leaves_the_same_graph_on_both_stores(tmp_path, seeds, _neo4j_store):
    embedded = EmbeddedStore(tmp_path)
    ingest_paths(embedded, [seeds])
    _neo4j_store.clear()
    try:
        ingest_paths(_neo4j_store, [seeds])
        cited = [e["target"] for e in embedded.dump().edges if e["type"] == "CITES"]
        # Merge a cited document into another one, then a region into its parent: both have
        # edges read from several documents and edges of the gazetteer.
        pairs = [(cited[0], next(c for c in cited if c != cited[0])), ("region:330602", "region:330600")]
        for from_id, into_id in pairs:
            a = embedded.merge_nodes(from_id, into_id)
            b = _neo4j_store.merge_nodes(from_id, into_id)
            assert (a.edges_removed, a.nodes_removed) == (b.edges_removed, b.nodes_removed)
            assert a.edges_removed > 0 and a.nodes_removed == 1
        assert _canon(embedded.dump()) == _canon(_neo4j_store.dump())
        assert embedded.find("Region", "adcode", "330602") == []
    finally:
        embedded.close()
        _neo4j_store.clear()  # the parity tests expect the seeds alone
