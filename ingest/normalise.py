"""Pure text clean-up. Folding is one character for one character, so offsets found in the
folded text are offsets in the original text: provenance always points at what the source says."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

import numpy as np

from ingest.codepoints import code_points, from_code_points

# The brackets a 文号 may put round its year (GB/T 9704 writes 〔〕).
NUMBER_OPEN_BRACKETS = "〔[［(（【"
NUMBER_CLOSE_BRACKETS = "〕]］)）】"
_DASHES = "‐‑‒–—―－~～"


def _fold_char(ch: str) -> str:
    if ch in "\u3000\u00a0\u2002\u2003\u2009":
        return " "
    if ch in _DASHES:
        return "-"
    if ch in "“”„":
        return '"'
    if ch in "‘’":
        return "'"
    if ch in "〈<＜":
        return "〈"
    if ch in "〉>＞":
        return "〉"
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII; after the rules above, so ～ and ~ fold alike
        return chr(code - 0xFEE0)
    return ch


_FOLD_TABLE = {ord(c): _fold_char(c) for c in map(chr, range(0x20, 0x10000)) if _fold_char(c) != c}


def fold(text: str) -> str:
    """Full-width to half-width, dash, quote and space variants to one form; same length."""
    return _fold_whole(text) if len(text) >= _WHOLE_TEXT else text.translate(_FOLD_TABLE)


# Several stages read a whole text folded; it is folded once (a text is hashed once, and a
# cached entry is found by identity first).
_WHOLE_TEXT = 2_000


@lru_cache(maxsize=1)
def _fold_table():
    """_FOLD_TABLE as an array over every code point (4 MB, shared by forked workers)."""
    table = np.arange(0x110000, dtype=np.uint32)
    table[list(_FOLD_TABLE)] = [ord(c) for c in _FOLD_TABLE.values()]
    return table


@lru_cache(maxsize=4)
def _fold_whole(text: str) -> str:
    # str.translate looks each character up in the dict in turn; taking the code points through
    # the same table as an array is twenty times faster on a whole text.
    return from_code_points(_fold_table().take(code_points(text)))


def collapse_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


DOC_NUMBER_RE = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,14})\s*"
    rf"[{re.escape(NUMBER_OPEN_BRACKETS)}]\s*(?P<year>(?:19|20)\d{{2}})\s*[{re.escape(NUMBER_CLOSE_BRACKETS)}]\s*"
    r"第?\s*(?P<serial>\d{1,5})\s*号"
)


# Orders are numbered without a year: 教育部令第13号, 中华人民共和国国务院令第708号.
ORDER_NUMBER_RE = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{2,20}?)令\s*第\s*(?P<serial>\d{1,5})\s*号")


def normalise_doc_number(raw: str) -> str:
    """浙政教督办[2022]5号, (2022), （2022）… -> 浙政教督办〔2022〕5号 (GB/T 9704 brackets);
    教育部令 第 13 号 -> 教育部令第13号."""
    folded = fold(collapse_space(raw))
    m = DOC_NUMBER_RE.search(folded)
    if m:
        return f"{m['code']}〔{m['year']}〕{int(m['serial'])}号"
    m = ORDER_NUMBER_RE.search(folded)
    if m:
        return f"{m['issuer']}令第{int(m['serial'])}号"
    raise ValueError(f"not a document number: {raw!r}")


_TITLE_YEAR_RANGE = re.compile(r"[(（]\s*((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})\s*年?\s*[)）]?$")


def normalise_title(raw: str) -> str:
    """A comparison key for titles: folded width, no spaces, no outer 《》, unified brackets and
    year ranges, so 《…方案(2023-2027》 and 《…方案（2023—2027年）》 compare equal."""
    t = _strip_ends(fold(collapse_space(raw)))
    t = t.replace("〈", "<").replace("〉", ">").replace("（", "(").replace("）", ")")
    t = _TITLE_YEAR_RANGE.sub(lambda m: f"({m[1]}-{m[2]})", t)
    t = _strip_ends(t.replace("(试行)", "(试行)"))
    return unicodedata.normalize("NFC", t)


def _strip_ends(t: str) -> str:
    """Outer 《》 and trailing punctuation, in any nesting (《《X》》。), so the key is a fixed point."""
    while (stripped := t.strip("《》").rstrip("。，,;；")) != t:
        t = stripped
    return t


SENTENCE_END = "。！？；!?;\n"
MAX_REACH = 300  # evidence reaches at most this far either side of its span: bounded size and cost


_SENTENCE_END_RE = re.compile("[" + re.escape(SENTENCE_END) + "]")


class Sentences:
    """The sentence around each of many spans of one text: its end marks found once, each look-up a
    bisection (evidence is read for thousands of spans of a text)."""

    def __init__(self, text: str):
        self.text = text
        self.marks = [m.start() for m in _SENTENCE_END_RE.finditer(text)]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """The sentence (between end marks or line breaks) that contains text[start:end], cut at
        MAX_REACH characters either side of the span when the text has no punctuation there."""
        text, marks = self.text, self.marks
        lo, hi = max(0, start - MAX_REACH), min(len(text), end + MAX_REACH)
        before = bisect_left(marks, start) - 1
        left = marks[before] + 1 if before >= 0 and marks[before] >= lo else lo
        after = bisect_left(marks, end)
        right = marks[after] + 1 if after < len(marks) and marks[after] < hi else hi
        while left < start and text[left].isspace():
            left += 1
        return left, right


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Sentences(text).bounds(start, end), for a single look-up."""
    return Sentences(text).bounds(start, end)
