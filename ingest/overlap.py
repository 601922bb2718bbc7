"""The single rule for choosing among overlapping spans: longest first, then earliest.

Spans compete when they overlap and are rivals: by default any two are; `rivals` may instead give
each span a group, and only spans of one group compete. Curated programmes compete only with forms
of the same programme, because coordinated names share words: in 自评和年度报告制度 both 自评制度
and 年度报告制度 stand. Each choice is a bisection, so a text's cost grows with its spans, not with
their square."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Callable, Hashable, Iterable

from ingest.mentions import Mention


def longest_non_overlapping(mentions: Iterable[Mention],
                            rivals: Callable[[Mention], Hashable] | None = None) -> list[Mention]:
    chosen: list[Mention] = []
    groups: dict[Hashable, tuple[list[int], list[int]]] = {}  # per group: its chosen spans, disjoint, by start
    for m in sorted(mentions, key=lambda m: (-m.length, m.start)):
        starts, ends = groups.setdefault(rivals(m) if rivals else None, ([], []))
        i = bisect_left(starts, m.end)  # the chosen spans that start before m ends
        if i and ends[i - 1] > m.start:
            continue
        starts.insert(i, m.start)
        ends.insert(i, m.end)
        chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def same_key(m: Mention) -> Hashable:
    """Rivals by key: forms of one curated programme."""
    return m.key


class Spans:
    """Spans of other recognisers, to ask whether a mention overlaps one or starts inside one."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))  # furthest end of the spans so far

    def overlapping(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return bool(i) and self.reach[i - 1] > start

    def holding_start(self, start: int) -> bool:
        i = bisect_right(self.starts, start)
        return bool(i) and self.reach[i - 1] > start
