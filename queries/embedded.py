"""The embedded twin of each .cypher query: same parameters, rows of the same shape and order.

Twins read the graph only through the accessors below (`_props`, `_label`, `_has`, `_out`, `_in`, the `_each` forms,
`_between`, `_first_in`, `_nodes`, `_find`, and the reads that leave properties out until a page needs them:
`_prop_each`, `_citing_page` with `_edges_of`, `_initiatives_named`, and walks on node handles:
`_find_handles`, `_values_of`, `_handle_each`, `_walk_each`, `_step_each`, `_ids_of`, `_ids_in_order`), never through the graph
object's own API, so the embedded store
can change how it keeps the graph without touching a query. Here the graph is a read view: the embedded store's
(`graph/stores/sqlite_view.py`, one consistent snapshot per query) or one over a networkx graph
(`graph/stores/nx_view.py`).
"""
from __future__ import annotations

from typing import Any, Callable, Iterator, Sequence

import networkx as nx  # noqa: F401  (the twins' annotations name it)

from graph.model import schema
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


def _between(g: GraphView, source: str, type_: str, target: str) -> list[dict]:
    """The properties of every `type_` edge from source to target."""
    return g.between(source, type_, target)


def _first_in(g: GraphView, n: str, type_: str, order: Sequence[tuple[str, str]],
              limit: int | None, skip: int = 0) -> tuple[int, list[tuple[str, dict]]]:
    """How many `type_` edges come into n, and `limit` of them (all when None) after the first
    `skip` in `order`: ("edge", property) or ("other", property of the node at the other end),
    ascending, nulls last."""
    return g.first_edges(n, type_, False, order, limit, skip)


def _edges_of(g: GraphView, refs: Sequence[Any]) -> list[dict]:
    """The whole properties of the edges a page (`_citing_page`) refers to, in the order given."""
    return g.edges_of(refs)


def _citing_page(g: GraphView, targets: Sequence[Any], skip: int, limit: int | None
                 ) -> tuple[int, list[tuple[str, str | None, str, Any]]]:
    """citing-regions' rows for the citations of the target handles: how many, and the page `skip` and `limit`
    ask for as (region, parent or None, citing document, edge reference), in the order
    graph/citing_order.py defines; `_edges_of` reads the page's edges."""
    return g.citing_page(targets, skip, limit)


def _find_handles(g: GraphView, label: str, prop: str, value: Any) -> list[tuple]:
    """(handle,) of each node `_find` finds, off the index alone."""
    return g.find_handles(label, prop, value)


def _values_of(g: GraphView, handles: Sequence[Any], props: Sequence[str]) -> dict[Any, tuple]:
    """Each handle's values of some scalar properties, in one read."""
    return g.values_of(handles, props)


def _handle_each(g: GraphView, nodes: Sequence[str]) -> dict[str, Any]:
    """A handle for each node the view holds, for walks (`_walk_each`) that name only what they find."""
    return g.handle_each(nodes)


def _walk_each(g: GraphView, handles: Sequence[Any], group: str, forward: bool) -> list[tuple[Any, Any]]:
    """(handle, handle at the other end) of each edge of an edge group (graph/schema.yaml) from
    (forward) or into the nodes, in one look-up."""
    return g.walk_each(handles, group, forward)


def _step_each(g: GraphView, handles: Sequence[Any], type_: str, forward: bool, label: str | None = None,
               props: Sequence[str] = ()) -> list[tuple]:
    """(handle, handle at the other end, *the edge's values of `props`) of each `type_` edge from
    (forward) or into the nodes, the other end of `label` if given, with no edge read whole."""
    return g.step_each(handles, type_, forward, label, props)


def _ids_of(g: GraphView, handles: Sequence[Any]) -> dict[Any, str]:
    """The node id of each handle."""
    return g.ids_of(handles)


def _ids_in_order(g: GraphView, handles: Sequence[Any], skip: int, limit: int | None) -> list[tuple[Any, str]]:
    """(handle, id) of the nodes in id order, `limit` of them (all when None) after the first `skip`."""
    return g.ids_in_order(handles, skip, limit)


def _prop_each(g: GraphView, nodes: Sequence[str], prop: str) -> dict[str, Any]:
    """Each node's value of a scalar property (None where it has none), without reading the rest."""
    return g.prop_each(nodes, prop)


def _nodes(g: GraphView, label: str) -> Iterator[tuple[str, dict]]:
    return g.nodes(label)


