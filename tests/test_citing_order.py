"""The citation order the embedded store keeps for citing-regions (graph/stores/sqlite_citing.py).

Its rows are derived by triggers as edges and nodes change. Held here, after every write of random
sequences of ingests, re-ingests, deletions, merges and moves: to the rows computed afresh from the
edges, and citing-regions' answer to the Cypher's definition, written out plainly (sort on the
values, nulls last), on the store and on its networkx export.
"""
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

from graph.stores.embedded import DB_FILE, EmbeddedStore
from graph.stores.nx_view import NetworkxView
from graph.stores.sqlite_citing import fill_citing, register
from graph.types import GraphBatch, Provenance
from queries import embedded as twins

TITLES = ["关于全面加强和改进新时代学校美育工作的意见", "关于进一步减轻义务教育阶段学生作业负担的意见", None]
REGIONS = [("region:330108", "滨江区", "330108"), ("region:330100", "杭州市", "330100"),
           ("region:x1", "某区", "330109"), ("region:x2", "另区", "330108")]  # an adcode two regions have
CITATIONS = ["CITES", "IMPLEMENTS", "FORWARDS"]


def _value(v):
    return (v is None, v if v is not None else 0)


def _by_definition(view, title):
    """citing-regions as the Cypher reads: distinct (region, parent, title, span), sorted on adcode,
    title, start, document, end and parent's name; region and parent ids after them."""
    targets = [n for n, props in view.nodes("Document") if title in (props.get("title_key"), props.get("title_core"))]
    rows = {}
    for type_ in CITATIONS:
        for _, report, edge in view.in_each(targets, type_):
            for region, _ in view.out(report, "REPORTS_ON"):
                for parent in [p for p, _ in view.out(region, "PART_OF")] or [None]:
                    rows.setdefault((region, parent, view.props(report).get("title"), edge["doc_id"], edge["start"], edge["end"]), edge)
    def order(item):
        (region, parent, t, doc_id, start, end), _ = item
        name = view.props(parent).get("name") if parent else None
        return (_value(view.props(region).get("adcode")), _value(t), _value(start), _value(doc_id), _value(end),
                _value(name), region, _value(parent))
    return [(region, parent, t, doc_id, start, end) for (region, parent, t, doc_id, start, end), _ in sorted(rows.items(), key=order)]


def _kept_rows(path: Path):
    conn = sqlite3.connect(path / DB_FILE)
    register(conn)
    kept = sorted(conn.execute("SELECT eid, dst, src, via, region, up, parent, key FROM citing"))
    conn.execute("BEGIN")
    fill_citing(conn)
    afresh = sorted(conn.execute("SELECT eid, dst, src, via, region, up, parent, key FROM citing"))
    conn.execute("ROLLBACK")
    conn.close()
    return kept, afresh


def _batch(i, title, regions, parents, cites):
    doc = f"doc:{i}"
    b = GraphBatch(doc)
    b.add_node("Document", doc, title=title, title_key=title, ingested=True) if title else b.add_node("Document", doc, ingested=True)
    for rid, name, adcode in REGIONS:  # every region is there, as the gazetteer's are, so merges find both
        b.add_node("Region", rid, name=name, adcode=adcode)
    for k in regions:
        b.add_edge("REPORTS_ON", doc, REGIONS[k][0], Provenance(doc, 0, 2, "本区"))
    for child, parent in parents:
        if child != parent:
            b.add_edge("PART_OF", REGIONS[child][0], REGIONS[parent][0])
    for target, type_, start in cites:
        cited = f"doc:c{target}"
        b.add_node("Document", cited, title=TITLES[target % 2], title_key=TITLES[target % 2])
        b.add_edge(CITATIONS[type_], doc, cited, Provenance(doc, start, start + 5, f"根据《{TITLES[target % 2]}》{start}"))
    return b


write = st.tuples(st.just("write"), st.integers(0, 4), st.sampled_from(TITLES),
                  st.sets(st.integers(0, len(REGIONS) - 1), max_size=2),
                  st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=2),
                  st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 3)), max_size=4))
