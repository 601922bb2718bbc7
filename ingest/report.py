"""What a text is about and who it is: its region, year, title, own 文号, date, issuers and the body that
wrote it, from its heading and its signature (ingest/identity.py reads where they stand)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.gazetteer import LEVEL_RANK, gazetteer
from ingest.identity import OwnIdentity, read_own_identity
from ingest.lexicon import alternation, terms
from ingest.issuers import Issuer, canonical_agency, issuers_from_title
from ingest.mentions import Mention
from ingest.normalise import fold, normalise_doc_number

HEADING_CHARS = 300
_REPORT_WORDS = terms("report_words")
_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d{2})\s*(?:年度|学年|年(?=[^\d月]{0,12}(?:履行|工作|教育|自评|总结|报告)))")
# A year the text reports on: not a target (到2025年), not the end of a range (2023-2027年), not a date.
_YEAR_ANY = re.compile(r"(?<![于到至\-—~～\d])((?:19|20)\d{2})\s*(?:年|学年)(?!\s*\d{1,2}\s*月)")
_BODY_RE = re.compile(rf"[\u4e00-\u9fff（）()]{{2,30}}?{alternation('report_bodies')}")


@dataclass
class ReportContext:
    region: str | None  # adcode
    region_mention: Mention | None
    year: int | None
    title: str | None
    title_span: tuple[int, int] | None
    body: str | None  # canonical agency name of the author
    own: OwnIdentity | None = None
    issuers: tuple[Issuer, ...] = ()  # who issued the text itself (title head, else signature)
    issuer_basis: str | None = None  # title or signature
    number: str | None = None  # its own 文号, normalised


def heading_lines(text: str) -> list[tuple[int, str]]:
    """Non-empty lines of the heading with their offsets."""
    out, pos = [], 0
    for line in text[:HEADING_CHARS].split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _within_named_parent(mentions: list[Mention]) -> list[Mention]:
    """福州市鼓楼区: a county named right after its city is that city's county (not 南京's 鼓楼区)."""
    gaz = gazetteer()
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.end == m.start and not m.attrs.get("relative"):
            under = [c for c in gaz.names.get(m.text, []) if prev.key in [r.adcode for r in gaz.chain(c)[1:]]]
            if under and m.key not in under:
                m = Mention(m.label, m.start, m.end, m.text, under[0], {**m.attrs, "level": gaz.regions[under[0]].level})
        out.append(m)
    return out


def detect_region(mentions: list[Mention]) -> Mention | None:
    """The most specific region named in the heading; else the most frequent early one."""
    gaz = gazetteer()
    early = [m for m in _within_named_parent(sorted(mentions, key=lambda m: m.start)) if not m.attrs.get("relative")]
    head = [m for m in early if m.start < 120]
    pool = head or [m for m in early if m.start < 1500] or early
    if not pool:
        return None
    counts = Counter(m.key for m in early)
    best = max(pool, key=lambda m: (LEVEL_RANK[gaz.regions[m.key].level], counts[m.key], -m.start))
    # A county named first but rarely afterwards may be an example; prefer a frequent one.
    return best


def detect_year(text: str, title: str | None) -> int | None:
    for source in (title or "", text[:HEADING_CHARS]):
        m = _YEAR_OF_REPORT.search(source)
        if m:
            return int(m[1])
    # The latest year the text speaks of more than once: a single later year is usually a plan.
    years = Counter(int(m[1]) for m in _YEAR_ANY.finditer(_without_titles(text)))
    repeated = [y for y, n in years.items() if n > 1]
    return max(repeated or years or [None], key=lambda y: y or 0)


def _without_titles(text: str) -> str:
    return re.sub(r"《[^》\n]{0,150}》", lambda m: " " * len(m.group(0)), text)


def detect_title(text: str) -> tuple[str, tuple[int, int]] | None:
    """The heading lines up to the first that reads as a title of a report."""
    lines = heading_lines(text)
    for i, (pos, line) in enumerate(lines[:6]):
        stripped = line.strip()
        if len(stripped) > 60 or stripped.endswith(("。", "：", ":")):
            break
        if any(w in stripped for w in _REPORT_WORDS):
            # Titles are often broken over two lines: 履行教育职责 / 情况自评报告.
            start = pos + line.index(stripped)
            prev = lines[i - 1] if i else None
            if prev and len(prev[1].strip()) < 40 and not any(w in prev[1] for w in _REPORT_WORDS) and "首页" not in prev[1] and ">" not in prev[1]:
                pstart = prev[0] + prev[1].index(prev[1].strip())
                return prev[1].strip() + stripped, (pstart, start + len(stripped))
            return stripped, (start, start + len(stripped))
    return None


def detect_body(text: str, title: str | None, region: str | None) -> str | None:
    gaz = gazetteer()
    for source in (title or "", "\n".join(l for _, l in heading_lines(text))):
        m = _BODY_RE.search(source)
        if m:
            name = m.group(0)
            # The match may start before the body's own name (2021年度滨江区人民政府): cut at the first place name.
            cut = next((i for i in range(len(name)) if any(name[i : i + n] in gaz.names for n in (2, 3, 4))), 0)
            return canonical_agency(name[cut:], region).name
    if region:
        return gaz.full_name(region) + "人民政府"
    return None


def own_issuers(own: OwnIdentity, title: str | None, region: str | None) -> tuple[list[Issuer], str | None]:
    """Issuers named at the title's head win; else the bodies that signed it."""
    if title:
        head = issuers_from_title(fold(title), region)
        if head:
            return head, "title"
    from ingest.recognisers.agency import is_agency_name

    signed = [canonical_agency(s, region) for s, _, _ in own.signature if is_agency_name(fold(s).replace(" ", ""))]
    signed = [i for i in signed if i.region or i.level == "national"]
    return signed, ("signature" if signed else None)


def read_context(text: str, region_mentions: list[Mention]) -> ReportContext:
    own = read_own_identity(text)
    found = detect_title(text)
    title, span = found if found else (own.title, own.title_span)
    region_mention = detect_region(region_mentions)
    region = region_mention.key if region_mention else None
    issuers, basis = own_issuers(own, title, region)
    if issuers:
        first = issuers[0]
        if first.level == "national":
            region, region_mention = None, None  # a national text governs no one region
        elif first.region and first.region != region:
            region = first.region
            region_mention = next((m for m in region_mentions if m.key == region), None)
    number = None
    if own.number_span:
        try:
            number = normalise_doc_number(text[own.number_span[0] : own.number_span[1]])
        except ValueError:
            number = None
    if found and basis != "title":  # a report: the year it covers, not the day it was signed
        year = detect_year(text, title)
    elif own.date:
        year = int(own.date[:4])
    elif number:
        year = int(number.split("〔")[1][:4])
    else:
        year = detect_year(text, title)
    body = issuers[0].name if issuers else detect_body(text, title, region)
    return ReportContext(region, region_mention, year, title, span, body, own, tuple(issuers), basis, number)
