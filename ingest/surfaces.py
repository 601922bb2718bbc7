"""Every occurrence of every gazetteer surface in a text: what spaCy's PhraseMatcher finds over the
text's character tokens (ingest/tokenizer.py), overlapping and nested matches alike, a single space
after a character matched across (it is that token's trailing whitespace), any other whitespace
not. The PhraseMatcher needed a token per character, and making those tokens was a sixth of the
extraction time; here each place is looked up by its first two characters, which tell the lengths
of the surfaces that open with them, only at the positions where such a pair stands (an
Aho–Corasick automaton, pyahocorasick, was slower on an alphabet of thousands of characters)."""
from __future__ import annotations

from bisect import bisect_right
from typing import Iterable

import numpy as np

from ingest.codepoints import code_points, from_code_points, whitespace_table

_PAIR_BITS = 22  # a bit table of 4M slots for the ~3,000 pairs that open a surface


def _pair_slot(first, second):
    """The table slot of a pair of code points (ints or int64 arrays alike)."""
    return (first * 2654435761 + second) & ((1 << _PAIR_BITS) - 1)


def _squeezed(text: str) -> tuple[str, list[int], np.ndarray]:
    """The text without the spaces that are trailing whitespace (a space after a character that is
    not whitespace, spaCy's rule), where they were, each counted in the squeezed text (a kept
    character at squeezed index i is at i + bisect_right(that, i)), and the squeezed code points."""
    codes = code_points(text)
    if " " not in text:
        return text, [], codes
    trailing = np.flatnonzero((codes[1:] == 32) & ~whitespace_table().take(codes[:-1])) + 1
    if not len(trailing):
        return text, [], codes
    kept = np.delete(codes, trailing)
    return from_code_points(kept), (trailing - np.arange(len(trailing))).tolist(), kept


class SurfaceMatcher:
    def __init__(self, surfaces):
        self._surfaces: dict[str, str] = {}  # squeezed -> as given
        lengths: dict[str, set[int]] = {}
        for surface in surfaces:
            key, _, _ = _squeezed(surface)
            if key and not any(c.isspace() for c in key):
                self._surfaces.setdefault(key, surface)
                lengths.setdefault(key[:2], set()).add(len(key))
        self._lengths = {pair: sorted(ls) for pair, ls in lengths.items() if len(pair) == 2}
        self._single = {pair for pair in lengths if len(pair) == 1}  # one-character surfaces
        self._pair_slots = np.zeros(1 << _PAIR_BITS, dtype=bool)
        self._pair_slots[[_pair_slot(ord(a), ord(b)) for a, b in self._lengths]] = True

    def _starts(self, squeezed: str, codes: np.ndarray) -> Iterable[int]:
        """Where a surface may start: every position with one-character surfaces; else only where
        two characters stand whose slot in the pair table is set (one array pass finds them: about
        1% of a text). Another pair sharing a slot is a start that opens no surface."""
        if self._single or len(squeezed) < 2 or not self._lengths:
            return range(len(squeezed))
        wide = codes.astype(np.int64)
        return np.flatnonzero(self._pair_slots.take(_pair_slot(wide[:-1], wide[1:]))).tolist()

    def __call__(self, text: str) -> list[tuple[str, int, int]]:
        """(surface, start, end) of each match, by start and then end, offsets into `text`."""
        squeezed, removed, codes = _squeezed(text)
        surfaces, lengths, single = self._surfaces, self._lengths.get, self._single
        found = []
        n = len(squeezed)
        for start in self._starts(squeezed, codes):
            if single and squeezed[start] in single:
                found.append((start, start + 1, surfaces[squeezed[start]]))
            ls = lengths(squeezed[start : start + 2])
            if ls is None:
                continue
            for length in ls:
                if start + length > n:
                    break
                surface = surfaces.get(squeezed[start : start + length])
                if surface is not None:
                    found.append((start, start + length, surface))
        if removed:
            found = [(start + bisect_right(removed, start), end + bisect_right(removed, end - 1), surface)
                     for start, end, surface in found]
        return [(surface, start, end) for start, end, surface in found]


__all__ = ["SurfaceMatcher"]
