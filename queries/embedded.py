"""The embedded twin of each .cypher query: same parameters, rows of the same shape and order.

Twins read the graph only through the accessors below (`_props`, `_label`, `_has`, `_out`, `_in`, the `_each` forms,
`_between`, `_first_in`, `_nodes`, `_find`), never through the graph object's own API, so the embedded store
can change how it keeps the graph without touching a query. Here the graph is a read view: the embedded store's
(`graph/stores/sqlite_view.py`, one consistent snapshot per query) or one over a networkx graph
(`graph/stores/nx_view.py`).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

import networkx as nx  # noqa: F401  (the twins' annotations name it)

from graph.stores.nx_view import NetworkxView
from graph.stores.sqlite_view import SqliteView

Row = dict[str, Any]
GraphView = SqliteView | NetworkxView  # the embedded store's view, or one over an exported networkx graph


def _props(g: GraphView, n: str) -> dict[str, Any]:
    return g.props(n)


def _label(g: GraphView, n: str) -> str:
    return g.label(n)


def _out(g: GraphView, n: str, type_: str) -> Iterator[tuple[str, dict]]:
    return g.out(n, type_)


def _in(g: GraphView, n: str, type_: str) -> Iterator[tuple[str, dict]]:
    return g.in_(n, type_)


def _out_each(g: GraphView, nodes: Sequence[str], type_: str) -> Iterator[tuple[str, str, dict]]:
    """(node, other end, edge properties) of each node's `type_` edges, nodes in the order given (one
    look-up for all of them where the store can)."""
    return g.out_each(nodes, type_)


def _in_each(g: GraphView, nodes: Sequence[str], type_: str) -> Iterator[tuple[str, str, dict]]:
    """As _out_each, for incoming edges."""
    return g.in_each(nodes, type_)


def _neighbours_each(g: GraphView, nodes: Sequence[str], type_: str, outgoing: bool) -> Iterator[tuple[str, str]]:
    """(node, other end) of each node's `type_` edges, without the edges' properties."""
    return g.neighbours_each(nodes, type_, outgoing)


def _between(g: GraphView, source: str, type_: str, target: str) -> list[dict]:
    """The properties of every `type_` edge from source to target."""
    return g.between(source, type_, target)


def _first_in(g: GraphView, n: str, type_: str, order: Sequence[tuple[str, str]],
              limit: int | None, skip: int = 0) -> tuple[int, list[tuple[str, dict]]]:
    """How many `type_` edges come into n, and `limit` of them (all when None) after the first
    `skip` in `order`: ("edge", property) or ("other", property of the node at the other end),
    ascending, nulls last."""
    return g.first_edges(n, type_, False, order, limit, skip)


def _nodes(g: GraphView, label: str) -> Iterator[tuple[str, dict]]:
    return g.nodes(label)


def _find(g: GraphView, label: str, prop: str, value: Any) -> Iterator[tuple[str, dict]]:
    """Nodes of `label` whose property `prop` equals `value` (an indexed look-up where the store has one)."""
    return g.find(label, prop, value)


def _names_initiative(props: dict, wanted: str) -> bool:
    """An Initiative node answers to its key (what queries/params.py gives), its name or an alias."""
    return wanted in (props.get("key"), props.get("name")) or wanted in (props.get("aliases") or [])


def _has(g: GraphView, n: str) -> bool:
    return g.has(n)


def _matching_documents(g: nx.MultiDiGraph, p: dict) -> list[str]:
    found = []
    if p["number"] is not None:
        found += [n for n, _ in _find(g, "Document", "doc_number", p["number"])]
    if p["title"] is not None:
        found += [n for n, _ in _find(g, "Document", "title_key", p["title"])]
        found += [n for n, _ in _find(g, "Document", "title_core", p["title"])]
    return list(dict.fromkeys(found))


def _distinct_sorted(rows: list[Row], key: Callable[[Row], tuple]) -> list[Row]:
    seen, out = set(), []
    for row in rows:
        frozen = tuple(sorted((k, str(v)) for k, v in row.items()))
        if frozen not in seen:
            seen.add(frozen)
            out.append(row)
    return sorted(out, key=key)


def _k(v: Any) -> tuple:
    """Sort key that puts nulls last, as Cypher's ORDER BY does."""
    return (v is None, v if v is not None else 0)


