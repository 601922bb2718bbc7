"""Embedded twin of queries/adopters.cypher: who adopted a programme, earliest first, and whether
a higher level had adopted it before (top-down) or not (bottom-up). Paged like the Cypher: the
adoptions are sorted on their keys, and only the page's rows are looked into further."""
from __future__ import annotations

import networkx as nx

from queries.embedded import Row, _in, _k, _names_initiative, _nodes, _out, _page, _props

MAX_LEVELS = 6  # the PART_OF*1..6 of the Cypher


def _ancestors(g: nx.MultiDiGraph, region: str) -> list[str]:
    out, frontier = [], [region]
    for _ in range(MAX_LEVELS):
        frontier = [v for n in frontier for v, _ in _out(g, n, "PART_OF")]
        out += frontier
    return out


def _led_by(g: nx.MultiDiGraph, region: str, ini: str, year: int | None) -> tuple[str | None, int | None]:
    """The earliest ancestor adoption in or before `year` (ties: lowest adcode)."""
    if year is None:
        return None, None
    earlier = []
    for up in _ancestors(g, region):
        for target, b in _out(g, up, "ADOPTED"):
            if target == ini and b.get("year") is not None and b["year"] <= year:
                earlier.append((b["year"], _props(g, up)["adcode"], _props(g, up)["name"]))
    if not earlier:
        return None, None
    year_, _, name = min(earlier)
    return name, year_


def _parent(g: nx.MultiDiGraph, region: str) -> str | None:
    parents = [_props(g, v) for v, _ in _out(g, region, "PART_OF")]
    return min(parents, key=lambda r: r["adcode"])["name"] if parents else None


def adopters(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    found = []
    for ini, props in _nodes(g, "Initiative"):
        if _names_initiative(props, p["initiative"]):
            found += [(ini, props, region, a) for region, a in _in(g, ini, "ADOPTED")]
    found.sort(key=lambda f: (_k(f[3].get("year")), _k(_props(g, f[2]).get("adcode")), _k(f[3]["doc_id"]),
                              _k(f[3]["start"]), _k(f[3]["end"]), f[1]["name"]))
    total, page = _page(found, p)
    rows = []
    for ini, props, region, a in page:
        r = _props(g, region)
        led_by, led_year = _led_by(g, region, ini, a.get("year"))
        rows.append({
            "initiative": props["name"], "region": r["name"], "adcode": r["adcode"], "parent": _parent(g, region),
            "year": a.get("year"), "diffusion": "top-down" if led_by else "bottom-up", "led_by": led_by,
            "led_year": led_year, "evidence": a["sentence"], "doc_id": a["doc_id"], "start": a["start"],
            "end": a["end"], "total": total,
        })
    return rows


IMPLEMENTATIONS = {"adopters": adopters}
