"""Initiatives from the curated list ingest/patterns/initiatives.jsonl: canonical names of national
and widely used programmes with their aliases. Every form is matched the way texts vary it (see
initiative_key.surface_pattern); names a text coins itself are found by programme.py and fold onto
a curated name when their keys agree."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ingest.gazetteer import gazetteer
from ingest.lexicon import alternation
from ingest.mentions import Mention
from ingest.scan import may_consume
from ingest.recognisers.initiative_key import initiative_key, keys_of, needed_tokens, surface_alternatives, surface_pattern


@dataclass(frozen=True)
class Programme:
    name: str
    key: str
    aliases: tuple[str, ...]
    forms: tuple[str, ...]


@lru_cache(maxsize=1)
def catalogue() -> tuple[tuple[Programme, ...], dict[str, Programme]]:
    """The curated programmes, and each by every key its name and aliases fold to."""
    items, by_key = [], {}
    for item in gazetteer().initiatives:
        forms = (item["name"], *item.get("aliases", []))
        p = Programme(item["name"], initiative_key(item["name"]), tuple(item.get("aliases", [])), forms)
        items.append(p)
        for k in keys_of(forms):
            by_key.setdefault(k, p)
    return tuple(items), by_key


# No curated name holds these (checked per programme: _Scanner.segmented), so each programme's regex
# needs to run only over the stretches between them that hold every token of one of its forms.
SEGMENT_ENDS = "。；"
_SEGMENT_END = re.compile(f"[{SEGMENT_ENDS}]")


class Segments:
    """A text cut after each SEGMENT_ENDS character, with how often each token occurs, the segments
    holding it and each segment's characters, each worked out once per text (programmes share most
    of their tokens)."""

    def __init__(self, text: str):
        self.text = text
        self.ends = [m.end() for m in _SEGMENT_END.finditer(text)] + [len(text)]
        self.chars = Counter(text)
        self.present = self.chars.keys()
        self._counts: dict[tuple[str, ...], int] = {}
        self._holding: dict[tuple[str, ...], frozenset[int]] = {}
        self._chars_in: dict[int, set[str]] = {}

    def count(self, token: tuple[str, ...]) -> int:
        """How often the text writes the token, in any of its spellings."""
        n = self._counts.get(token)
        if n is None:
            n = self._counts[token] = sum(self.chars.get(f, 0) if len(f) == 1 else self.text.count(f) for f in token)
        return n

    def holding(self, token: tuple[str, ...]) -> frozenset[int]:
        """The segments that hold one of the token's spellings (none holds a SEGMENT_ENDS character,
        so a spelling lies in the segment it starts in)."""
        found = self._holding.get(token)
        if found is None:
            at_ends, text, ends = set(), self.text, self.ends
            for spelling in token:
                at = text.find(spelling)
                while at >= 0:
                    at_ends.add(bisect_right(ends, at))
                    at = text.find(spelling, at + 1)
            found = self._holding[token] = frozenset(at_ends)
        return found

    def holds_all(self, i: int, required: frozenset[str], others: tuple[tuple[str, ...], ...]) -> bool:
        """Whether segment i holds every required character and a spelling of each other token."""
        a, b = self.bounds(i)
        chars = self._chars_in.get(i)
        if chars is None:
            chars = self._chars_in[i] = set(self.text[a:b])
        if not required <= chars:
            return False
        return all(any(f in chars if len(f) == 1 else self.text.find(f, a, b) >= 0 for f in token) for token in others)

    def bounds(self, i: int) -> tuple[int, int]:
        return (self.ends[i - 1] if i else 0), self.ends[i]


@dataclass(frozen=True)
class _Scanner:
    programme: Programme
    pattern: re.Pattern  # the programme's forms as one regex
    needs: tuple[tuple[tuple[str, ...], ...], ...]  # per form, per token of its core: how a text may write it
    segmented: bool  # no match holds a SEGMENT_ENDS character
    # per form, the characters it cannot do without (tokens written only one way, as one character),
    # a set test that rules out most forms of most programmes in a text; and its other tokens
    required: tuple[frozenset[str], ...] = ()
    others: tuple[tuple[tuple[str, ...], ...], ...] = ()

    def possible_in(self, text: str) -> bool:
        """Whether some form has every token of its core in the text: one that lacks one cannot match."""
        return any(all(any(f in text for f in forms) for forms in tokens) for tokens in self.needs)

    def stretches(self, seg: Segments) -> list[tuple[int, int]]:
        """The runs of segments a match may lie in: for each form, the segments holding every token
        of its core. A match holds every token of its form and no SEGMENT_ENDS character, so it lies
        in one of them; the whole text if not segmented."""
        if not self.segmented:
            return [(0, len(seg.text))] if self.possible_in(seg.text) else []
        chosen: set[int] = set()
        present = seg.present
        for tokens, required, others in zip(self.needs, self.required, self.others):
            if not required <= present:
                continue
            counts = [seg.count(t) for t in tokens]
            if not all(counts):
                continue  # a token the text lacks: this form cannot match
            # each segment holding the rarest token, if it holds the rest
            rarest = tokens[counts.index(min(counts))]
            chosen.update(i for i in seg.holding(rarest) - chosen if seg.holds_all(i, required, others))
        runs: list[tuple[int, int]] = []
        for i in sorted(chosen):
            a, b = seg.bounds(i)
            if runs and runs[-1][1] == a:
                runs[-1] = (runs[-1][0], b)
            else:
                runs.append((a, b))
        return runs


@lru_cache(maxsize=1)
def _scanners() -> tuple[_Scanner, ...]:
    """Each programme's forms as one regex (compiled once, only where texts are read)."""
    out = []
    for p in catalogue()[0]:
        forms: dict[str, str] = {}  # each distinct pattern and the first form that has it
        for f in p.forms:
            forms.setdefault(surface_pattern(f), f)
        pattern = re.compile("|".join(a for surface in sorted(forms, key=len, reverse=True)
                                      for a in surface_alternatives(forms[surface])))
        needs = tuple(needed_tokens(f) for f in p.forms)
        one_char = lambda t: len(t) == 1 and len(t[0]) == 1  # noqa: E731
        required = tuple(frozenset(t[0] for t in tokens if one_char(t)) for tokens in needs)
        others = tuple(tuple(t for t in tokens if not one_char(t)) for tokens in needs)
        out.append(_Scanner(p, pattern, needs, not may_consume(pattern, SEGMENT_ENDS), required, others))
    return tuple(out)


def curated(name: str) -> Programme | None:
    """The curated programme a name means, if any: 学校美育工作自评 -> 中小学校美育工作自评制度."""
    return catalogue()[1].get(initiative_key(name))


@lru_cache(maxsize=1)
def _not_adoption_after() -> re.Pattern:
    # A programme's name followed by these is an honour, an event or a kind of institution:
    # 校园足球特色学校, 阳光体育运动会, 双一流大学.
    return re.compile(alternation("initiative_not_after"))


def find_initiatives(folded_doc) -> list[Mention]:
    """Curated initiative names in a Doc (or string) of the folded text."""
    text = folded_doc if isinstance(folded_doc, str) else folded_doc.text
    out = []
    segments = Segments(text)
    for scanner in _scanners():
        for m in (m for a, b in scanner.stretches(segments) for m in scanner.pattern.finditer(text, a, b)):
            start, end = m.span()
            while end > start and text[end - 1] in "\"' 、":
                end -= 1
            while start < end and text[start] in "\"' 、":
                start += 1
            if end - start < 2 or _not_adoption_after().match(text, end) or (text[start:end].endswith("运动") and text.startswith("会", end)):
                continue
            out.append(Mention("INITIATIVE", start, end, text[start:end], scanner.programme.name))
    return out
