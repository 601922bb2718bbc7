"""Embedded twins of the exploratory and analytics queries (most-cited, cited-by-provinces,
initiative-spread, citation-path, citation-centrality, initiative-diffusion).

Each mirrors its queries/<name>.cypher row for row: same columns, same order, the same tie-breaks.
"""
from __future__ import annotations

from collections import defaultdict, deque
from typing import Any, Callable, Iterable, Iterator

import networkx as nx

from queries.embedded import LINEAGE_TYPES, MAX_DEPTH, _in, _k, _label, _matching_documents, _names_initiative, _nodes, _out, _props

Row = dict[str, Any]

# What "citing" means for counting: SUPERSEDES is a revision, not a citation.
CITING_TYPES = ("CITES", "FORWARDS", "IMPLEMENTS")
LEVEL_ORDER = {"national": 0, "province": 1, "city": 2, "county": 3}
MAX_REGION_DEPTH = 3  # county -> city -> province, as PART_OF*0..3 in the Cypher


def _citers(g: nx.MultiDiGraph, doc: str) -> set[str]:
    """Documents, other than `doc`, that cite, forward or implement it."""
    return {u for t in CITING_TYPES for u, _ in _in(g, doc, t) if u != doc and _label(g, u) == "Document"}


def _cited_documents(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict, set[str]]]:
    for doc, props in _nodes(g, "Document"):
        citers = _citers(g, doc)
        if citers:
            yield doc, props, citers


def _caption(props: dict) -> Any:
    return props.get("title") if props.get("title") is not None else props.get("doc_number")


