"""Where punctuation stands in a text, found once per text and set of marks, for the many
look-ups "the last comma before this number" that recognisers make: `text.rfind` for each mark
scans back to the start of the text whenever the text lacks one of them."""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

import numpy as np

from ingest.codepoints import code_points


@lru_cache(maxsize=16)  # a few sets of marks for the text at hand
def _positions(text: str, marks: str) -> list[int]:
    # A text is hashed once and found again by identity, so this costs one array pass per text and
    # marks (a regex over the text, building a match object per mark, took four times as long).
    if not marks:
        return []
    codes = code_points(text)
    held = codes == ord(marks[0])
    for c in marks[1:]:
        held |= codes == ord(c)
    return np.flatnonzero(held).tolist()


def last_mark(text: str, marks: str, before: int, since: int = 0) -> int:
    """max(text.rfind(c, since, before) for c in marks): the last of the marks in text[since:before],
    or -1."""
    positions = _positions(text, marks)
    i = bisect_left(positions, before) - 1
    return positions[i] if i >= 0 and positions[i] >= since else -1


def first_mark(text: str, marks: str, since: int) -> int:
    """The first of the marks at or after `since`, or -1."""
    positions = _positions(text, marks)
    i = bisect_left(positions, since)
    return positions[i] if i < len(positions) else -1


__all__ = ["last_mark", "first_mark"]
