"""Sort keys: several values folded into one string whose order is the values' order in turn.

Comparing two keys (as SQLite, Neo4j's range indexes and Python compare strings, by code point)
gives the order of comparing their values one after another, integers numerically, strings by
code point, a missing value after any present one, as Cypher's ORDER BY does. So one indexed
property can give a multi-key order, and a prefix (the edge's target) can be range-sought.
"""
from __future__ import annotations

from typing import Any, Iterable

NULL = "~"  # after every value's tag ("n", "p", "s")
_END = "!"  # ends a string; every character of an encoded string sorts after it
_ESCAPE = '"'  # characters up to it are written as it plus a letter, in their own order


def _integer(v: int) -> str:
    digits = str(abs(v))
    if len(digits) > 25:
        raise ValueError(f"too large for a sort key: {v}")
    if v >= 0:  # more digits, larger: the length first
        return "p" + chr(ord("a") + len(digits)) + digits
    # Negative: more digits, smaller; and the digits complemented, so a larger magnitude sorts first.
    return "n" + chr(ord("z") - len(digits)) + "".join(chr(ord("9") - ord(d) + ord("0")) for d in digits)


def _string(v: str) -> str:
    return "s" + "".join(_ESCAPE + chr(0x40 + ord(c)) if c <= _ESCAPE else c for c in v) + _END


def encode(values: Iterable[Any]) -> str:
    out = []
    for v in values:
        if v is None:
            out.append(NULL)
        elif isinstance(v, bool) or not isinstance(v, (int, str)):
            raise TypeError(f"a sort key holds integers and strings, not {v!r}")
        else:
            out.append(_integer(v) if isinstance(v, int) else _string(v))
    return "".join(out)


def within(owner: str, values: Iterable[Any]) -> str:
    """The key of an item among those of `owner`: owner's id, "|", then the values' key; the
    items of one owner are those whose key starts with its id and "|"."""
    return f"{owner}|{encode(values)}"
