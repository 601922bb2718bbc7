"""Embedded twin of queries/adopters.cypher: who adopted a programme, earliest first, and whether
a higher level had adopted it before (top-down) or not (bottom-up). Paged like the Cypher: the
store sorts an initiative's adoptions on their keys and reads only as far as the page; only the
page's rows are looked into further."""
from __future__ import annotations

import networkx as nx

from queries.embedded import Row, _between, _first_in, _initiatives_named, _out, _props

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
        for b in _between(g, up, "ADOPTED", ini):
            if b.get("year") is not None and b["year"] <= year:
                earlier.append((b["year"], _props(g, up)["adcode"], _props(g, up)["name"]))
    if not earlier:
        return None, None
    year_, _, name = min(earlier)
    return name, year_


def _parent(g: nx.MultiDiGraph, region: str) -> str | None:
    parents = [_props(g, v) for v, _ in _out(g, region, "PART_OF")]
    return min(parents, key=lambda r: r["adcode"])["name"] if parents else None


# The Cypher's order: the adoption's sort key (graph/schema.yaml: year, region adcode, doc_id,
# start, end), then the initiative's name; the key's prefix (the initiative's id) is left out when
# several initiatives answer to the name.
ORDER = (("edge", "rank"),)


def adopters(g: nx.MultiDiGraph, p: dict) -> list[Row]:
    found, total = [], 0
    matched = list(_initiatives_named(g, p["initiative"]))
    # One initiative (the usual case): the store skips to the page. Several: each one's first
    # skip + limit, merged, then sliced.
    one = len(matched) == 1
    wanted = None if p["limit"] is None else p["skip"] + p["limit"]
    for ini, props in matched:
        count, first = (_first_in(g, ini, "ADOPTED", ORDER, p["limit"], p["skip"]) if one
                        else _first_in(g, ini, "ADOPTED", ORDER, wanted))  # the store's index gives the order
        total += count
        found += [(ini, props, region, a) for region, a in first]
    found.sort(key=lambda f: (f[3]["rank"][len(f[0]) + 1:], f[1]["name"]))
    page = found if one else found[p["skip"]:wanted]
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
