"""Indicators with values: 学前三年毛入园率达96.2%, 小学生师比16.98:1, 专任教师4818人, 新增学位5400个.

Every number with a unit (or a ratio, or a coefficient) is a candidate; dates, ordinals and numbers
inside titles or document numbers are not. The indicator's name is the noun phrase of its clause
before the number (verbs such as 达到/为 trimmed), else the one after the unit (5所学校); a list
(分别为0.29、0.24) or a change (…经费18.87亿元,比上年增长17.82%) inherits the name before it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexicon import alternation
from ingest.marks import last_mark
from ingest.mentions import Mention
from ingest.overlap import Spans
from ingest.recognisers.vocab import words_except
from ingest.segment import tagger

_UNITS = alternation("indicator_units")
_NUMBER_RE = re.compile(
    rf"(?P<ratio1>1\s*[:∶]\s*)?(?P<value>\d+(?:\.\d+)?)(?:\s*(?P<ratio2>[:∶]\s*1(?![\d.])))?\s*(?P<approx>余|多)?(?P<unit>{_UNITS})?"
)
_NOT_A_MEASURE_AFTER = re.compile(rf"^(?:{alternation('indicator_not_measure_after')}|\.\d|、\d+、)")
_CLAUSE_BREAK = "，。；：,;:（()\n、!！?？《》"
_TRIM_RIGHT = re.compile(rf"{alternation('indicator_trim_right')}+$")
_TRIM_LEFT = re.compile(
    rf"^(?:[\u4e00-\u9fff]{{1,5}}[省市区县]{alternation('indicator_have_verbs')}|{alternation('indicator_trim_left')}|\d+|对(?!象)|在(?!校)|"
    rf"有(?={alternation('indicator_counted')}))+"
)
# A clause that is only a change: 同比增长, 比上年提高, 较2021年(学年)增长.
_CHANGE = re.compile(rf"(?:[比较](?:上年|去年|同期|上一?学年|\d{{4}}年?(?:\([^)]*\))?)?)?(?:同比)?(?P<verb>{alternation('indicator_change_verbs', 'alone', 'yes')})(?:了|近|约)?\s*")
# An indicator is about education: its name or its clause says so.
_EDUCATION = re.compile(alternation("indicator_education_words"))


_SINCE = re.compile(r"(?:从|由)(?:(?P<year>\d{4})年?(?:底|末|初)?)?的?$")
_HELD_AT = re.compile(r"(?:维持在|保持在|稳定在)(?:\d{4}年?)?的?(?:水平)?$")
_CHANGED_TO = re.compile(rf"{alternation('indicator_change_verbs', 'to', 'yes')}(?:到|至)")


# Compiled once: find_indicators runs these for every number in every text.
_ASIDE_AT_END = re.compile(r"\([^()]{1,20}\)\s*$")
_QUANTITY = re.compile(rf"\d+(?:\.\d+)?[余多]?(?:{_UNITS})")
_JOINER_AT_END = re.compile(r"(?:和|及|与|、|对|为|在)+$")
_NOT_HAN_RUN = re.compile(r"^[^\u4e00-\u9fff]+")
_CLAUSE_BREAK_RE = re.compile(f"[{_CLAUSE_BREAK}]")
_SCORED = re.compile(r"(.*?)(?:得分|得|评分)(?:为|是)?\s*$")
_SLOGAN_COUNT = re.compile(r'[一二三四五六七八九十两]个"?$')
_GAP = re.compile(r"与.+相差")
_LIST_JOIN = re.compile(r"[、,，和及与]?\s*")
_CHANGE_CLAUSE_BREAK = re.compile(r"[，。；,;:：\n、]")
_SHARE_HEAD = re.compile(r"(?:占比|比例|比重|占)(?:为|达到?|约)?")
_DONE_THERE = re.compile(r"[^,，。；;:：()和]{2,12}")
_ITEM_COUNT = re.compile(r"^[一二三四五六七八九十两]+[类个项种][\u4e00-\u9fff]{2}")


@lru_cache(maxsize=1)
def _assessment() -> re.Pattern:
    return re.compile(rf"([\u4e00-\u9fff]{{2,12}}?{alternation('indicator_assessments')})(?:中|结果|显示)?[^。；;]*$")


@lru_cache(maxsize=1)
def _subject_end() -> re.Pattern:
    return re.compile(rf"(?:{alternation('indicator_subject_ends')})$")


@lru_cache(maxsize=1)
def _period() -> re.Pattern:
    return re.compile(alternation("indicator_periods"))


@lru_cache(maxsize=1)
def _meeting() -> re.Pattern:
    return re.compile(alternation("indicator_meetings"))


def _name_before(folded: str, start: int) -> tuple[str, int]:
    """The indicator's name in the clause before a number, and where it starts."""
    aside = _ASIDE_AT_END.search(folded[max(0, start - 24) : start])
    if aside:
        start -= len(aside[0])  # 生活补助(含交通补贴)850元: the name is before the aside
    left = start
    while left > 0 and start - left < 24 and folded[left - 1] not in _CLAUSE_BREAK:
        left -= 1
    # A name starts after any earlier quantity in its clause: 实施18位区领导和71位… -> 区领导和…
    earlier = list(_QUANTITY.finditer(folded[left:start]))
    if earlier:
        left += earlier[-1].end()
    name = _TRIM_RIGHT.sub("", folded[left:start]).replace('"', "")
    name = _JOINER_AT_END.sub("", name)
    after_verb = _after_last_verb(name)
    if after_verb:
        left, name = left + len(name) - len(after_verb), after_verb
    while True:
        trimmed = _TRIM_LEFT.match(name) or _NOT_HAN_RUN.match(name)
        if not trimmed or not trimmed.end():
            break
        name, left = name[trimmed.end():], left + trimmed.end()
    return name, left


