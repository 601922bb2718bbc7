"""Every occurrence of every gazetteer surface in a text: what spaCy's PhraseMatcher finds over the
text's character tokens (ingest/tokenizer.py), overlapping and nested matches alike, a single space
after a character matched across (it is that token's trailing whitespace), any other whitespace
not. The PhraseMatcher needed a token per character, and making those tokens was a sixth of the
extraction time; here each place is looked up by its first two characters, which tell the lengths
of the surfaces that open with them, only at the positions where such a pair stands (an
Aho–Corasick automaton, pyahocorasick, was slower on an alphabet of thousands of characters)."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable

import numpy as np

_TRAILING_SPACE = re.compile(r"(?<=\S) ")  # a token's trailing whitespace (spaCy's rule)


def _squeezed(text: str) -> tuple[str, list[int]]:
    """The text without the spaces that are trailing whitespace, and where they were, each counted
    in the squeezed text (a kept character at squeezed index i is at i + bisect_right(that, i))."""
    if " " not in text:
        return text, []
    removed = [m.start() - k for k, m in enumerate(_TRAILING_SPACE.finditer(text))]
    return (_TRAILING_SPACE.sub("", text), removed) if removed else (text, [])


def _pair_code(pair: str) -> int:
    return (ord(pair[0]) << 21) | ord(pair[1])  # code points need 21 bits


class SurfaceMatcher:
    def __init__(self, surfaces):
        self._surfaces: dict[str, str] = {}  # squeezed -> as given
        lengths: dict[str, set[int]] = {}
        for surface in surfaces:
            key, _ = _squeezed(surface)
            if key and not any(c.isspace() for c in key):
                self._surfaces.setdefault(key, surface)
                lengths.setdefault(key[:2], set()).add(len(key))
        self._lengths = {pair: sorted(ls) for pair, ls in lengths.items() if len(pair) == 2}
        self._single = {pair for pair in lengths if len(pair) == 1}  # one-character surfaces
        self._pairs = np.array(sorted(map(_pair_code, self._lengths)), dtype=np.int64)

    def _starts(self, squeezed: str) -> Iterable[int]:
        """Where a surface may start: every position with one-character surfaces; else only where
        two characters that open a surface stand (one array pass finds them: under 1% of a text)."""
        if self._single or len(squeezed) < 2 or not len(self._pairs):
            return range(len(squeezed))
        codes = np.frombuffer(squeezed.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        keys = (codes[:-1] << 21) | codes[1:]
        at = np.searchsorted(self._pairs, keys)
        at[at == len(self._pairs)] = 0
        return np.flatnonzero(self._pairs[at] == keys).tolist()

    def __call__(self, text: str) -> list[tuple[str, int, int]]:
        """(surface, start, end) of each match, by start and then end, offsets into `text`."""
        squeezed, removed = _squeezed(text)
        surfaces, lengths, single = self._surfaces, self._lengths.get, self._single
        found = []
        n = len(squeezed)
        for start in self._starts(squeezed):
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