def most_cited(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    by_level: dict[str, list[Row]] = defaultdict(list)
    for doc, props, citers in _cited_documents(g):
        issuers: dict[str, set[str]] = defaultdict(set)
        for agency, _ in _out(g, doc, "ISSUED_BY"):
            if _label(g, agency) == "Agency":
                a = _props(g, agency)
                issuers[a.get("level") or "unknown"].add(a["name"])
        for level, names in (issuers.items() if issuers else [("unknown", set())]):
            if p["issuer_level"] is None or level == p["issuer_level"]:
                by_level[level].append({"level": level, "id": doc, "title": props.get("title"),
                                        "doc_number": props.get("doc_number"), "issuers": sorted(names),
                                        "cited_by": len(citers)})
    rows = []
    for level in sorted(by_level, key=lambda lv: LEVEL_ORDER.get(lv, 4)):
        ranked = sorted(by_level[level], key=lambda r: (-r["cited_by"], r["id"]))[: p["top"]]
        rows += [{**row, "rank": i} for i, row in enumerate(ranked, 1)]
    return rows


def _seats(g: nx.MultiDiGraph, doc: str) -> set[str]:
    """The regions a document belongs to: what it reports on, and where its issuers sit."""
    seats = {r for r, _ in _out(g, doc, "REPORTS_ON") if _label(g, r) == "Region"}
    for agency, _ in _out(g, doc, "ISSUED_BY"):
        if _label(g, agency) == "Agency":
            seats |= {r for r, _ in _out(g, agency, "LOCATED_IN") if _label(g, r) == "Region"}
    return seats


def _provinces(g: nx.MultiDiGraph, regions: Iterable[str]) -> set[str]:
    """Names of the provinces among the regions and the regions they are part of."""
    found, frontier = set(regions), set(regions)
    for _ in range(MAX_REGION_DEPTH):
        frontier = {v for r in frontier for v, _ in _out(g, r, "PART_OF") if _label(g, v) == "Region"} - found
        found |= frontier
    return {_props(g, r)["name"] for r in found if _props(g, r).get("level") == "province"}


def cited_by_provinces(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for doc, props, citers in _cited_documents(g):
        placed = {c: _provinces(g, _seats(g, c)) for c in citers}
        provinces = set().union(*placed.values())
        if len(provinces) >= p["min_provinces"]:
            rows.append({"id": doc, "title": props.get("title"), "doc_number": props.get("doc_number"),
                         "province_count": len(provinces), "provinces": sorted(provinces),
                         "citing_documents": sum(1 for c in citers if placed[c])})
    return sorted(rows, key=lambda r: (-r["province_count"], -r["citing_documents"], r["id"]))


def _first_years(g: nx.MultiDiGraph, initiative: str) -> dict[str, int | None]:
    """Each adopting region's first adoption year (None when no adoption states a year)."""
    years: dict[str, int | None] = {}
    for region, a in _in(g, initiative, "ADOPTED"):
        if _label(g, region) != "Region":
            continue
        year = a.get("year")
        old = years.get(region)
        years[region] = year if old is None else (old if year is None else min(old, year))
    return years


def _initiatives(g: nx.MultiDiGraph, name: str | None) -> Iterator[tuple[str, dict]]:
    for ini, props in _nodes(g, "Initiative"):
        if name is None or _names_initiative(props, name):
            yield ini, props


def initiative_spread(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for ini, props in _initiatives(g, p["initiatives"]):
        by_year: dict[int, list[str]] = defaultdict(list)
        for region, year in _first_years(g, ini).items():
            if year is not None:
                by_year[year].append(_props(g, region)["name"])
        so_far = 0
        for year in sorted(by_year):
            so_far += len(by_year[year])
            rows.append({"initiative": props["name"], "year": year, "new_regions": len(by_year[year]),
                         "regions_so_far": so_far, "regions": sorted(by_year[year])})
    return sorted(rows, key=lambda r: (r["initiative"], r["year"]))


def _steps(g: nx.MultiDiGraph, n: str, direction: str) -> set[str]:
    """Documents one lineage edge away from `n`, in the query's direction."""
    found = set()
    for type_ in LINEAGE_TYPES:
        if direction in ("up", "both"):
            found |= {v for v, _ in _out(g, n, type_)}
        if direction in ("down", "both"):
            found |= {u for u, _ in _in(g, n, type_)}
    return {d for d in found if _label(g, d) == "Document"}


def _all_shortest_paths(g: nx.MultiDiGraph, a: str, b: str, direction: str) -> list[list[str]]:
    """Every shortest path from a to b of at most MAX_DEPTH steps, as node lists."""
    depth, before = {a: 0}, defaultdict(set)
    queue = deque([a])
    while queue:
        n = queue.popleft()
        if n == b or depth[n] == MAX_DEPTH:
            continue
        for nxt in _steps(g, n, direction):
            if nxt not in depth:
                depth[nxt] = depth[n] + 1
                queue.append(nxt)
            if depth[nxt] == depth[n] + 1:
                before[nxt].add(n)
    if b not in depth:
        return []

    def back(n: str) -> list[list[str]]:
        return [[a]] if n == a else [path + [n] for m in before[n] for path in back(m)]

    return back(b)


def citation_path(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for a in _matching_documents(g, {"number": p["from_number"], "title": p["from_title"]}):
        for b in _matching_documents(g, {"number": p["to_number"], "title": p["to_title"]}):
            if a == b:
                continue
            for path in _all_shortest_paths(g, a, b, p["direction"]):
                rows.append({"from_id": a, "to_id": b, "hops": len(path) - 1, "path": path,
                             "titles": [_caption(_props(g, n)) for n in path]})
    return sorted(rows, key=lambda r: (r["from_id"], r["to_id"], r["path"]))


def _citation_graph(g: nx.MultiDiGraph) -> nx.DiGraph:
    """Documents, and one edge from each citing document to each document it cites."""
    graph = nx.DiGraph()
    for doc, _ in _nodes(g, "Document"):
        graph.add_node(doc)
        for type_ in CITING_TYPES:
            graph.add_edges_from((doc, v) for v, _ in _out(g, doc, type_) if v != doc and _label(g, v) == "Document")
    return graph


def citation_centrality(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    graph = _citation_graph(g)
    centrality = nx.in_degree_centrality(graph)
    followers = graph.reverse(copy=False)
    rows = []
    for doc in graph:
        cited_by = graph.in_degree(doc)
        if cited_by == 0:
            continue
        reach = len(nx.single_source_shortest_path_length(followers, doc, cutoff=MAX_DEPTH)) - 1
        props = _props(g, doc)
        rows.append({"id": doc, "title": props.get("title"), "doc_number": props.get("doc_number"),
                     "cited_by": cited_by, "in_degree_centrality": centrality[doc], "reach": reach})
    rows.sort(key=lambda r: (-r["cited_by"], -r["reach"], r["id"]))
    return [{**row, "rank": i} for i, row in enumerate(rows[: p["top"]], 1)]


def initiative_diffusion(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for ini, props in _initiatives(g, p["initiative"]):
        adoptions: dict[str, list[dict]] = defaultdict(list)
        for region, a in _in(g, ini, "ADOPTED"):
            if _label(g, region) == "Region":
                adoptions[region].append(a)
        first_years = _first_years(g, ini)
        years = sorted({y for y in first_years.values() if y is not None})
        for region, found in adoptions.items():
            first = min(found, key=lambda a: (_k(a.get("year")), _k(a.get("doc_id")), _k(a.get("start"))))
            r = _props(g, region)
            year = first.get("year")
            parents = [v for v, _ in _out(g, region, "PART_OF") if _label(g, v) == "Region"] or [None]
            for parent in parents:
                parent_years = [a.get("year") for a in adoptions.get(parent, []) if a.get("year") is not None]
                rows.append({
                    "initiative": props["name"], "wave": years.index(year) + 1 if year is not None else None,
                    "first_year": year, "region": r["name"], "adcode": r["adcode"], "level": r.get("level"),
                    "parent": _props(g, parent)["name"] if parent else None,
                    "parent_first_year": min(parent_years) if parent_years else None,
                    "evidence": first.get("sentence"), "doc_id": first.get("doc_id"),
                    "start": first.get("start"), "end": first.get("end"),
                })
    return sorted(rows, key=lambda r: (_k(r["wave"]), _k(r["adcode"]), _k(r["parent"])))


IMPLEMENTATIONS: dict[str, Callable[[nx.MultiDiGraph, dict], list[Row]]] = {
    "most-cited": most_cited,
    "cited-by-provinces": cited_by_provinces,
    "initiative-spread": initiative_spread,
    "citation-path": citation_path,
    "citation-centrality": citation_centrality,
    "initiative-diffusion": initiative_diffusion,
}
