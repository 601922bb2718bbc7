"""Embedded twin of queries/adopters.cypher: who adopted a programme, earliest first, and whether
a higher level had adopted it before (top-down) or not (bottom-up)."""
from __future__ import annotations

import networkx as nx

from queries.embedded import Row, _distinct_sorted, _in, _k, _names_initiative, _nodes, _out, _props

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
        for adopter, b in _in(g, ini, "ADOPTED"):
            if adopter == up and b.get("year") is not None and b["year"] <= year:
                earlier.append((b["year"], _props(g, up)["adcode"], _props(g, up)["name"]))
    if not earlier:
        return None, None
    year_, _, name = min(earlier)
    return name, year_


def adopters(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    rows = []
    for ini, props in _nodes(g, "Initiative"):
        if not _names_initiative(props, p["initiative"]):
            continue
        for region, a in _in(g, ini, "ADOPTED"):
            r = _props(g, region)
            parents = [_props(g, v)["name"] for v, _ in _out(g, region, "PART_OF")] or [None]
            led_by, led_year = _led_by(g, region, ini, a.get("year"))
            for parent in parents:
                rows.append({
                    "initiative": props["name"], "region": r["name"], "adcode": r["adcode"], "parent": parent,
                    "year": a.get("year"), "diffusion": "top-down" if led_by else "bottom-up",
                    "led_by": led_by, "led_year": led_year,
                    "evidence": a["sentence"], "doc_id": a["doc_id"], "start": a["start"], "end": a["end"],
                })
    return _distinct_sorted(rows, lambda r: (_k(r["year"]), _k(r["adcode"]), _k(r["doc_id"]), _k(r["start"])))


IMPLEMENTATIONS = {"adopters": adopters}
