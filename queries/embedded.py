"""The embedded twin of each .cypher query: same parameters, rows of the same shape and order.

Twins read the graph only through the accessors below (`_props`, `_label`, `_has`, `_out`, `_in`,
`_between`, `_first_in`, `_nodes`, `_find`), never through the graph object's own API, so the embedded store
can change how it keeps the graph without touching a query. Here the graph is a read view: the embedded store's
(`graph/stores/sqlite_view.py`, one consistent snapshot per query) or one over a networkx graph
(`graph/stores/nx_view.py`).
"""
from __future__ import annotations

from collections import deque
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
    found: dict[tuple, dict] = {}
    for target in _matching_documents(g, p):
        for report, cite in (x for t in ("CITES", "IMPLEMENTS", "FORWARDS") for x in _in(g, target, t)):
            title = _props(g, report).get("title")
            for region, _ in _out(g, report, "REPORTS_ON"):
                for parent in [v for v, _ in _out(g, region, "PART_OF")] or [None]:
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
    depth = {start: 0}
    queue = deque([start])
    while queue:
        n = queue.popleft()
        if depth[n] == MAX_DEPTH:
            continue
        for type_ in sorted(LINEAGE_TYPES):
            for nxt, _ in (_out(g, n, type_) if forward else _in(g, n, type_)):
                if nxt not in depth and _label(g, nxt) == "Document":
                    depth[nxt] = depth[n] + 1
                    queue.append(nxt)
    return depth


def lineage(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    found: dict[tuple, int] = {}  # (document, direction, x) -> fewest hops, as the Cypher's min(depth)
    for d in _matching_documents(g, p):
        dp = _props(g, d)
        document = dp.get("title") if dp.get("title") is not None else dp.get("doc_number")
        for direction, forward in (("up", True), ("down", False)):
            if p["direction"] not in (direction, "both"):
                continue
            for x, depth in _reach(g, d, forward).items():
                if x != d:
                    key = (document, direction, x)
                    found[key] = min(depth, found.get(key, depth))
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
