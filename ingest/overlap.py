"""The single rule for choosing among overlapping spans: longest first, then earliest.

Spans compete when they overlap and `compete` says they could be the same thing (by default any two
do). Curated programmes compete only with forms of the same programme, because coordinated names
share words: in 自评和年度报告制度 both 自评制度 and 年度报告制度 stand."""
from __future__ import annotations

from typing import Callable, Iterable

from ingest.mentions import Mention


def longest_non_overlapping(mentions: Iterable[Mention],
                            compete: Callable[[Mention, Mention], bool] = lambda a, b: True) -> list[Mention]:
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-m.length, m.start)):
        if not any(m.overlaps(c) and compete(m, c) for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def same_key(a: Mention, b: Mention) -> bool:
    return a.key == b.key