delete = st.tuples(st.just("delete"), st.integers(0, 4))
merge = st.tuples(st.just("merge"), st.sampled_from(["region", "doc:", "doc:c"]), st.integers(0, 3), st.integers(0, 3))
rename = st.tuples(st.just("rename"), st.integers(0, len(REGIONS) - 1), st.sampled_from(["上城区", "钱塘区"]))
retitle = st.tuples(st.just("retitle"), st.integers(0, 4), st.sampled_from(["另一个标题", "某某通知"]))


def _apply(store, op):
    kind = op[0]
    if kind == "write":
        _, i, title, regions, parents, cites = op
        store.write(_batch(i, title, sorted(regions), parents, cites))
    elif kind == "delete":
        store.delete_document(f"doc:{op[1]}")
    elif kind == "merge":
        _, prefix, a, b = op
        ids = [REGIONS[a][0], REGIONS[b][0]] if prefix == "region" else [f"{prefix}{a}", f"{prefix}{b}"]
        store.merge_nodes(*ids)
    elif kind == "retitle":  # a document's title changes while its facts stay (facts of no document)
        b = GraphBatch(None)
        b.add_node("Document", f"doc:{op[1]}", title=op[2])
        store.write(b)
    else:
        _, k, name = op
        rid, _, adcode = REGIONS[k]
        b = GraphBatch(None)
        b.add_node("Region", rid, name=name, adcode=adcode[:4] + "99")  # a name and an adcode change
        store.write(b)


T0 = TITLES[0]


@settings(max_examples=250, deadline=None)
# One of each way a row's inputs change without its citation being written again, always tried:
@example([("write", 0, T0, {0}, [(0, 1)], [(0, 0, 1), (1, 0, 2)]), ("merge", "doc:c", 0, 1)])  # cited document merged
@example([("write", 0, T0, {0}, [], [(0, 0, 1)]), ("retitle", 0, "另一个标题")])  # citing title
@example([("write", 0, T0, {0}, [(0, 1)], [(0, 0, 1)]), ("rename", 1, "上城区")])  # parent's name
@example([("write", 0, T0, {0}, [(0, 1)], [(0, 0, 1)]), ("merge", "region", 0, 3)])  # region merged
@example([("write", 0, T0, {0}, [], [(0, 0, 1)]), ("write", 1, None, {2}, [(0, 1)], [])])  # a parent added later
@given(st.lists(st.one_of(write, write, delete, merge, rename, retitle), min_size=1, max_size=10))
def test_the_kept_order_is_the_order_computed_afresh_after_every_write(ops):
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp))
        store.counts()  # the store's tables exist before any write
        for op in ops:
            _apply(store, op)
            kept, afresh = _kept_rows(Path(tmp))
            assert kept == afresh, op
        exported = NetworkxView(store.to_networkx())
        with store.snapshot() as view:
            for title in TITLES[:2]:
                p = {"number": None, "title": title, "limit": None, "skip": 0}
                expected = _by_definition(exported, title)
                for g in (view, exported):
                    rows = twins.citing_regions(g, p)
                    assert [(r["region"], r["parent"], r["citing_document"], r["doc_id"], r["start"], r["end"]) for r in rows] == [
                        (exported.props(region)["name"], exported.props(parent)["name"] if parent else None, t, doc_id, start, end)
                        for region, parent, t, doc_id, start, end in expected]
                    assert all(r["total"] == len(expected) for r in rows)
                    for skip, limit in ((1, 2), (len(expected), 3)):
                        page = twins.citing_regions(g, {**p, "skip": skip, "limit": limit})
                        assert page == rows[skip:skip + limit]
        store.close()


