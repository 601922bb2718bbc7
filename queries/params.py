"""Turning a user's argument into query parameters, shared by every backend so they agree."""
from __future__ import annotations

import re
from typing import Any

from ingest.gazetteer import gazetteer
from ingest.normalise import fold, normalise_doc_number, normalise_title
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
        return {"number": None, "title": normalise_title(value)}


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


PREPARE = {"doc": doc_ref, "initiative": initiative, "region": region, "indicator": indicator, "direction": direction}