def _find(g: GraphView, label: str, prop: str, value: Any) -> Iterator[tuple[str, dict]]:
    """Nodes of `label` whose property `prop` equals `value` (an indexed look-up where the store has one)."""
    return g.find(label, prop, value)


INITIATIVE_NAMES, INITIATIVE_ALIASES = ("key", "name"), ("aliases",)


def _names_initiative(props: dict, wanted: str) -> bool:
    """An Initiative node answers to its key (what queries/params.py gives), its name or an alias."""
    return wanted in (props.get(p) for p in INITIATIVE_NAMES) or any(wanted in (props.get(p) or []) for p in INITIATIVE_ALIASES)


def _initiatives_named(g: GraphView, wanted: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The Initiative nodes that answer to `wanted` (as _names_initiative), found without reading the others."""
    return g.find_named("Initiative", wanted, INITIATIVE_NAMES, INITIATIVE_ALIASES)


def _has(g: GraphView, n: str) -> bool:
    return g.has(n)


def _matching_handles(g: GraphView, p: dict) -> list[Any]:
    """The handles of the documents a `number` or `title` parameter names (文号, title key or title
    core), in the order found: each property's index alone, no node read."""
    asked = [("doc_number", p["number"])] if p["number"] is not None else []
    asked += [("title_key", p["title"]), ("title_core", p["title"])] if p["title"] is not None else []
    return list(dict.fromkeys(handle for prop, value in asked for (handle,) in _find_handles(g, "Document", prop, value)))


def _matching_documents(g: GraphView, p: dict) -> list[str]:
    """As _matching_handles, as node ids."""
    handles = _matching_handles(g, p)
    ids = _ids_of(g, handles)
    return [ids[h] for h in handles]


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
    # One row per region, parent, citing title and span, as the Cypher groups them, in the order
    # graph/citing_order.py defines for every store; the view pages them (the embedded store keeps
    # the order), and only the page's citations are read whole, sentence and all.
    total, page = _citing_page(g, _matching_handles(g, p), p["skip"], p["limit"])
    titles = _prop_each(g, [report for _, _, report, _ in page], "title")
    rows = []
    for (region, parent, report, _), cite in zip(page, _edges_of(g, [ref for *_, ref in page])):
        r = _props(g, region)
        rows.append({
            "region": r["name"], "adcode": r["adcode"], "parent": _props(g, parent).get("name") if parent else None,
            "citing_document": titles[report], "evidence": cite["sentence"], "doc_id": cite.get("doc_id"),
            "start": cite.get("start"), "end": cite.get("end"), "total": total,
        })
    return rows


LINEAGE = "lineage"  # the edge group (graph/schema.yaml) lineage follows: Document to Document
LINEAGE_TYPES = set(schema().edge_groups[LINEAGE])
MAX_DEPTH = 6


def _reach_from(g: GraphView, sources: list[Any], forward: bool) -> dict[Any, int]:
    """For every Document x some source reaches, the fewest hops from a source other than x (at
    most MAX_DEPTH): the Cypher's min(depth) over the sources, x itself left out, for all the
    documents a title names in one breadth-first search, not one per document. Sources and answer
    are the view's node handles.

    Each node keeps the first two distinct sources to reach it, with their hop counts; the search
    goes a level at a time, so first is fewest, and a node passes on only what it has just been
    given. Two are enough: a source's own entry (0 hops) is one of them and the other is the
    nearest other source; where a node was already full when some source's path reached it, one of
    the two it holds is not the node the answer is for, is at most as far, and goes on instead."""
    first: dict[Any, tuple[Any, int]] = {s: (s, 0) for s in sources}  # node -> (source, hops): fewest
    second: dict[Any, tuple[Any, int]] = {}  # node -> the next distinct source, with its hops
    arrived: dict[Any, tuple] = {s: (s,) for s in first}  # node -> the sources it was given last level
    for level in range(1, MAX_DEPTH + 1):
        if not arrived:
            break
        step: dict[Any, tuple] = {}
        for node, nxt in _walk_each(g, list(arrived), LINEAGE, forward):
            if nxt in second:
                continue
            held = first.get(nxt)
            for source in arrived[node]:
                if held is None:
                    held = first[nxt] = (source, level)
                    step[nxt] = (source,)
                elif held[0] != source:
                    second[nxt] = (source, level)
                    step[nxt] = step.get(nxt, ()) + (source,)
                    break
        arrived = step
    depth = {x: hops for x, (source, hops) in first.items() if source != x}
    depth.update((x, second[x][1]) for x, (source, _) in first.items() if source == x and x in second)
    return depth


def lineage(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    by_document: dict[Any, list[Any]] = {}  # coalesce(title, doc_number) -> the handles of the documents it names
    for d, (title, number) in _values_of(g, _matching_handles(g, p), ("title", "doc_number")).items():
        by_document.setdefault(title if title is not None else number, []).append(d)
    # The answer's order is document, direction, depth, id: rows are grouped by the first three,
    # and ids are read only for the groups the page overlaps (one or two of them for a page of 50).
    groups: dict[tuple, list[Any]] = {}  # (document's sort key, direction, fewest hops) -> handles reached
    document_of = {_k(document): document for document in by_document}
    for document, sources in by_document.items():
        for direction, forward in (("up", True), ("down", False)):
            if p["direction"] in (direction, "both"):
                for x, depth in _reach_from(g, sources, forward).items():
                    groups.setdefault((_k(document), direction, depth), []).append(x)
    total = sum(len(members) for members in groups.values())
    start = p["skip"]
    stop = total if p["limit"] is None else start + p["limit"]
    rows, seen = [], 0
    for group in sorted(groups):
        members = groups[group]
        if seen < stop and seen + len(members) > start:
            offset = max(start - seen, 0)
            page = _ids_in_order(g, members, offset, stop - seen - offset)
            values = _values_of(g, [h for h, _ in page], ("title", "doc_number"))
            rows += [{"document": document_of[group[0]], "direction": group[1], "id": x, "title": values[h][0],
                      "doc_number": values[h][1], "depth": group[2], "total": total} for h, x in page]
        seen += len(members)
    return rows


def _cut(items: list, limit: int | None) -> list:
    return items if limit is None else items[:limit]


def region_handle(g: GraphView, adcode: str) -> Any | None:
    node = f"region:{adcode}"
    return _handle_each(g, [node]).get(node)


def region_agencies(g: GraphView, region: Any) -> list[Any]:
    """The handles of the agencies located in a region, each once."""
    return list(dict.fromkeys(a for _, a in _step_each(g, [region], "LOCATED_IN", False, "Agency")))


def region_indicator_values(g: GraphView, region: Any) -> list[tuple]:
    """(indicator, value, unit, year) observed for a region, distinct, ordered by indicator, year,
    value and unit as the region queries' Cypher orders them. OBSERVED and MEASURES end only at
    Observation and Indicator nodes (graph/schema.yaml)."""
    observations = [o for _, o in _step_each(g, [region], "OBSERVED", True)]
    measured = _step_each(g, observations, "MEASURES", True)
    observed = _values_of(g, observations, ("value", "unit", "year"))
    names = _values_of(g, [i for _, i in measured], ("name",))
    found = {(names[i][0], *observed[o]) for o, i in measured}
    return sorted(found, key=lambda f: (_k(f[0]), _k(f[3]), _k(f[1]), _k(f[2])))


def region(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    node, h = f"region:{p['adcode']}", region_handle(g, p["adcode"])
    if h is None:
        return []
    r = _props(g, node)
    parents, cur = [], node
    while True:
        up = next((v for v, _ in _out(g, cur, "PART_OF")), None)
        if up is None or len(parents) == 3:
            break
        parents.append(_props(g, up)["name"])
        cur = up
    # Handles and scalar values only: a region with thousands of facts is not read edge by edge.
    # ISSUED and ADOPTED end only at Documents and Initiatives (graph/schema.yaml).
    reports = _values_of(g, [d for _, d in _step_each(g, [h], "REPORTS_ON", False, "Document")], ("title",))
    issued = _values_of(g, [d for _, d in _step_each(g, region_agencies(g, h), "ISSUED", True)], ("title", "doc_number"))
    adopted = _values_of(g, [i for _, i in _step_each(g, [h], "ADOPTED", True)], ("name",))
    lists = {
        "reports": sorted({title for (title,) in reports.values()} - {None}),
        "issued": sorted({title if title is not None else number for title, number in issued.values()} - {None}),
        "initiatives": sorted({name for (name,) in adopted.values()} - {None}),
        "indicators": [dict(zip(("indicator", "value", "unit", "year"), f)) for f in region_indicator_values(g, h)],
    }
    return [{
        "region": r["name"], "adcode": r["adcode"], "level": r.get("level"), "parents": parents,
        **{k: _cut(v, p["limit"]) for k, v in lists.items()}, "totals": {k: len(v) for k, v in lists.items()},
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
