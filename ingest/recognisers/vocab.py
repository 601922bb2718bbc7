"""Regex pieces built from lexicons, for recognisers whose vocabulary is data."""
from __future__ import annotations

import re

from ingest.lexicon import lexicon


def words_except(name: str) -> str:
    """An alternation of a lexicon's terms (longest first) where an entry's `unless_before` column,
    if set, holds the characters none of which may follow it: 获 unless 得奖 -> 获(?![得奖])."""
    entries = sorted(lexicon(name).entries, key=lambda e: (-len(e["term"]), e["term"]))
    return "(?:" + "|".join(
        re.escape(e["term"]) + (f"(?![{re.escape(e['unless_before'])}])" if e.get("unless_before") else "") for e in entries
    ) + ")"
