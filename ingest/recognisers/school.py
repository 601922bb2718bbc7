"""Named schools, kindergartens, campuses and universities.

A school-type word (中学, 幼儿园, 职业技术学院 …) marks a candidate; its name is the run of
proper-noun, place and noun words just before it. Chinese has no spaces, so the window before the
school word is segmented and POS-tagged with jieba: 停办/v 滨虹/n 学校 gives 滨虹学校, 促使/v 各/r
学校 gives nothing. A name made only of generic words (公办, 新建, 中小学 …) is a kind of school,
not a school.
"""
from __future__ import annotations

import re

from ingest.lexicon import alternation, terms
from ingest.mentions import Mention
from ingest.segment import tagger

_SUFFIX = alternation("school_kinds")
_PUPIL_LEVELS = frozenset(terms("school_pupil_levels"))  # 小学 + 生 is a pupil
_CAMPUS = rf"(?:[\u4e00-\u9fff]{{2,4}}{alternation('school_campuses')})?"
_SUFFIX_RE = re.compile(rf"(?P<kind>{_SUFFIX}){_CAMPUS}")
WINDOW = 14
# Types a region has one of, so region + type names a school (lexicon school_one_per_region).
_SPECIFIC = terms("school_one_per_region")
# What may stand right before a name that jieba cannot tag as one (、站前小学, 的和畅堂小学, 与多思学校).
_BOUNDARY = "、，。；：,;:“”\"（）()《》的与及将把对在从向由为按\n"
_OWN_REGION = re.compile(r"(?:^|[^\u4e00-\u9fff]|[以在的和与及将])(?:我|本)?[区县市]$")
NAME_FLAGS = {"n", "nr", "nrt", "ns", "nz", "nt", "nrfg", "j", "eng", "ng"}
_RUN_FLAGS = NAME_FLAGS | {"f", "a", "q", "g", "s", "b", "m"}
_GENERIC = re.compile(rf"^{alternation('school_generic_words')}*$")


def _name_before(text: str, end: int) -> int:
    """Where the school's name starts, for a school word starting at `end` (== end if no name)."""
    left = end
    for i in range(end - 1, max(-1, end - WINDOW - 1), -1):
        if not ("\u4e00" <= text[i] <= "\u9fff" or text[i].isalnum()):
            break
        left = i
    words = list(tagger().cut(text[left:end]))
    start = end
    for i, w in enumerate(reversed(words)):
        proper = w.flag in NAME_FLAGS or (w.flag == "m" and w.word.startswith("第"))
        # An adjective or a lone character right before the school word is often a name (明强/a, 艮/g 山).
        adjacent = i <= 1 and w.flag in ("a", "g") and start - len(w.word) >= 0
        if proper or adjacent:
            start -= len(w.word)
        else:
            break
    if start == end:
        start = _boundary_run(text, end)
    # 我区/本区/全市 + a name: the relative region word is not part of the name.
    if text[start : start + 1] in ("我", "本", "全", "各") and text[start + 1 : start + 2] in ("区", "市", "县", "省"):
        start += 2
    elif text[start : start + 1] in ("区", "市", "县") and start > 0 and text[start - 1] in "我本全各":
        start += 1
    return start


def _boundary_run(text: str, end: int) -> int:
    """A short run after a clear boundary, when jieba found no name in it: 、站前小学 -> 站前."""
    left = end
    while left > 0 and end - left < 5 and text[left - 1] not in _BOUNDARY and "\u4e00" <= text[left - 1] <= "\u9fff":
        left -= 1
    if end - left < 2 or (left > 0 and text[left - 1] not in _BOUNDARY):
        return end
    words = list(tagger().cut(text[left:end]))
    # Names only; a one-character verb may open one (站/v 前), none may close it (亚运进学校).
    if any(w.flag not in _RUN_FLAGS and not (i == 0 and w.flag == "v" and len(w.word) == 1) for i, w in enumerate(words)):
        return end
    if any(w.word[0].isdigit() for w in words):
        return end
    return left


def find_schools(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _SUFFIX_RE.finditer(text):
        if text[m.end() : m.end() + 1] == "生" and m.group(0) in _PUPIL_LEVELS:
            continue  # 小学生, 中学生: pupils, not a school
        start = _name_before(text, m.start())
        body = text[start : m.start()]
        whole = text[start : m.end()]
        core = _strip_places(body)
        # A place plus a specific type names one school: 长沙县实验中学, 东丽区特殊教育学校.
        own_region = body in ("区", "县", "市") or not body and _OWN_REGION.search(text[max(0, start - 4) : start])
        named_by_place = (body and not core or own_region) and m["kind"].startswith(tuple(_SPECIFIC))
        if not named_by_place and (len(core) < 2 or _GENERIC.match(core) or _ends_generic(body)):
            continue
        key = whole[len(body):] if own_region else whole  # 区老年大学 and 我区老年大学: the district's one 老年大学
        out.append(Mention("SCHOOL", start, m.end(), whole, key, {"kind": m["kind"]}))
    return out


def _ends_generic(body: str) -> bool:
    """公办幼儿园, 联系学校, 越城区学校: a name's last word is not a category, verb or bare place."""
    from ingest.gazetteer import gazetteer

    last = list(tagger().cut(body))[-1].word
    regions = gazetteer().names.get(last, [])
    return bool(_GENERIC.match(last)) or any(gazetteer().regions[c].name == last for c in regions)


def _strip_places(body: str) -> str:
    """The body without leading full place names (绍兴市建功 -> 建功; 越城区 -> ''). Short forms
    stay: 滨江 in 滨江实验小学 is the name."""
    from ingest.gazetteer import gazetteer

    full = gazetteer().full_names
    changed = True
    while changed and body:
        changed = False
        for n in range(min(len(body), 9), 1, -1):
            if body[:n] in full:
                body, changed = body[n:], True
                break
    return body