def _clause_head(folded: str, start: int) -> str:
    """The clause's text before a number, untrimmed."""
    return _CLAUSE_BREAK_RE.split(folded[max(0, start - 24) : start])[-1]


def _measure_before_colon(folded: str, start: int) -> str:
    """The measure a colon introduces, for the list after it in the same sentence."""
    sentence_start = last_mark(folded, "。；;\n", start) + 1
    colon = last_mark(folded, ":：", start, sentence_start)
    if colon < 0:
        return ""
    left = last_mark(folded, "，,", colon, sentence_start) + 1
    left = max(left, sentence_start)
    measure = _TRIM_LEFT.sub("", _TRIM_RIGHT.sub("", folded[left:colon]))
    return measure if len(measure) >= 4 and _EDUCATION.search(measure) else ""


_HANZI_RUN = re.compile(r"[\u4e00-\u9fff]{0,14}")
_DOING = re.compile(r"(?:以上)?\s*([^,，。；;:：()]{2,20})")


def _noun_phrase_after(folded: str, end: int) -> str:
    """学校 in 5所学校为…, 法人资格中小学校 in 48所法人资格中小学校配好…: nouns right after the unit."""
    window = _HANZI_RUN.match(folded, end).group(0)
    words = []
    for w in tagger().cut(window):
        if w.flag[:1] in ("n", "j", "l", "b", "f") or w.flag == "vn" or w.flag == "m" and not w.word[0].isdigit():
            words.append(w)
        else:
            break
    while words and words[-1].flag in ("b", "m", "f"):  # 省级, 二级 only qualify a noun: 86所省二级幼儿园
        words.pop()
    return "".join(w.word for w in words)


_TITLE_WON = re.compile(
    rf'[\u4e00-\u9fff]{{0,6}}?(?:均|全部|先后|成功|顺利)?{words_except("indicator_title_verbs")}'
    r'([^,，。；;:：()（）、]{3,26})'
)


def _title_won(folded: str, end: int) -> str:
    """省级文明校园 in 5所学校被评为省级文明校园, 正高级教师 in 12名教师获评正高级教师."""
    m = _TITLE_WON.match(folded, end)
    return m.group(1).replace('"', "") if m else ""


