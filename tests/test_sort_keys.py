"""Sort keys (graph/schema.yaml `sort_keys`): the folded string orders as its values do, every
write path and both stores' migrations give each edge the same key, and adopters, which pages on
the ADOPTED key, keeps the order of its values, across initiatives too."""
import random
import sqlite3

import pytest
from hypothesis import given, strategies as st

from graph.sort_key import encode, within
from graph.stores.embedded import EmbeddedStore
from graph.stores.sqlite_schema import DB_FILE
from graph.types import GraphBatch, Provenance
from queries import registry

# Characters around the encoding's own (escape, end, null marker), and beyond the BMP.
TEXT = st.text(alphabet=st.sampled_from(['\x00', '\x01', ' ', '!', '"', '#', 'a', '~', '\x7f', '双', '\U0001f600']),
               max_size=4)
VALUE = st.one_of(st.none(), st.integers(-10**12, 10**12))


def _cypher_order(values: tuple) -> tuple:
    return tuple(x for v in values for x in (v is None, v if v is not None else 0))


@given(st.lists(st.tuples(VALUE, TEXT | st.none(), VALUE), min_size=2, max_size=30))
def test_keys_sort_as_their_values_in_turn(rows):
    by_key = sorted(rows, key=encode)
    assert [_cypher_order(r) for r in by_key] == sorted(_cypher_order(r) for r in rows)


def test_a_key_is_within_its_owner():
    assert within("initiative:a", [1]).startswith("initiative:a|")
    with pytest.raises(TypeError):
        encode([1.5])


REGIONS = [("region:110000", "北京市", "110000"), ("region:310000", "上海市", "310000"),
           ("region:320000", "江苏省", "320000")]


def _adoptions(seed: int) -> list[GraphBatch]:
    """Reports adopting two initiatives, one of whose alias is the other's name, in mixed years."""
    rng = random.Random(seed)
    out = []
    for n in range(12):
        doc = f"report:{n:02d}"
        batch = GraphBatch(doc_id=doc)
        batch.add_node("Document", doc, title=f"报告{n}")
        rid, name, adcode = REGIONS[rng.randrange(len(REGIONS))]
        batch.add_node("Region", rid, name=name, adcode=adcode, level="province")
        batch.add_node("Initiative", "initiative:a", name="甲计划", key="甲计划", aliases=["乙计划"])
        batch.add_node("Initiative", "initiative:b", name="乙计划", key="乙计划")
        for k in range(rng.randrange(1, 4)):
            target = rng.choice(["initiative:a", "initiative:b"])
            year = rng.choice([None, 2019, 2020, 2021])
            batch.add_edge("ADOPTED", rid, target, Provenance(doc, 10 * k, 10 * k + 4, f"句{k}"), year=year)
        out.append(batch)
    return out


def _old_order(rows: list[dict]) -> list[dict]:
    """The order adopters gave before it read the key: year (nulls last), adcode, doc_id, start, end, name."""
    return sorted(rows, key=lambda r: _cypher_order((r["year"], r["adcode"], r["doc_id"], r["start"], r["end"],
                                                      r["initiative"])))


def _pages(store, name: str) -> list[dict]:
    rows = registry.run(store, "adopters", {"initiative": name})
    paged = [r for skip in range(0, len(rows) + 3, 3)
             for r in registry.run(store, "adopters", {"initiative": name, "limit": "3", "skip": str(skip)})]
    assert paged == rows
    return rows


def test_embedded_adopters_keep_the_values_order_across_initiatives(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.write_many(_adoptions(3))
    both = _pages(store, "乙计划")  # initiative b by name, a by alias
    assert {r["initiative"] for r in both} == {"甲计划", "乙计划"}
    assert both == _old_order(both) and both[0]["total"] == len(both)


def _adopted(dump) -> list:
    return sorted((e["source"], e["target"], sorted(e["properties"].items())) for e in dump.edges
                  if e["type"] == "ADOPTED")


def test_an_older_embedded_store_gets_its_keys_when_opened(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.write_many(_adoptions(5))
    written = _adopted(store.dump())
    store.close()
    conn = sqlite3.connect(tmp_path / "s" / DB_FILE)
    conn.execute("UPDATE edges SET props = json_remove(props, '$.rank') WHERE type = 'ADOPTED'")
    conn.execute("DROP INDEX edges_adopted_rank")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'format'")
    conn.commit()
    conn.close()
    reopened = EmbeddedStore(tmp_path / "s")
    assert _adopted(reopened.dump()) == written
    assert all(dict(props)["rank"] for _, _, props in written)


@pytest.mark.neo4j
def test_both_stores_and_the_migration_give_the_same_keys(tmp_path, _neo4j_store):
    from graph.stores.neo4j import Neo4jStore

    embedded = EmbeddedStore(tmp_path / "s")
    embedded.write_many(_adoptions(7))
    _neo4j_store.clear()
    try:
        _neo4j_store.write_many(_adoptions(7))
        assert _adopted(_neo4j_store.dump()) == _adopted(embedded.dump())
        for name in ("甲计划", "乙计划"):
            assert _pages(_neo4j_store, name) == _pages(embedded, name)
        _neo4j_store.cypher("MATCH ()-[a:ADOPTED]->() RETURN count(a) AS n", {})  # schema ready
        with _neo4j_store.driver.session() as session:
            session.run("MATCH ()-[a:ADOPTED]->() REMOVE a.rank").consume()
        again = Neo4jStore(_neo4j_store.uri)  # an older database: its keys are filled when opened
        try:
            assert _pages(again, "乙计划") == _pages(embedded, "乙计划")
            assert _adopted(again.dump()) == _adopted(embedded.dump())
        finally:
            again.close()
    finally:
        _neo4j_store.clear()


def _keys_fit_their_ends(store) -> int:
    from graph.model import schema

    et = schema().edge("ADOPTED")
    nodes = {n["id"]: n["properties"] for n in store.dump().nodes}
    adopted = [e for e in store.dump().edges if e["type"] == "ADOPTED"]
    for e in adopted:
        expected = et.derived(e["source"], e["target"], e["properties"], nodes[e["source"]], nodes[e["target"]])
        assert e["properties"]["rank"] == expected["rank"]
    return len(adopted)


@pytest.mark.neo4j
def test_merged_nodes_keys_name_their_new_end(tmp_path, _neo4j_store):
    embedded = EmbeddedStore(tmp_path / "s")
    _neo4j_store.clear()
    try:
        for store in (embedded, _neo4j_store):
            store.write_many(_adoptions(11))
            store.merge_nodes("initiative:b", "initiative:a")
            assert _keys_fit_their_ends(store) > 0
            rows = _pages(store, "甲计划")
            assert rows[0]["total"] == len(rows) and rows == _old_order(rows)
        assert _pages(embedded, "甲计划") == _pages(_neo4j_store, "甲计划")
    finally:
        _neo4j_store.clear()
