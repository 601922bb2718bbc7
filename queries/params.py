"""Turning a user's argument into query parameters, shared by every backend so they agree."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ingest.documents import canonical_title_key
from ingest.gazetteer import gazetteer
from ingest.normalise import collapse_space, fold, normalise_doc_number, normalise_title
from ingest.recognisers.initiative import curated
from ingest.recognisers.initiative_key import initiative_key


class QueryArgumentError(ValueError):
    """An argument a query cannot use; the message says which and why."""


def doc_ref(value: str) -> dict[str, Any]:
    """A document number in any bracket style, or a title (with or without 《》)."""
    value = value.strip()
    if not value:
        raise QueryArgumentError("doc: empty document reference")
    try:
        return {"number": normalise_doc_number(value), "title": None}
    except ValueError:
        return {"number": None, "title": canonical_title_key(value)}


def initiative(value: str) -> dict[str, Any]:
    """A programme's name in any form a text writes it: the key its node carries (the same
    normaliser ingest uses, so 学校美育工作自评 finds 中小学校美育工作自评制度). In Neo4j Browser
    the query also answers to a node's name or one of its aliases as written."""
    name = value.strip()
    if not initiative_key(name):
        raise QueryArgumentError("initiative: empty name")
    programme = curated(name)
    return {"initiative": programme.key if programme else initiative_key(name)}


def region(value: str) -> dict[str, Any]:
    value = value.strip()
    gaz = gazetteer()
    if re.fullmatch(r"\d{6}", value):
        if value not in gaz.regions:
            raise QueryArgumentError(f"region: no region with adcode {value}")
        return {"adcode": value}
    code = gaz.resolve(value) or gaz.resolve(fold(value))
    if code is None:
        folded = {fold(k): k for k in gaz.names}
        code = gaz.resolve(folded[fold(value)]) if fold(value) in folded else None
    if code is None:
        raise QueryArgumentError(f"region: unknown region {value!r}")
    return {"adcode": code}


def indicator(value: str) -> dict[str, Any]:
    value = value.strip()
    if not value:
        raise QueryArgumentError("indicator: empty name")
    return {"indicator": value}


def direction(value: str) -> dict[str, Any]:
    if value not in ("up", "down", "both"):
        raise QueryArgumentError(f"direction: expected up, down or both, got {value!r}")
    return {"direction": value}


@lru_cache(maxsize=1)
def _folded_names() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for surface, codes in gazetteer().names.items():
        out.setdefault(fold(surface), []).extend(c for c in codes if c not in out.get(fold(surface), []))
    return out


def _lookup(surface: str) -> list[str]:
    """Adcodes a surface form names: as typed, then width-folded."""
    gaz = gazetteer()
    found = gaz.names.get(surface) or _folded_names().get(fold(surface), [])
    current = [c for c in found if gaz.regions[c].current]
    return list(current or found)


def region_candidates(value: str) -> list[str]:
    """Every region a name may mean, as people type it: an adcode, a name or short name, an alias
    (杭州高新区（滨江）), or a name under its parent's (杭州市滨江区). More than one: ambiguous."""
    value = collapse_space(value)
    gaz = gazetteer()
    if re.fullmatch(r"\d{6}", value):
        return [value] if value in gaz.regions else []
    found = _lookup(value)
    if found:
        return sorted(found)
    under: set[str] = set()
    for cut in range(2, len(value) - 1):
        heads = _lookup(value[:cut])
        for code in _lookup(value[cut:]):
            if any(h in {r.adcode for r in gaz.chain(code)[1:]} for h in heads):
                under.add(code)
    return sorted(under)


def describe_region(code: str) -> dict[str, Any]:
    r = gazetteer().regions[code]
    return {"adcode": code, "name": r.name, "level": r.level, "full_name": gazetteer().full_name(code)}


def _one_region(value: str, what: str) -> str:
    codes = region_candidates(value)
    if not codes:
        raise QueryArgumentError(f"{what}: unknown region {value!r}")
    if len(codes) > 1:
        names = ", ".join(f"{gazetteer().full_name(c)} ({c})" for c in codes)
        raise QueryArgumentError(f"{what}: {value!r} is ambiguous: {names}")
    return codes[0]


def _optional(value: str) -> str | None:
    value = value.strip()
    return value or None


def document_id(value: str) -> dict[str, Any]:
    value = value.strip()
    if not value:
        raise QueryArgumentError("id: empty document id")
    return {"id": value}


def document_ids(value: str) -> dict[str, Any]:
    ids = [v.strip() for v in value.split(",") if v.strip()]
    if not ids:
        raise QueryArgumentError("ids: no document id")
    return {"ids": ids}