def _share_doing(folded: str, end: int) -> str:
    """95%以上学生参加课后服务, 学校100%完成X: a share named by who does what after it."""
    clause = _DOING.match(folded, end)
    words = list(tagger().cut(clause[1].replace('"', "").strip())) if clause else []
    nouns = next((i for i, w in enumerate(words) if w.flag[:1] not in ("n", "j")), len(words))
    if nouns > 1 or nouns == len(words) or words[nouns].flag != "v":
        return ""
    return "".join(w.word for w in words) + "比例"


def _after_last_verb(name: str) -> str:
    """…牵头组建教育集团 -> 教育集团: a name starts after the clause's last verb, if nouns follow it."""
    words = list(tagger().cut(name))
    for i in range(len(words) - 2, -1, -1):
        if words[i].flag == "v" and len(words[i].word) >= 2:
            rest = "".join(w.word for w in words[i + 1 :])
            if len(rest) < 2:
                continue  # 压减率: a verb inside the measure's name
            return rest if all(w.flag[:1] in ("n", "v", "s", "b") or w.flag in ("j", "l") for w in words[i + 1 :]) else ""
    return ""


def _scored_topic(folded: str, start: int) -> str:
    """在省义务教育质量监测中，我县得86.5分: a region's score is named by the assessment before it."""
    head = _SCORED.match(_clause_head(folded, start))
    if not head or _TRIM_LEFT.sub("", head[1]) and not _is_subject(head[1]):
        return ""
    sentence = folded[last_mark(folded, "。；;\n", start) + 1 : start - len(head[0])]
    topic = _assessment().search(sentence)
    return _TRIM_LEFT.sub("", topic[1]) + "得分" if topic else ""


def _changed_measure(found: list[Mention], shares: list[Mention], folded: str, start: int, unit: str) -> Mention | None:
    """The measure a change is about, in the same sentence: a change in % is of an amount, not of a
    share (学生9.6万人，占在校生总数87%，较上年增加12%); a change in 个百分点 is of a rate or share."""
    sentence_start = last_mark(folded, "。；;\n", start) + 1
    before = [m for m in found if m.start >= sentence_start and (unit == "个百分点" or m not in shares)]
    return before[-1] if before else None


def _after_etc(name: str) -> str:
    """跨境电商等新兴专业 -> 新兴专业: examples listed before 等 are not the measure (一等奖 is a word)."""
    words = [w.word for w in tagger().cut(name)]
    return "".join(words[len(words) - words[::-1].index("等"):]) if "等" in words else name


def _is_subject(name: str) -> bool:
    """A place, a body, or a clause ending in a verb: the sentence's subject, not a measure."""
    from ingest.gazetteer import gazetteer
    if name in gazetteer().names or _subject_end().search(name) and len(name) <= 6:
        return True
    words = list(tagger().cut(name))
    return words[-1].flag in ("v", "vd") and words[-1].word not in ("达", "为", "是", "有")


# Names that end like a measure, or verbs reports use as the measure's name (共招生2860人, 投入1200万元).
_MEASURE_END = re.compile(rf"{alternation('indicator_measure_ends')}$")


def _is_verb_phrase(name: str) -> bool:
    if _MEASURE_END.search(name):
        return False
    words = list(tagger().cut(name))
    return all(w.flag in {"v", "vd", "d", "p", "c", "u", "uj", "ul", "uz", "r"} for w in words)


