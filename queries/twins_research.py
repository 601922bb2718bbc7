"""Embedded twins of the research API's queries (documents, lineage links, regions, initiatives,
indicators, schools): the same rows, in the same order, as their .cypher files give on Neo4j."""
from __future__ import annotations

import json
from typing import Any, Callable, Iterator

import networkx as nx

from queries.embedded import (LINEAGE_TYPES, _distinct_sorted, _find, _has, _ids_of, _in, _initiatives_named, _k, _label, _nodes,
                              _observations, _out, _page, _props, _step_each, _values_of, paged_observations, region_agencies,
                              region_handle, region_indicator_values)

Row = dict[str, Any]
LINEAGE = tuple(sorted(LINEAGE_TYPES))  # the schema's lineage group, in a fixed order
MAX_HOPS = 3


def _unique(items: list) -> list:
    """The items without repeats, first occurrences in order (dicts compared by content)."""
    seen, out = set(), []
    for item in items:
        key = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _region_ref(g: nx.MultiDiGraph, n: str, *keys: str) -> dict[str, Any]:
    p = _props(g, n)
    return {k: p.get(k) for k in keys}


def _within(g: nx.MultiDiGraph, region: str, adcode: str) -> bool:
    """The region is the one with `adcode` or lies under it (at most MAX_HOPS levels)."""
    frontier = {region}
    for _ in range(MAX_HOPS + 1):
        if any(_props(g, r).get("adcode") == adcode for r in frontier):
            return True
        frontier = {v for r in frontier for v, _ in _out(g, r, "PART_OF")}
    return False


def _lineage_out(g: nx.MultiDiGraph, n: str) -> Iterator[tuple[str, str, dict]]:
    for type_ in LINEAGE:
        for v, e in _out(g, n, type_):
            if _label(g, v) == "Document":
                yield type_, v, e


def _lineage_in(g: nx.MultiDiGraph, n: str) -> Iterator[tuple[str, str, dict]]:
    for type_ in LINEAGE:
        for u, e in _in(g, n, type_):
            if _label(g, u) == "Document":
                yield type_, u, e


def _agencies(g: nx.MultiDiGraph, doc: str) -> Iterator[tuple[str, dict]]:
    for a, e in _out(g, doc, "ISSUED_BY"):
        if _label(g, a) == "Agency":
            yield a, e


def _seats(g: nx.MultiDiGraph, node: str) -> list[str]:
    return [r for r, _ in _out(g, node, "LOCATED_IN") if _label(g, r) == "Region"]


def _matches_text(dp: dict, p: dict) -> bool:
    return (
        p["q_title"] in (dp.get("title_key") or "")
        or (dp.get("doc_number") is not None and dp.get("doc_number") == p["q_number"])
        or p["q_text"] in (dp.get("title") or "")
        or any(p["q_text"] in a for a in dp.get("aliases") or [])
    )