def test_an_edge_keeps_its_type_and_span_and_its_rows_follow_its_ends(tmp_path):
    """Re-pointing moves an edge's ends in place, and the kept order follows; its type and span
    have no trigger that follows them, so an UPDATE of them is refused."""
    store = EmbeddedStore(tmp_path)
    store.write(_batch(0, TITLES[0], [0, 1], [(0, 1)], [(0, 0, 1), (1, 1, 2)]))
    store.write(_batch(1, TITLES[1], [2], [], [(2, 0, 3)]))
    store.close()
    conn = sqlite3.connect(tmp_path / DB_FILE, isolation_level=None)
    register(conn)
    for column in ("type = 'FORWARDS'", "start = start + 1", "did = 0"):
        with pytest.raises(sqlite3.IntegrityError, match="fixed"):
            conn.execute(f"UPDATE edges SET {column} WHERE type = 'CITES'")
    nid = dict(conn.execute("SELECT id, nid FROM nodes").fetchall())
    for move in (f"dst = {nid['doc:c2']} WHERE dst = {nid['doc:c0']}",  # a citation to another cited document
                 f"src = {nid['doc:1']} WHERE src = {nid['doc:0']} AND type = 'CITES'",  # from another citing one
                 f"dst = {nid[REGIONS[2][0]]} WHERE type = 'REPORTS_ON' AND dst = {nid[REGIONS[0][0]]}",  # about another region
                 f"dst = {nid[REGIONS[3][0]]} WHERE type = 'PART_OF'"):  # under another parent
        assert conn.execute(f"UPDATE edges SET {move}").rowcount == 1, move
        kept, afresh = _kept_rows(tmp_path)
        assert kept == afresh and kept, move
    conn.close()


def test_a_region_that_loses_its_parent_keeps_its_citations_under_none(tmp_path):
    """No writer path removes a gazetteer edge alone today; the order must follow if one does."""
    store = EmbeddedStore(tmp_path)
    store.write(_batch(0, TITLES[0], [0], [(0, 1)], [(0, 0, 1), (1, 1, 2)]))
    store.close()
    conn = sqlite3.connect(tmp_path / DB_FILE, isolation_level=None)
    register(conn)
    parent = conn.execute("SELECT nid FROM nodes WHERE id = 'region:330100'").fetchone()[0]
    assert {p for (p,) in conn.execute("SELECT parent FROM citing")} == {parent}
    conn.execute("DELETE FROM edges WHERE type = 'PART_OF'")
    conn.close()
    kept, afresh = _kept_rows(tmp_path)
    assert kept == afresh and len(kept) == 2 and {row[6] for row in kept} == {None}


def test_indexes_and_triggers_made_for_another_schema_are_made_again_on_open(tmp_path):
    """A store keeps the definitions of the code that made it: edit the schema's edge groups (or
    meet a store another version wrote) and its walk indexes, triggers and rows would be the old
    ones. Opening renews whatever differs from what this code declares."""
    store = EmbeddedStore(tmp_path)
    store.write(_batch(0, TITLES[0], [0], [(0, 1)], [(0, 0, 1), (1, 1, 2)]))
    store.close()
    conn = sqlite3.connect(tmp_path / DB_FILE, isolation_level=None)
    conn.execute("DROP INDEX edges_lineage_in")
    conn.execute("CREATE INDEX edges_lineage_in ON edges(dst, src) WHERE type IN ('CITES', 'FORWARDS')")
    conn.execute("DROP TRIGGER citing_added")
    conn.execute("CREATE TRIGGER citing_added AFTER INSERT ON edges BEGIN SELECT 1; END")
    conn.execute("CREATE INDEX edges_by_type ON edges(type)")  # declared nowhere
    conn.execute("DELETE FROM citing")
    conn.close()
    store = EmbeddedStore(tmp_path)
    store.write(_batch(1, TITLES[1], [1], [], [(0, 2, 3)]))  # a citation the old trigger would not keep
    with store.snapshot() as view:
        (cited,) = view.find_handles("Document", "id", "doc:c0")
        citing = [n for _, n in view.walk_each(list(cited), "lineage", False)]
        assert sorted(view.ids_of(citing).values()) == ["doc:0", "doc:1"]
    store.close()
    conn = sqlite3.connect(tmp_path / DB_FILE)
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    assert "edges_by_type" not in names
    assert "IN (" not in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'edges_lineage_in'").fetchone()[0]
    conn.close()
    kept, afresh = _kept_rows(tmp_path)
    assert kept == afresh and len(kept) == 3
