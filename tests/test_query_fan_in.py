"""Named queries over documents a title shares with many others: the embedded twins read all of
them at once (one breadth-first search from every such document, edges read for all of them in
one look-up). Held here to the per-document definition on random citation graphs, cycles through
a named document included, and once on the embedded store itself."""
from collections import deque

import networkx as nx
from hypothesis import given, settings, strategies as st

from graph.stores.embedded import EmbeddedStore
from graph.stores.nx_view import NetworkxView
from graph.types import GraphBatch, Provenance
from queries import embedded as twins

TITLE = "关于全面加强和改进新时代学校美育工作的意见"
TYPES = sorted(twins.LINEAGE_TYPES)


def _reach(g, start, forward):
    """Fewest hops to each Document over lineage edges (at most MAX_DEPTH), node by node."""
    depth, queue = {start: 0}, deque([start])
    while queue:
        n = queue.popleft()
        if depth[n] == twins.MAX_DEPTH:
            continue
        for type_ in TYPES:
            for nxt, _ in (g.out(n, type_) if forward else g.in_(n, type_)):
                if nxt not in depth and g.label(nxt) == "Document":
                    depth[nxt] = depth[n] + 1
                    queue.append(nxt)
    return depth


def _lineage_one_by_one(g, p):
    """The lineage twin as first written: a search from each named document in turn."""
    found = {}
    for d in twins._matching_documents(g, p):
        dp = g.props(d)
        document = dp.get("title") if dp.get("title") is not None else dp.get("doc_number")
        for direction, forward in (("up", True), ("down", False)):
            if p["direction"] in (direction, "both"):
                for x, depth in _reach(g, d, forward).items():
                    if x != d:
                        key = (document, direction, x)
                        found[key] = min(depth, found.get(key, depth))
    return sorted(found.items(), key=lambda item: (twins._k(item[0][0]), item[0][1], item[1], item[0][2]))


def _graph(n, shared, edges):
    g = nx.MultiDiGraph()
    for i in range(n):
        title = TITLE if i in shared else f"文件{i}"
        g.add_node(f"doc:{i}", label="Document", props={"id": f"doc:{i}", "title": title, "title_key": title})
    g.add_node("region:330108", label="Region", props={"id": "region:330108", "name": "滨江区", "adcode": "330108"})
    for k, (a, b, t) in enumerate(edges):
        g.add_edge(f"doc:{a}", f"doc:{b}", type=TYPES[t], props={"doc_id": f"doc:{a}", "start": k, "end": k + 1, "sentence": "s"})
    return g


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 9).flatmap(lambda n: st.tuples(
    st.just(n), st.sets(st.integers(0, n - 1), min_size=1),
    st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(0, len(TYPES) - 1)), max_size=20))),
    st.sampled_from(["up", "down", "both"]), st.integers(0, 12), st.one_of(st.none(), st.integers(0, 6)))
def test_lineage_from_every_document_of_a_title_at_once_is_lineage_from_each(case, direction, skip, limit):
    n, shared, edges = case
    view = NetworkxView(_graph(n, shared, edges))
    p = {"number": None, "title": TITLE, "direction": direction, "limit": None, "skip": 0}
    expected = _lineage_one_by_one(view, p)
    rows = twins.lineage(view, p)
    assert [((r["document"], r["direction"], r["id"]), r["depth"]) for r in rows] == expected
    assert all(r["total"] == len(expected) for r in rows)
    # A page is the slice of the whole answer, whichever depth groups it starts and ends in.
    page = twins.lineage(view, {**p, "skip": skip, "limit": limit})
    assert page == rows[skip:None if limit is None else skip + limit]


def test_lineage_and_citing_regions_of_a_shared_title_on_the_embedded_store(tmp_path):
    """Twelve documents share a title; reports cite some; one named document cites another and
    one is on a cycle through itself only."""
    store = EmbeddedStore(tmp_path)
    docs = [f"doc:{i:02d}" for i in range(16)]
    edges = [(12, 0), (13, 0), (13, 5), (14, 12), (0, 1), (1, 2), (3, 15), (15, 3), (2, 4), (15, 13)]
    for i, d in enumerate(docs):
        b = GraphBatch(d)
        title = TITLE if i < 12 else f"报告{i}"
        b.add_node("Document", d, title=title, title_key=title, ingested=True)
        if i >= 12:
            b.add_node("Region", "region:330108", name="滨江区", adcode="330108")
            b.add_node("Region", "region:330100", name="杭州市", adcode="330100")
            b.add_edge("PART_OF", "region:330108", "region:330100")
            b.add_edge("REPORTS_ON", d, "region:330108", Provenance(d, 0, 2, "本区"))
        for k, (a, c) in enumerate(edges):
            if a == i:
                b.add_node("Document", docs[c], title=TITLE if c < 12 else f"报告{c}", title_key=TITLE if c < 12 else f"报告{c}")
                b.add_edge("CITES", d, docs[c], Provenance(d, 10 + k, 20 + k, f"根据《{TITLE}》"))
        store.write(b)
    p = {"number": None, "title": TITLE, "direction": "both", "limit": None, "skip": 0}
    with store.snapshot() as view:
        rows = twins.lineage(view, p)
        assert [((r["document"], r["direction"], r["id"]), r["depth"]) for r in rows] == _lineage_one_by_one(view, p)
        assert ((TITLE, "down", "doc:14"), 2) in [((r["document"], r["direction"], r["id"]), r["depth"]) for r in rows]
        up = {r["id"]: r["depth"] for r in rows if r["direction"] == "up"}
        assert "doc:03" not in up and up["doc:00"] == 3  # 03 -> 15 -> 03 is a cycle through itself only
        cited = twins.citing_regions(view, {**p, "limit": None})
        exported = NetworkxView(store.to_networkx())
        assert cited == twins.citing_regions(exported, {**p, "limit": None})
        assert sorted((r["start"], r["doc_id"]) for r in cited) == [(10, "doc:12"), (11, "doc:13"), (12, "doc:13"), (17, "doc:15")]
    store.close()