def documents(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for d, dp in _nodes(g, "Document"):
        if p["q_title"] is not None and not _matches_text(dp, p):
            continue
        if p["year"] is not None and dp.get("year") != p["year"]:
            continue
        if p["kind"] is not None and dp.get("kind") != p["kind"]:
            continue
        agencies = [a for a, _ in _agencies(g, d)]
        if p["issuer"] is not None and not (
            p["issuer"] in (dp.get("issuer") or "") or any(p["issuer"] in _props(g, a)["name"] for a in agencies)
        ):
            continue
        homes = [r for a in agencies for r in _seats(g, a)]
        homes += [r for r, _ in _out(g, d, "REPORTS_ON") if _label(g, r) == "Region"]
        if p["in_region"] is not None and not any(_within(g, r, p["in_region"]) for r in homes):
            continue
        rows.append({
            "id": d, "title": dp.get("title"), "doc_number": dp.get("doc_number"), "kind": dp.get("kind"),
            "year": dp.get("year"), "issuer": dp.get("issuer"), "ingested": bool(dp.get("ingested", False)),
            "issuers": _unique([_props(g, a)["name"] for a in agencies]),
            "regions": _unique([_region_ref(g, r, "adcode", "name", "level") for r in homes]),
        })
    return sorted(rows, key=lambda r: r["id"])


def _link(relation: str, other: str, g: nx.MultiDiGraph, e: dict) -> Row:
    op = _props(g, other)
    return {"relation": relation, "id": other, "title": op.get("title"), "doc_number": op.get("doc_number"),
            "doc_id": e["doc_id"], "start": e["start"], "end": e["end"], "sentence": e["sentence"]}


def document(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    d = p["id"]
    if not _has(g, d) or _label(g, d) != "Document":
        return []
    dp = _props(g, d)
    return [{
        "id": d, "title": dp.get("title"), "doc_number": dp.get("doc_number"), "kind": dp.get("kind"),
        "year": dp.get("year"), "date": dp.get("date"), "issuer": dp.get("issuer"),
        "ingested": bool(dp.get("ingested", False)), "aliases": list(dp.get("aliases") or []),
        "source_path": dp.get("source_path"), "sources": list(dp.get("sources") or []), "source_url": dp.get("source_url"),
        "reports_on": _unique([_region_ref(g, r, "adcode", "name", "level") for r, _ in _out(g, d, "REPORTS_ON")
                               if _label(g, r) == "Region"]),
        "issuers": [{"agency": _props(g, a)["name"], "basis": e.get("basis"), "doc_id": e["doc_id"], "start": e["start"],
                     "end": e["end"], "sentence": e["sentence"]} for a, e in _agencies(g, d)],
        "cites": [_link(t, v, g, e) for t, v, e in _lineage_out(g, d)],
        "cited_by": [_link(t, u, g, e) for t, u, e in _lineage_in(g, d)],
    }]


def document_links(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for d in dict.fromkeys(p["ids"]):
        if not _has(g, d) or _label(g, d) != "Document":
            continue
        found = []
        if p["direction"] in ("up", "both"):
            found += [("up", t, v, e) for t, v, e in _lineage_out(g, d)]
        if p["direction"] in ("down", "both"):
            found += [("down", t, u, e) for t, u, e in _lineage_in(g, d)]
        for direction, t, x, e in found:
            link = _link(t, x, g, e)
            rows.append({"document": d, "direction": direction, **link})
    return _distinct_sorted(rows, lambda r: (r["document"], r["direction"], r["id"], r["relation"], r["doc_id"], r["start"]))


def _lineage_within(g: nx.MultiDiGraph, root: str, forward: bool, hops: int) -> list[str]:
    """The documents fewer than `hops` lineage hops from root (itself included), nearest first."""
    seen, frontier = {root: None}, [root]
    for _ in range(hops - 1):
        step = _lineage_out if forward else _lineage_in
        frontier = [x for d in frontier for _, x, _ in step(g, d) if x not in seen]
        seen.update(dict.fromkeys(frontier))
    return list(seen)


def lineage_links(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    root = p["id"]
    if not _has(g, root) or _label(g, root) != "Document":
        return []
    rows = []
    for direction, forward in (("up", True), ("down", False)):
        if p["direction"] not in (direction, "both"):
            continue
        for d in _lineage_within(g, root, forward, p["depth"]):
            rows += [{"document": d, "direction": direction, **_link(t, x, g, e)}
                     for t, x, e in (_lineage_out(g, d) if forward else _lineage_in(g, d))]
    return _distinct_sorted(rows, lambda r: (r["document"], r["direction"], r["id"], r["relation"], r["doc_id"], r["start"]))


def _homes(g: nx.MultiDiGraph, doc: str) -> list[str]:
    homes = [r for r, _ in _out(g, doc, "REPORTS_ON") if _label(g, r) == "Region"]
    return _unique(homes + [r for a, _ in _agencies(g, doc) for r in _seats(g, a)])


def _up_to(g: nx.MultiDiGraph, region: str) -> list[str]:
    """The region and those it is part of, at most MAX_HOPS steps up."""
    found, frontier = [region], [region]
    for _ in range(MAX_HOPS):
        frontier = [v for r in frontier for v, _ in _out(g, r, "PART_OF")]
        found += frontier
    return found


def document_citing_regions(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    target = p["id"]
    if not _has(g, target) or _label(g, target) != "Document":
        return []
    by_region: dict[str, dict[tuple, dict]] = {}  # region -> its distinct citations
    for relation, citing, e in _lineage_in(g, target):
        for home in _homes(g, citing):
            for r in _up_to(g, home):
                if _props(g, r).get("level") == p["level"]:
                    by_region.setdefault(r, {}).setdefault((citing, relation, e["doc_id"], e["start"], e["end"]), e)
    total, page = _page(sorted(by_region.items(), key=lambda item: _props(g, item[0])["adcode"]), p)
    rows = []
    for r, citations in page:
        rp = _props(g, r)
        for (citing, relation, doc_id, start, end), e in citations.items():
            rows.append({
                "region": rp["name"], "adcode": rp["adcode"], "level": rp["level"], "citing_id": citing,
                "citing_title": _props(g, citing).get("title"), "relation": relation, "doc_id": doc_id,
                "start": start, "end": end, "sentence": e["sentence"], "total": total,
            })
    return sorted(rows, key=lambda r: (r["adcode"], r["citing_id"], r["start"], r["relation"]))


def resolve_document(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    if p["number"] is not None:
        found = _find(g, "Document", "doc_number", p["number"])
    elif p["title"] is not None:
        found = _find(g, "Document", "title_key", p["title"])
    else:
        return []
    rows = [{"id": d, "title": dp.get("title"), "doc_number": dp.get("doc_number"), "issuer": dp.get("issuer"),
             "ingested": bool(dp.get("ingested", False))} for d, dp in found]
    return sorted(rows, key=lambda r: r["id"])


def initiatives(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for i, ip in _nodes(g, "Initiative"):
        adoptions = [(r, a) for r, a in _in(g, i, "ADOPTED") if _label(g, r) == "Region"]
        years = [a["year"] for _, a in adoptions if a.get("year") is not None]
        rows.append({
            "name": ip["name"], "adopters": len({r for r, _ in adoptions}), "first_year": min(years) if years else None,
            "documents": len({d for d, _ in _in(g, i, "MENTIONS") if _label(g, d) == "Document"}),
        })
    return sorted(rows, key=lambda r: r["name"])


def initiative_timeline(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    groups: dict[tuple, set[str]] = {}
    for i, _ in _initiatives_named(g, p["initiative"]):
        for r, a in _in(g, i, "ADOPTED"):
            if _label(g, r) == "Region":
                groups.setdefault((a.get("year"), _props(g, r).get("level")), set()).add(r)
    rows = [{"year": year, "level": level, "adopters": len(regions), "regions": [_props(g, r)["adcode"] for r in regions]}
            for (year, level), regions in groups.items()]
    return sorted(rows, key=lambda r: (_k(r["year"]), _k(r["level"])))


def region_profile(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    node = next((n for n, _ in _find(g, "Region", "adcode", p["adcode"])), None)
    if node is None:
        return []
    rp = _props(g, node)
    parents, frontier, seen = [], [node], {node}
    for _ in range(MAX_HOPS):
        frontier = [v for r in frontier for v, _ in _out(g, r, "PART_OF") if v not in seen]
        seen.update(frontier)
        parents += [_region_ref(g, v, "adcode", "name", "level") for v in frontier]
    children = [_region_ref(g, c, "adcode", "name", "level") for c, _ in _in(g, node, "PART_OF")]
    return [{"region": rp["name"], "adcode": rp["adcode"], "level": rp.get("level"), "parents": parents,
             "children": _unique(children)}]


def region_documents(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    h = region_handle(g, p["adcode"])
    if h is None:
        return []
    found = {(d, "reports_on") for _, d in _step_each(g, [h], "REPORTS_ON", False, "Document")}
    # ISSUED_BY starts only at Documents (graph/schema.yaml)
    found |= {(d, "issued") for _, d in _step_each(g, region_agencies(g, h), "ISSUED_BY", False)}
    ids = _ids_of(g, [d for d, _ in found])
    total, page = _page(sorted(found, key=lambda f: (ids[f[0]], f[1])), p)
    values = _values_of(g, [d for d, _ in page], ("title", "doc_number"))
    return [{"id": ids[d], "title": values[d][0], "doc_number": values[d][1], "relation": relation, "total": total}
            for d, relation in page]


def region_initiatives(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    h = region_handle(g, p["adcode"])
    if h is None:
        return []
    adopted = _step_each(g, [h], "ADOPTED", True, props=("year",))  # ADOPTED ends only at Initiatives
    names = _values_of(g, [i for _, i, _ in adopted], ("name",))
    found = {(names[i][0], year) for _, i, year in adopted}
    total, page = _page(sorted(found, key=lambda f: (_k(f[0]), _k(f[1]))), p)
    return [{"name": name, "year": year, "total": total} for name, year in page]


def region_indicators(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    h = region_handle(g, p["adcode"])
    if h is None:
        return []
    total, page = _page(region_indicator_values(g, h), p)
    return [{"indicator": name, "value": value, "unit": unit, "year": year, "total": total}
            for name, value, unit, year in page]


def indicator_observations(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    found = [(props, o, region) for props, o, region in _observations(g, p["indicator"])
             if (p["year"] is None or o.get("year") == p["year"])
             and (p["in_region"] is None or _within(g, region, p["in_region"]))]
    return paged_observations(g, found, p, "level")


def schools(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for s, sp in _nodes(g, "School"):
        seats = _seats(g, s)
        if p["in_region"] is not None and not any(_within(g, r, p["in_region"]) for r in seats):
            continue
        rows.append({
            "id": s, "name": sp["name"], "kind": sp.get("kind"),
            "regions": _unique([_region_ref(g, r, "adcode", "name") for r in seats]),
            "documents": _unique([d for d, _ in _in(g, s, "MENTIONS") if _label(g, d) == "Document"]),
        })
    return sorted(rows, key=lambda r: r["id"])


IMPLEMENTATIONS: dict[str, Callable[[nx.MultiDiGraph, dict], list[Row]]] = {
    "documents": documents,
    "document": document,
    "document-links": document_links,
    "lineage-links": lineage_links,
    "document-citing-regions": document_citing_regions,
    "resolve-document": resolve_document,
    "initiatives": initiatives,
    "initiative-timeline": initiative_timeline,
    "region-profile": region_profile,
    "region-documents": region_documents,
    "region-initiatives": region_initiatives,
    "region-indicators": region_indicators,
    "indicator-observations": indicator_observations,
    "schools": schools,
}
