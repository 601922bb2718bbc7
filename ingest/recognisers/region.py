"""Regions: gazetteer names (GB/T 2260) and aliases, plus relative references (我区, 全市, 区委 …)
that mean the reporting region or one of its ancestors."""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from ingest.gazetteer import gazetteer
from ingest.lexicon import terms
from ingest.mentions import Mention
from ingest.normalise import fold
from ingest.surfaces import SurfaceMatcher
from ingest.recognisers.vocab import words_except

# 区/县/市/省 + these, or 我/本/全 + the level character, refer to the report's own region.
# Characters that make 区/县/市 part of another word (社区, 小区, 景区 …), lexicon region_word_heads.
_NOT_RELATIVE_BEFORE = "".join(terms("region_word_heads"))
_RELATIVE_RE = re.compile(
    r"(?:(?P<pre>[我本全])(?P<lvl1>[区县市省])(?![级域内外属县市区]))|"
    rf"(?<![{_NOT_RELATIVE_BEFORE}])(?P<lvl2>[区县市省]){words_except('region_relative_bodies')}"
)
_LEVEL_OF = {"区": "county", "县": "county", "市": "city", "省": "province"}


@lru_cache(maxsize=1)
def _matcher() -> tuple[SurfaceMatcher, dict[str, str]]:
    """A matcher over every folded gazetteer surface, and folded -> gazetteer surface."""
    surfaces: dict[str, str] = {}
    for surface in gazetteer().names:
        surfaces[fold(surface)] = surface
    return SurfaceMatcher(surfaces), surfaces


def relative_target(level_char: str, context_region: str) -> str | None:
    """The region 区/市/省 means in a report about `context_region`."""
    gaz = gazetteer()
    chain = gaz.chain(context_region)
    want = _LEVEL_OF[level_char]
    if want == "city" and chain[0].level == "county" and chain[0].name.endswith("市"):
        return chain[0].adcode  # a county-level city calls itself 市
    for r in chain:
        if r.level == want or (want == "city" and r.is_municipality):
            return r.adcode
    return None


# A short form (杭州, 衡水) is a region only where it stands as a word: 均衡水平 holds 衡水, and
# 西湖大学 / 北海小学 are names of institutions.
_BEFORE_OK = set("、，。,；;：:（(“\"《 \n在赴到至与和及对从援往去帮向同由于是为即如其省市区县州")
_AFTER_OK = set("、，。,；;：:）)”\"》 \n等地的人籍及和与市省区县州高经新开两三四五六七八九十各全")
_INSTITUTION_NEXT = terms("region_institution_next")


def _short_form_stands_alone(text: str, start: int, end: int) -> bool:
    if text.startswith(tuple(_INSTITUTION_NEXT), end):
        return False
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    return before in _BEFORE_OK or after in _AFTER_OK


_MATCHES = "policykg_region_surfaces"


def _surfaces_in(doc, matcher: SurfaceMatcher, text: str) -> list[tuple[str, int, int]]:
    """(folded surface, start, end) of every surface in the text, matched once per Doc: the regions
    are read twice, before and after the report's own region is known."""
    found = doc.user_data.get(_MATCHES)
    if found is None:
        found = doc.user_data[_MATCHES] = matcher(text)
    return found


def find_regions(doc, context_region: str | None) -> list[Mention]:
    """Region mentions in a spaCy Doc of the folded text (doc._.folded, else its tokens' text)."""
    gaz = gazetteer()
    matcher, surfaces = _matcher()
    text = doc._.folded if Doc.has_extension("folded") and doc._.folded is not None else doc.text
    out: list[Mention] = []
    for key, start, end in _surfaces_in(doc, matcher, text):
        surface = surfaces[key]
        code = gaz.resolve(surface, context_region)
        if code is None:
            continue
        region = gaz.regions[code]
        is_short = surface == region.short and surface != region.name
        if is_short and region.level == "county":
            # Short county names (滨江, 越城) are ordinary words elsewhere: accept only near home.
            if context_region is None or gaz.distance(code, context_region)[0] > 1:
                continue
        if is_short and not _short_form_stands_alone(text, start, end):
            continue
        if not is_short and region.level == "county" and context_region and gaz.distance(code, context_region)[0] >= 2:
            # A county far from the report must stand as a word: 县教育局会同县财政局 is not 会同县.
            before = text[start - 1] if start else "\n"
            if before not in _BEFORE_OK:
                continue
        if len(surface) <= 2 and not is_short and surface == region.name:
            # 城区, 郊区, 矿区: names that are also common nouns need their parent just before.
            parent = gaz.regions.get(region.parent or "")
            if parent is None or not text.endswith((fold(parent.name), parent.short or parent.name), 0, start):
                continue
        out.append(Mention("REGION", start, end, surface, code, {"level": region.level}))
    if context_region:
        for m in _RELATIVE_RE.finditer(text):
            level_char = m["lvl1"] or m["lvl2"]
            code = relative_target(level_char, context_region)
            if code is None:
                continue
            start = m.start()
            end = m.start() + (2 if m["pre"] else 1)
            out.append(Mention("REGION", start, end, text[start:end], code, {"relative": True, "level": gaz.regions[code].level}))
    return out