def _page(items: list, p: dict) -> tuple[int, list]:
    """(how many items there are, the page of them `skip` and `limit` ask for), as the paged
    .cypher files slice their collected list: `found[$skip..$skip + coalesce($limit, size(found))]`."""
    start = p["skip"]
    return len(items), items[start:] if p["limit"] is None else items[start:start + p["limit"]]


def citing_regions(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    # One citation per region, parent, citing title and span, as the Cypher groups them.
    # Edges read for all the documents a title names at once (one look-up per type, not per document).
    found: dict[tuple, dict] = {}
    targets = _matching_documents(g, p)
    cites = [(report, cite) for t in ("CITES", "IMPLEMENTS", "FORWARDS") for _, report, cite in _in_each(g, targets, t)]
    reports = list(dict.fromkeys(report for report, _ in cites))
    regions_of: dict[str, list[str]] = {}
    for report, region, _ in _out_each(g, reports, "REPORTS_ON"):
        regions_of.setdefault(report, []).append(region)
    parents_of: dict[str, list[str]] = {}
    for region, parent, _ in _out_each(g, list(dict.fromkeys(r for rs in regions_of.values() for r in rs)), "PART_OF"):
        parents_of.setdefault(region, []).append(parent)
    for report, cite in cites:
        title = _props(g, report).get("title")
        for region in regions_of.get(report, []):
            for parent in parents_of.get(region) or [None]:
                found.setdefault((region, parent, title, cite["doc_id"], cite["start"], cite["end"]), cite)
    keyed = sorted(found.items(), key=lambda item: (
        _k(_props(g, item[0][0])["adcode"]), _k(item[0][2]), _k(item[0][4]), _k(item[0][3]), _k(item[0][5]),
        _k(_props(g, item[0][1])["name"] if item[0][1] else None)))
    total, page = _page(keyed, p)
    rows = []
    for (region, parent, title, doc_id, start, end), cite in page:
        r = _props(g, region)
        rows.append({
            "region": r["name"], "adcode": r["adcode"], "parent": _props(g, parent)["name"] if parent else None,
            "citing_document": title, "evidence": cite["sentence"], "doc_id": doc_id, "start": start, "end": end,
            "total": total,
        })
    return rows


LINEAGE_TYPES = {"CITES", "FORWARDS", "IMPLEMENTS", "SUPERSEDES"}
MAX_DEPTH = 6


def _reach(g: nx.MultiDiGraph, start: str, forward: bool) -> dict[str, int]:
    """Shortest hop count to every Document reachable over lineage edges (at most MAX_DEPTH)."""
    return _walk(g, {start: 0}, [start], forward)


def _walk(g: GraphView, depth: dict[str, int], frontier: list[str], forward: bool) -> dict[str, int]:
    """Breadth first from the frontier, a level at a time up to MAX_DEPTH: each Document not in
    `depth` yet gets the level it is first reached at."""
    for level in range(1, MAX_DEPTH + 1):
        step = []
        for nxt in _lineage_step(g, frontier, forward):
            if nxt not in depth:
                depth[nxt] = level
                step.append(nxt)
        frontier = step
    return depth


def _lineage_step(g: GraphView, frontier: list[str], forward: bool) -> Iterator[str]:
    """The Documents one lineage edge away from any node of the frontier (one look-up per type)."""
    for type_ in sorted(LINEAGE_TYPES):
        for _, nxt in _neighbours_each(g, frontier, type_, forward):
            if _label(g, nxt) == "Document":
                yield nxt


def _reach_from(g: GraphView, sources: list[str], forward: bool) -> dict[str, int]:
    """For every Document x some source reaches, the fewest hops from a source other than x (at
    most MAX_DEPTH): what _reach from each source, x itself left out, gives at its minimum, found
    by one breadth-first search from all the sources at once (a title thousands of documents share
    is one search, not thousands)."""
    depth = _walk(g, {}, list(dict.fromkeys(sources)), forward)
    # A source reached only by a cycle through itself is not reached from another source: the
    # search back from it says how far the nearest other source is, if any is.
    wanted = set(sources)
    for x in [x for x in depth if x in wanted]:
        back = [hops for d, hops in _reach(g, x, not forward).items() if d != x and d in wanted]
        if back:
            depth[x] = min(back)
        else:
            del depth[x]
    return depth


def lineage(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    found: dict[tuple, int] = {}  # (document, direction, x) -> fewest hops, as the Cypher's min(depth)
    by_document: dict[Any, list[str]] = {}
    for d in _matching_documents(g, p):
        dp = _props(g, d)
        by_document.setdefault(dp.get("title") if dp.get("title") is not None else dp.get("doc_number"), []).append(d)
    for document, sources in by_document.items():
        for direction, forward in (("up", True), ("down", False)):
            if p["direction"] in (direction, "both"):
                for x, depth in _reach_from(g, sources, forward).items():
                    found[(document, direction, x)] = depth
    keyed = sorted(found.items(), key=lambda item: (_k(item[0][0]), item[0][1], item[1], item[0][2]))
    total, page = _page(keyed, p)
    rows = []
    for (document, direction, x), depth in page:
        xp = _props(g, x)
        rows.append({"document": document, "direction": direction, "id": x, "title": xp.get("title"),
                     "doc_number": xp.get("doc_number"), "depth": depth, "total": total})
    return rows


def region(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    node = f"region:{p['adcode']}"
    if not _has(g, node):
        return []
    r = _props(g, node)
    parents, cur = [], node
    while True:
        up = next((v for v, _ in _out(g, cur, "PART_OF")), None)
        if up is None or len(parents) == 3:
            break
        parents.append(_props(g, up)["name"])
        cur = up
    reports = {_props(g, u).get("title") for u, _ in _in(g, node, "REPORTS_ON")} - {None}
    issued = set()
    agencies = [a for a, _ in _in(g, node, "LOCATED_IN") if _label(g, a) == "Agency"]
    for _, d, _ in _out_each(g, agencies, "ISSUED"):
        dp = _props(g, d)
        issued.add(dp.get("title") if dp.get("title") is not None else dp.get("doc_number"))
    initiatives = {_props(g, i)["name"] for i, _ in _out(g, node, "ADOPTED")}
    indicators: dict[tuple, dict] = {}  # distinct, in the order first seen
    for obs, ind, _ in _out_each(g, [obs for obs, _ in _out(g, node, "OBSERVED")], "MEASURES"):
        o = _props(g, obs)
        item = {"indicator": _props(g, ind)["name"], "value": o["value"], "unit": o.get("unit"), "year": o.get("year")}
        indicators.setdefault(tuple(item.values()), item)
    return [{
        "region": r["name"], "adcode": r["adcode"], "level": r.get("level"), "parents": parents,
        "reports": list(reports), "issued": list(issued - {None}), "initiatives": list(initiatives), "indicators": list(indicators.values()),
    }]


def _observations(g: nx.MultiDiGraph, name_part: str) -> Iterator[tuple[dict, dict, str]]:
    """(indicator, observation, region node) for every indicator whose name contains `name_part`."""
    for ind, props in _nodes(g, "Indicator"):
        if name_part not in props["name"]:
            continue
        for obs, _ in _in(g, ind, "MEASURES"):
            o = _props(g, obs)
            for region, _ in _in(g, obs, "OBSERVED"):
                yield props, o, region


def _observation_order(g: nx.MultiDiGraph, found: tuple[dict, dict, str]) -> tuple:
    props, o, region = found
    return (props["name"], _props(g, region)["adcode"], _k(o.get("year")), o["doc_id"], o["start"], o["end"])


def paged_observations(g: nx.MultiDiGraph, found: list[tuple[dict, dict, str]], p: dict,
                       *keys: str) -> list[Row]:
    """Rows for a page of (indicator, observation, region), in the indicator queries' order."""
    total, page = _page(sorted(found, key=lambda f: _observation_order(g, f)), p)
    rows = []
    for props, o, region in page:
        r = _props(g, region)
        rows.append({
            "indicator": props["name"], "region": r["name"], "adcode": r["adcode"], **{k: r.get(k) for k in keys},
            "year": o.get("year"), "value": o["value"], "unit": o.get("unit"), "evidence": o["sentence"],
            "doc_id": o["doc_id"], "start": o["start"], "end": o["end"], "total": total,
        })
    return rows


def indicator(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    return paged_observations(g, list(_observations(g, p["indicator"])), p)


IMPLEMENTATIONS: dict[str, Callable[[nx.MultiDiGraph, dict], list[Row]]] = {
    "citing-regions": citing_regions,
    "lineage": lineage,
    "region": region,
    "indicator": indicator,
}