def search_text(value: str) -> dict[str, Any]:
    """A title fragment or a 文号: a number-like fragment still matches titles, and a fragment is
    looked for in the title key and, as typed, in the title and the document's other names."""
    value = collapse_space(value)
    if not value:
        return {"q_number": None, "q_title": None, "q_text": None}
    try:
        number = normalise_doc_number(value)
    except ValueError:
        number = None
    return {"q_number": number, "q_title": normalise_title(value), "q_text": value.strip("《》")}


def issuer(value: str) -> dict[str, Any]:
    value = _optional(value)
    return {"issuer": collapse_space(value) if value else None}


def in_region(value: str) -> dict[str, Any]:
    value = _optional(value)
    return {"in_region": _one_region(value, "region") if value else None}


def adcode(value: str) -> dict[str, Any]:
    return {"adcode": _one_region(value, "region")}


def year(value: str) -> dict[str, Any]:
    value = _optional(value)
    if value is None:
        return {"year": None}
    if not re.fullmatch(r"(19|20)\d{2}", value):
        raise QueryArgumentError(f"year: expected a four-digit year, got {value!r}")
    return {"year": int(value)}


def kind(value: str) -> dict[str, Any]:
    return {"kind": _optional(value)}


LEVELS = {"province": "province", "city": "city", "district": "county", "county": "county"}


def level(value: str) -> dict[str, Any]:
    if value not in LEVELS:
        raise QueryArgumentError(f"level: expected province, city or district, got {value!r}")
    return {"level": LEVELS[value]}


def number(value: str) -> dict[str, Any]:
    value = _optional(value)
    if value is None:
        return {"number": None}
    try:
        return {"number": normalise_doc_number(value)}
    except ValueError:
        raise QueryArgumentError(f"number: not a document number: {value!r}") from None


def title(value: str) -> dict[str, Any]:
    value = _optional(value)
    return {"title": normalise_title(value) if value else None}


PREPARE = {
    "doc": doc_ref, "initiative": initiative, "region": region, "indicator": indicator, "direction": direction,
    "id": document_id, "ids": document_ids, "q": search_text, "issuer": issuer, "in_region": in_region,
    "adcode": adcode, "year": year, "kind": kind, "level": level, "number": number, "title": title,
}


ISSUER_LEVELS = ("national", "province", "city", "county", "unknown")


def issuer_level(value: str) -> dict[str, Any]:
    """One level of the issuing body, or all of them."""
    value = value.strip()
    if value == "all":
        return {"issuer_level": None}
    if value not in ISSUER_LEVELS:
        raise QueryArgumentError(f"issuer_level: expected all or one of {', '.join(ISSUER_LEVELS)}, got {value!r}")
    return {"issuer_level": value}


def _bounded_int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise QueryArgumentError(f"{name}: expected a whole number from {low} to {high}, got {value!r}") from None
    if not low <= number <= high:
        raise QueryArgumentError(f"{name}: expected a whole number from {low} to {high}, got {number}")
    return number


def depth(value: str) -> dict[str, Any]:
    """Levels of a lineage tree."""
    return {"depth": _bounded_int("depth", value, 1, 6)}


def top(value: str) -> dict[str, Any]:
    return {"top": _bounded_int("top", value, 1, 1000)}


def min_provinces(value: str) -> dict[str, Any]:
    return {"min_provinces": _bounded_int("min_provinces", value, 1, 40)}


def initiatives(value: str) -> dict[str, Any]:
    """An initiative's name or alias, or * for every initiative."""
    return {"initiatives": None if value.strip() == "*" else initiative(value)["initiative"]}


def _prefixed_doc_ref(prefix: str, value: str) -> dict[str, Any]:
    try:
        ref = doc_ref(value)
    except QueryArgumentError as exc:
        raise QueryArgumentError(f"{prefix}: {exc}") from None
    return {f"{prefix}_{key}": v for key, v in ref.items()}


def from_doc(value: str) -> dict[str, Any]:
    return _prefixed_doc_ref("from", value)


def to_doc(value: str) -> dict[str, Any]:
    return _prefixed_doc_ref("to", value)


MAX_PAGE = 10_000


def limit(value: str) -> dict[str, Any]:
    """At most this many rows (or, for queries that page by group, groups); empty: all of them."""
    value = _optional(value)
    return {"limit": None if value is None else _bounded_int("limit", value, 1, MAX_PAGE)}


def skip(value: str) -> dict[str, Any]:
    """Rows (or groups) to leave out first, in the query's order."""
    return {"skip": _bounded_int("skip", value, 0, 10**9)}


PREPARE.update({
    "issuer_level": issuer_level, "top": top, "depth": depth, "min_provinces": min_provinces, "initiatives": initiatives,
    "from": from_doc, "to": to_doc, "limit": limit, "skip": skip,
})
