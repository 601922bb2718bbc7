"""What a text says about itself: its heading title, its own 文号, who signed it and when.

A policy text states its identity in fixed places: the title heading (over one or several lines,
sometimes repeated, sometimes wrapped in 《》), its own 文号 in the line under the title (or at the
end), the addressees, and at the end the issuing bodies' signature and the date of issue. A legal
database or a web page puts metadata lines above the heading (【法宝引证码】…, 原文链接：…): their
values are kept as properties, never read as the title.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

from ingest.lexicon import lexicon
from ingest.normalise import DOC_NUMBER_RE, NUMBER_OPEN_BRACKETS, fold

HEAD_LINES = 10
TAIL_LINES = 10
MAX_TITLE = 90

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE_RE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_ADDRESSEES = re.compile(r"[：:]\s*$")
_SENTENCE_END = re.compile(r"[。！？；]")


@dataclass
class OwnIdentity:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    number_span: tuple[int, int] | None = None  # the own 文号 as written
    date: str | None = None  # ISO yyyy-mm-dd
    date_span: tuple[int, int] | None = None
    signature: list[tuple[str, int, int]] = field(default_factory=list)  # signing bodies as written, with offsets
    metadata: dict[str, str] = field(default_factory=dict)
    metadata_spans: list[tuple[int, int]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


@lru_cache(maxsize=1)
def _metadata_labels() -> list[tuple[re.Pattern, str]]:
    """Each header label's line pattern, with the property it gives."""
    return [(re.compile(rf"[【\[]?{re.escape(e['term'])}[】\]]?\s*[:：]?\s*(?P<value>\S.*)?$"), e["property"])
            for e in lexicon("header_metadata").entries]


def read_metadata_line(line: str) -> tuple[str, str] | None:
    """('citation_code', 'CLI.12.1253501') for 北大法宝【法宝引证码】 CLI.12.1253501."""
    stripped = fold(line).strip()
    for pattern, prop in _metadata_labels():
        m = pattern.search(stripped)
        if m and m.start() <= 12:
            return prop, (m["value"] or "").strip()
    return None


def _number_line(line: str) -> bool:
    """（厦府办〔2017〕3号）, 南政办[2017]215号, （泉政办〔2017〕106号 2017年）: a line that is a 文号."""
    if not any(b in line for b in NUMBER_OPEN_BRACKETS):
        return False  # every 文号 brackets its year; most lines hold no bracket
    folded = fold(line).strip()
    m = DOC_NUMBER_RE.search(folded)
    if not m:
        return False
    rest = (folded[: m.start()] + folded[m.end():]).strip(" ()（）")
    return len(rest) <= 8 and not _SENTENCE_END.search(rest)


def _title_like(line: str) -> bool:
    s = line.strip()
    return 4 <= len(s) <= MAX_TITLE and not _ADDRESSEES.search(s) and not _SENTENCE_END.search(s)


def _same(a: str, _unused: str = "") -> str:
    return fold(re.sub(r"\s+", "", a))


def _strip_outer_quotes(s: str) -> str:
    return s[1:-1] if s.startswith("《") and s.endswith("》") and s.count("《") == 1 else s


def parse_date(text: str) -> tuple[str, tuple[int, int]] | None:
    m = _DATE_RE.search(text)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", m.span()
    m = _CN_DATE_RE.search(text)
    if m:
        y = int("".join(str(_CN_DIGIT[c]) for c in m[1]))
        mo, d = _cn_number(m[2]), _cn_number(m[3])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", m.span()
    return None


def _cn_number(s: str) -> int:
    """一 .. 三十一 in Chinese numerals."""
    if "十" not in s:
        return _CN_DIGIT.get(s, 0)
    tens, _, units = s.partition("十")
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0)


def read_own_identity(text: str) -> OwnIdentity:
    out = OwnIdentity()
    lines = _lines(text)
    head = [(p, l) for p, l in lines[:40] if l.strip()][:HEAD_LINES]
    title_lines: list[tuple[int, str]] = []
    chrome = lexicon("heading_chrome").terms
    for pos, line in head:
        if not title_lines and any(w in line for w in chrome):
            continue
        meta = read_metadata_line(line)
        if meta and not title_lines:
            out.metadata.setdefault(meta[0], meta[1])
            out.metadata_spans.append((pos, pos + len(line)))
            continue
        if _number_line(line):
            m = DOC_NUMBER_RE.search(fold(line))
            if title_lines and out.number_span is None:
                out.number_span = (pos + m.start(), pos + m.end())
            break
        if not title_lines:
            if _title_like(line):
                title_lines.append((pos, line))
                continue
            break
        # A repeated heading (the database prints it twice, the first copy sometimes cut short) or
        # the heading's next line (titles wrap: 关于… / …的通知).
        stripped = line.strip()
        joined = "".join(l.strip() for _, l in title_lines)
        a, b = _same(stripped, ""), _same(joined, "")
        if a == b or a.startswith(b) or b.startswith(a):
            if len(stripped) > len(joined):
                title_lines = [(pos, line)]
            continue
        wraps = _title_like(line) or (2 <= len(stripped) < 4 and stripped.endswith(_kind_tails()))
        if wraps and len(joined) + len(stripped) <= MAX_TITLE and not joined.endswith(_kind_tails()):
            title_lines.append((pos, line))
            continue
        break
    if title_lines:
        first_pos, first = title_lines[0]
        last_pos, last = title_lines[-1]
        start = first_pos + first.index(first.strip())
        end = last_pos + last.index(last.strip()) + len(last.strip())
        title = _strip_outer_quotes("".join(l.strip() for _, l in title_lines))
        if title != "".join(l.strip() for _, l in title_lines):
            start, end = start + 1, end - 1
        out.title, out.title_span = title, (start, end)
    _read_tail(text, lines, out)
    return out


def _kind_tails() -> tuple[str, ...]:
    return tuple(lexicon("document_kinds").terms)


def _read_tail(text: str, lines: list[tuple[int, str]], out: OwnIdentity) -> None:
    """The date of issue and the signature above it, in the last lines; an own 文号 there too."""
    tail = [(p, l) for p, l in lines if l.strip()][-TAIL_LINES:]
    for i in range(len(tail) - 1, -1, -1):
        pos, line = tail[i]
        stripped = line.strip(" \u3000\t（）()")
        found = parse_date(line)
        if found and len(fold(stripped)) <= len(found[0]) + 6 + (4 if "电" in stripped else 0):
            out.date, span = found
            out.date_span = (pos + span[0], pos + span[1])
            for pos2, line2 in reversed(tail[max(0, i - 3):i]):
                s2 = line2.strip()
                if not s2 or len(s2) > 40 or _SENTENCE_END.search(s2) or re.search(r"[:：\d]", s2) or _number_line(s2):
                    break
                out.signature.insert(0, (s2, pos2 + line2.index(s2), pos2 + line2.index(s2) + len(s2)))
            break
    if out.number_span is None:
        for pos, line in tail:
            if _number_line(line):
                m = DOC_NUMBER_RE.search(fold(line))
                out.number_span = (pos + m.start(), pos + m.end())
