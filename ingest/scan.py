"""Scanning a long text with an expensive regex only where it can match (the trigger-window idea of
eyecite): every match of the pattern ends with one of a few literal words, so the pattern needs to
run only over the stretches that end at such a word and reach back as far as a match can be long.

Results are those of `pattern.finditer(text)`, in the same order: a match lies inside one merged
stretch, and inside it the engine sees the same characters (look-behinds still see before a
stretch; `margin` characters after a word cover look-aheads)."""
from __future__ import annotations

import re
import re._parser as sre_parse
from dataclasses import dataclass
from typing import Iterator


def widest(pattern: re.Pattern) -> int:
    """The most characters a match of `pattern` may hold (sre's MAXREPEAT if unbounded)."""
    return sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1]


@dataclass(frozen=True)
class EndAnchored:
    pattern: re.Pattern
    endings: tuple[str, ...]  # every match ends with one of these, or at most `after` characters later
    reach: int  # the longest match
    after: int = 0
    margin: int = 4
    # (word, n): every match also holds `word` in the n characters before its ending, so an ending
    # without it starts no stretch (an enumeration ends …等X活动).
    holds: tuple[str, int] | None = None

    @classmethod
    def of(cls, pattern: re.Pattern, endings, after: int = 0, holds: tuple[str, int] | None = None) -> "EndAnchored":
        longest = widest(pattern)
        if longest >= sre_parse.MAXREPEAT:
            raise ValueError(f"{pattern.pattern[:60]}…: matches of unbounded length cannot be anchored")
        return cls(pattern, tuple(sorted(set(endings))), longest, after, holds=holds)

    def stretches(self, text: str) -> list[tuple[int, int]]:
        ends = []
        held, before = self.holds or ("", 0)
        for word in self.endings:
            i = text.find(word)
            while i >= 0:
                if not held or text.find(held, max(0, i - before), i) >= 0:
                    ends.append(i + len(word))
                i = text.find(word, i + 1)
        ends.sort()
        merged: list[tuple[int, int]] = []
        for end in ends:
            start, stop = max(0, end - self.reach), min(len(text), end + self.after + self.margin)
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], stop)
            else:
                merged.append((start, stop))
        return merged

    def finditer(self, text: str) -> Iterator[re.Match]:
        for start, stop in self.stretches(text):
            yield from self.pattern.finditer(text, start, stop)


_CONTAINERS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT)


def may_consume(pattern: re.Pattern, chars: str) -> bool:
    """Whether a match of `pattern` may hold one of `chars`. True also where unsure: any construct
    other than literals, classes, groups, alternatives and repeats (anchors, look-arounds, `.`),
    so that a caller relying on False may also cut the text after such a character."""
    tree = sre_parse.parse(pattern.pattern, pattern.flags)
    classes: dict[str, bool] = {}  # a pattern repeats its classes ([\u4e00-\u9fff] …): each compiled once

    def holds(op, av) -> bool:
        key = repr(av)
        if key not in classes:
            one = re._compiler.compile(sre_parse.SubPattern(tree.state, [(op, av)]), pattern.flags)
            classes[key] = any(one.fullmatch(c) for c in chars)
        return classes[key]

    def seq(items) -> bool:
        return any(node(op, av) for op, av in items)

    def node(op, av) -> bool:
        if op is sre_parse.LITERAL:
            return chr(av) in chars
        if op is sre_parse.IN:
            return holds(op, av)
        if op in _CONTAINERS:
            return seq(av[2])
        if op is sre_parse.BRANCH:
            return any(seq(b) for b in av[1])
        if op is sre_parse.SUBPATTERN:
            return seq(av[-1])
        return True

    return seq(tree)


__all__ = ["EndAnchored", "may_consume", "widest"]