def find_indicators(folded: str, text: str, blocked: list[tuple[int, int]] = ()) -> list[Mention]:
    out: list[Mention] = []
    shares: list[Mention] = []
    previous: Mention | None = None
    inside = Spans(blocked).holding_start
    for m in _NUMBER_RE.finditer(folded):
        start, end = m.start(), m.end()
        if inside(start):
            continue
        if start and (folded[start - 1].isdigit() or folded[start - 1] in ".第〔[-—~"):
            continue
        after = folded[end : end + 4]
        unit = m["unit"] or ""
        ratio = bool(m["ratio1"] or m["ratio2"])
        if not unit and not ratio and _NOT_A_MEASURE_AFTER.match(after):
            continue
        if unit == "个" and _period().match(after):
            continue  # 9个月: a duration
        if _SLOGAN_COUNT.search(folded[max(0, start - 3) : start]):
            continue  # "三个100%": a slogan, not a measure
        head = _clause_head(folded, start)
        if _GAP.search(head):
            continue  # 城区学校与农村学校相差320元: a gap between two units, not the region's measure
        measure = _measure_before_colon(folded, start)
        name, name_start = _name_before(folded, start)
        name = _scored_topic(folded, start) or name
        # 师生比从2019年的19.5:1降至17.2:1: the first value is of the earlier year, the second of the same measure.
        year = None
        name = _HELD_AT.sub("", name)  # 录取比维持在2019年的1.71:1: this year's value, at last year's level
        since = _SINCE.search(name)
        if since:
            name, year = name[: since.start()], int(since["year"]) if since["year"] else None
        if previous is not None and previous.attrs.get("since") and _CHANGED_TO.fullmatch(folded[previous.end : start].strip()):
            name, name_start = previous.key, start
        between = folded[previous.end : start] if previous else None
        after_unit = _noun_phrase_after(folded, end)
        # A list inherits its measure only in the same unit: 专项资金2600万元，12所学校… is a new measure.
        inherits = (previous is not None and between is not None and len(between) <= 8 and _LIST_JOIN.fullmatch(between or "x")
                    and unit in ("", previous.attrs["unit"] or "") and len(after_unit) < 2)
        if previous is not None and name and name_start + len(name) <= previous.end:
            name = ""  # 涉及320家企业1800人, 32位区领导和156位教研员: the words belong to the count before
        change = _CHANGE.fullmatch(_CHANGE_CLAUSE_BREAK.split(folded[max(0, start - 24) : start])[-1])
        base = _changed_measure(out, shares, folded, start, unit) if change else None
        if base is not None:
            name = base.key + change["verb"]
        elif _SHARE_HEAD.fullmatch(head) and previous is not None and len(between or "") <= 12:
            name = previous.key + "占比"  # 在公办学校就读7736人,占比96.1%
        elif not name and inherits:
            name = previous.key
            unit = unit or (previous.attrs["unit"] or "")
        if not unit and not ratio and not name.endswith(("系数", "指数", "比", "分", "分值")):
            continue
        name = _after_etc(name)
        if name and _is_verb_phrase(name):
            name = ""  # 推出12项举措, 阳明小学等5所学校: the name follows the unit
        title = _title_won(folded, end) if unit else ""
        doing = _share_doing(folded, end) if unit == "%" and (not name or _is_subject(name)) else ""
        if doing:
            name += doing
        elif after_unit and head.endswith("在"):
            # 在8所学校开展智慧课堂试点: the places are counted by what is done there
            done = _DONE_THERE.match(folded[end + len(after_unit) :])
            name = done[0].replace('"', "") + after_unit if done else name
        elif title:
            name, name_start = title, start  # what is counted is the title won, not the generic 学校
        elif name and unit and (_is_subject(name) or len(name) <= 2 and len(after_unit) >= 4) and len(after_unit) >= 2:
            name = ""  # 全区120家学科类培训机构, 落地30个X基地: what is counted follows the unit
        if _meeting().search(name + after_unit) and unit in ("次", "场", "个", ""):
            continue  # meetings held are activity, not a measure
        span_start = name_start if name and not inherits else start
        if measure and name and len(name) <= 4 and not name.endswith(measure):
            name += measure  # 生均教育支出为:初中29246.25元、小学… -> 初中生均教育支出
        if len(name) < 2:
            if not unit or len(after_unit) < 2:
                continue
            name, span_start = after_unit, start
            end += len(name)
        # This clause and the one before it: 学科类培训机构…，压减率86.7%.
        clause_start = last_mark(folded, "，。；,;\n", start)
        clause_start = last_mark(folded, "，。；,;\n", max(clause_start, 0)) + 1
        if not _EDUCATION.search(name) and not _EDUCATION.search(folded[clause_start:end + 8]):
            continue
        if ratio:
            unit = ":1"
        value = float(m["value"])
        mention = Mention("INDICATOR", span_start, end, text[span_start:end], name,
                          {"value": value, "unit": unit or None, "raw": text[m.start():m.end()]})
        if since:
            mention.attrs.update(since=True, year=year)
        out.append(mention)
        previous = mention
        if unit == "%" and "占" in head:
            shares.append(mention)
    return _align_respectively(folded, text, out, blocked)


