"""Initiatives from the curated list ingest/patterns/initiatives.jsonl: canonical names of national
and widely used programmes with their aliases. Every form is matched the way texts vary it (see
initiative_key.surface_pattern); names a text coins itself are found by programme.py and fold onto
a curated name when their keys agree."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ingest.codepoints import code_points
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
    """A text cut after each SEGMENT_ENDS character, with the segments holding each spelling of a
    programme's tokens as a bit mask (bit i: segment i), worked out once per text: the characters
    every curated name needs in one pass over the text, the few longer spellings by search."""

    def __init__(self, text: str):
        self.text = text
        self.ends = [m.end() for m in _SEGMENT_END.finditer(text)] + [len(text)]
        self._masks: dict[str, int] = {}
        self._chars: list[int] | None = None

    def mask(self, spelling: str) -> int:
        """The segments holding a spelling longer than one character (none holds a SEGMENT_ENDS
        character, so a spelling lies in the segment it starts in)."""
        found = self._masks.get(spelling)
        if found is None:
            found, text, ends = 0, self.text, self.ends
            at = text.find(spelling)
            while at >= 0:
                found |= 1 << bisect_right(ends, at)
                at = text.find(spelling, at + 1)
            self._masks[spelling] = found
        return found

    def char_masks(self) -> list[int]:
        """For each needed character (_needed_chars), the segments holding it."""
        if self._chars is None:
            index, table = _needed_chars()
            text, n = self.text, len(self.text)
            codes = code_points(text)
            starts = np.zeros(n + 1, dtype=np.int32)
            starts[self.ends[:-1]] = 1
            segment_of = np.cumsum(starts[:n])
            which = table[np.minimum(codes, len(table) - 1)]
            held = which >= 0
            present = np.zeros((len(index), len(self.ends)), dtype=bool)
            present[which[held], segment_of[held]] = True
            self._chars = [int.from_bytes(row.tobytes(), "little") for row in np.packbits(present, axis=1, bitorder="little")]
        return self._chars

    def bounds(self, i: int) -> tuple[int, int]:
        return (self.ends[i - 1] if i else 0), self.ends[i]


@dataclass(frozen=True)
class _Scanner:
    programme: Programme
    pattern: re.Pattern  # the programme's forms as one regex
    needs: tuple[tuple[tuple[str, ...], ...], ...]  # per form, per token of its core: how a text may write it
    segmented: bool  # no match holds a SEGMENT_ENDS character
    # per form: its tokens written one way, as one character (numbered as in _needed_chars), and
    # its other tokens (each: the spellings a text may use)
    plan: tuple[tuple[tuple[int, ...], tuple[tuple[str, ...], ...]], ...] = ()

    def possible_in(self, text: str) -> bool:
        """Whether some form has every token of its core in the text: one that lacks one cannot match."""
        return any(all(any(f in text for f in forms) for forms in tokens) for tokens in self.needs)

    def stretches(self, seg: Segments) -> list[tuple[int, int]]:
        """The runs of segments a match may lie in: for each form, the segments holding every token
        of its core. A match holds every token of its form and no SEGMENT_ENDS character, so it lies
        in one of them; the whole text if not segmented."""
        if not self.segmented:
            return [(0, len(seg.text))] if self.possible_in(seg.text) else []
        chosen, chars = 0, seg.char_masks()
        for singles, others in self.plan:
            held = -1  # every segment
            for k in singles:
                held &= chars[k]
                if not held:
                    break
            else:
                for spellings in others:
                    held &= _any_mask(seg, chars, spellings)
                    if not held:
                        break
            chosen |= held if held >= 0 else (1 << len(seg.ends)) - 1  # a form without tokens: anywhere
        runs: list[tuple[int, int]] = []
        while chosen:
            i = (chosen & -chosen).bit_length() - 1
            chosen &= chosen - 1
            a, b = seg.bounds(i)
            if runs and runs[-1][1] == a:
                runs[-1] = (runs[-1][0], b)
            else:
                runs.append((a, b))
        return runs


def _any_mask(seg: Segments, chars: list[int], spellings: tuple[str, ...]) -> int:
    """The segments holding one of the spellings; `chars`: seg.char_masks()."""
    out, index = 0, _needed_chars()[0]
    for f in spellings:
        if len(f) == 1:
            out |= chars[index[f]]
        else:
            out |= seg.mask(f)
    return out


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
        index = _needed_chars()[0]
        one_char = lambda t: len(t) == 1 and len(t[0]) == 1  # noqa: E731
        plan = tuple((tuple(index[t[0]] for t in tokens if one_char(t)), tuple(t for t in tokens if not one_char(t)))
                     for tokens in needs)
        out.append(_Scanner(p, pattern, needs, not may_consume(pattern, SEGMENT_ENDS), plan))
    return tuple(out)


@lru_cache(maxsize=1)
def _needed_chars() -> tuple[dict[str, int], np.ndarray]:
    """The characters the curated names are written with (one-character spellings of their
    tokens), numbered, and a table from code point to that number (-1: not needed)."""
    chars = sorted({f for p in catalogue()[0] for form in p.forms for t in needed_tokens(form) for f in t if len(f) == 1})
    index = {c: i for i, c in enumerate(chars)}
    table = np.full(max(map(ord, chars), default=0) + 2, -1, dtype=np.int32)  # the last entry: any higher code
    for c, i in index.items():
        table[ord(c)] = i
    return index, table


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
