"""The single rule for choosing among overlapping spans of one kind: longest first, then earliest."""
from __future__ import annotations

from typing import Iterable

from ingest.mentions import Mention


def longest_non_overlapping(mentions: Iterable[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-m.length, m.start)):
        if not any(m.overlaps(c) for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)
