"""Who speaks in a text, and when: the region that adopts what the text commits to, and its year.

A text speaks for its region when its heading (the first lines: title, 文号; not the addressees)
names that region before a line opens with a national body, or, when the heading does neither,
when its signature (the last lines) does. National texts
(教育部…, lexicon national_bodies) name regions only as addressees and adopt nothing. The year is
the signature's date, else the year of the 文号 in the heading, else what the report context says.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexicon import alternation
from ingest.normalise import fold

HEADING_LINES = 6
SIGNATURE_LINES = 3
_DATE_LINE = re.compile(r"^\s*[(（]?\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?\s*$")
# The text's own 文号 stands alone on a heading line, in brackets: （安政办〔2016〕111号）.
_OWN_NUMBER_LINE = re.compile(r"^[(（][^()（）]{1,12}?[〔\[［(（]((?:19|20)\d{2})[〕\]］)）]\s*\d+\s*号[^()（）]{0,8}[)）]$")


@lru_cache(maxsize=1)
def _national_re() -> re.Pattern:
    return re.compile(alternation("national_bodies"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in fold(text).splitlines() if line.strip()]


def speaks_for(text: str, region_names: list[str]) -> bool:
    """The first heading line that opens with a national body (教育部关于…) or names the region
    decides; addressee lines (…教育局：) name others and are passed over. With neither, the
    signature decides."""
    lines = _lines(text)
    names = [n for n in region_names if n]
    for line in lines[:HEADING_LINES]:
        if line.endswith((":", "：")):
            continue
        if _national_re().match(line):
            return False
        if any(n in line for n in names):
            return True
    return any(n in line for n in names for line in lines[-SIGNATURE_LINES:])


def text_year(text: str, fallback: int | None) -> int | None:
    lines = _lines(text)
    for line in reversed(lines[-8:]):
        m = _DATE_LINE.match(line)
        if m:
            return int(m[1])
    for line in lines[:HEADING_LINES]:
        m = _OWN_NUMBER_LINE.match(line)
        if m:
            return int(m[1])
    return fallback