_RESPECTIVELY = re.compile(
    rf"分别(?P<verb>为|是|达到|达|占|(?:比上年|同比|较上年)?(?:增长|提高|下降|增加))?"
    rf"(?P<vals>\d+(?:\.\d+)?(?:{_UNITS})?(?:[、和及]\d+(?:\.\d+)?(?:{_UNITS})?)+)"
)
_ITEMS = re.compile(r"(?P<items>[\u4e00-\u9fff]{1,8}(?:、[\u4e00-\u9fff]{1,8})*、[\u4e00-\u9fff]{1,20})$")
_VALUE = re.compile(rf"(?P<value>\d+(?:\.\d+)?)(?P<unit>{_UNITS})?")


def _align_respectively(folded: str, text: str, found: list[Mention], blocked) -> list[Mention]:
    """A、B分别为x、y and …x元、…y元,分别比上年增长a%、b%: values map in order onto the items
    listed before 分别, or onto the measures reported just before it in the sentence."""
    inside = Spans(blocked).holding_start
    for r in _RESPECTIVELY.finditer(folded):
        if inside(r.start()):
            continue
        values = list(_VALUE.finditer(folded, r.start("vals"), r.end("vals")))
        clause_start = last_mark(folded, "，。；,;:：\n", r.start()) + 1
        items = _ITEMS.search(folded[clause_start : r.start()])
        change = r["verb"] and r["verb"][-2:] in ("增长", "提高", "下降", "增加")
        if items and len(items["items"].split("、")) == len(values):
            # Items are alike in length: what precedes the first one is the measure (综合差异系数中学、小学).
            listed = items["items"].split("、")
            listed[0] = _TRIM_LEFT.sub("", listed[0]) or listed[0]
            width = max(len(x) for x in listed[:-1])
            if len(listed[-1]) > width:
                # Or the measure follows the last item (学生、家长、教师满意度), less the
                # words that only count the items (三个学段, 五类人群).
                measure = _ITEM_COUNT.sub("", listed[-1][width:])
                listed[-1] = listed[-1][:width]
            else:
                width = max(len(x) for x in listed[1:])
                measure = folded[clause_start : clause_start + items.start()] + listed[0][:-width]
                listed[0] = listed[0][-width:]
            measure = _TRIM_LEFT.sub("", _TRIM_RIGHT.sub("", measure))
            names = [item + measure for item in listed]
        elif change:
            sentence_start = last_mark(folded, "。；;\n", r.start()) + 1
            before = [m for m in found if sentence_start <= m.start < r.start()]
            if len(before) < len(values):
                continue
            names = [m.key + r["verb"][-2:] for m in before[-len(values):]]
        else:
            continue
        found = [m for m in found if not (r.start("vals") <= m.start < r.end("vals") or m.start <= r.start("vals") < m.end)]
        for name, v in zip(names, values):
            unit = v["unit"] or (values[-1]["unit"] if values[-1]["unit"] else None)
            found.append(Mention("INDICATOR", v.start(), v.end(), text[v.start():v.end()], name,
                                 {"value": float(v["value"]), "unit": unit, "raw": text[v.start():v.end()]}))
    return sorted(found, key=lambda m: m.start)
