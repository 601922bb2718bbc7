"""Turning a user's argument into query parameters, shared by every backend so they agree."""
from __future__ import annotations

import re
from typing import Any

from ingest.gazetteer import gazetteer
from ingest.normalise import fold, normalise_doc_number, normalise_title


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
        return {"number": None, "title": normalise_title(value)}


def initiative(value: str) -> dict[str, Any]:
    key = fold(value.strip())
    for item in gazetteer().initiatives:
        if key == fold(item["name"]) or key in {fold(a) for a in item.get("aliases", [])}:
            return {"initiative": item["name"]}
    if not key:
        raise QueryArgumentError("initiative: empty name")
    return {"initiative": value.strip()}


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


PREPARE = {"doc": doc_ref, "initiative": initiative, "region": region, "indicator": indicator, "direction": direction}


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


PREPARE.update({
    "issuer_level": issuer_level, "top": top, "min_provinces": min_provinces, "initiatives": initiatives,
    "from": from_doc, "to": to_doc,
})
