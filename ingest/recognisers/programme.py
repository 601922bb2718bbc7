"""Programme names a region coins itself, found by the ways government reports introduce them:
  quoted, after a launch verb or before a programme word   实施“三名”工程, “云守护”食品安全平台
  right after a programme word                              数改项目“中餐一件事”
  unquoted, between a launch verb and a programme word      实施农村幼儿园补短提升工程
  founded networks                                          建立美好教育共同体
  named as the lever                                        以“五育管理”为抓手
  listed before 等 and a programme word                      以潮涌工程、青干营等载体
  the 一X一Y pattern                                         一园一案, 一课一销
  X进校园 campaigns                                          茶文化进校园
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ingest.gazetteer import PATTERNS
from ingest.lexicon import alternation, lexicon, terms
from ingest.marks import last_mark
from ingest.mentions import Mention
from ingest.normalise import fold
from ingest.scan import EndAnchored, widest

_CJK = r"\u4e00-\u9fff"


def _alt(name: str, column: str | None = None, value: str = "yes") -> str:
    return alternation(name, column, value) if column else alternation(name)


def _chars(name: str) -> str:
    return "[" + "".join(re.escape(t) for t in terms(name)) + "]"


# Words that name a programme when they end a name, and the verbs that launch or carry one out:
# all in lexicons (ingest/patterns/lexicon/programme_*.tsv).
_TAIL = _alt("programme_tails", "quoted")
_TAIL_AFTER_GAP = _alt("programme_tails", "after_gap")
_KEYED_TAILS = frozenset(lexicon("programme_tails").where("in_key", "yes"))
_ADOPT = _alt("programme_verbs")
_BEFORE_QUOTE = _alt("programme_verbs", "before_quote")
_QUOTE = r'"(?:[^"、，。,;；：:\n]{1,20}?)"'
_QUOTED_RUN_RE = re.compile(rf'{_QUOTE}(?:[、和与及]?{_QUOTE})*')
_BEFORE_RUN_RE = re.compile(rf'{_BEFORE_QUOTE}了?\s?\Z')
_BEFORE_RUN_REACH = widest(_BEFORE_RUN_RE)
_TAIL_AFTER_RE = re.compile(rf"(?:(?P<tail>{_TAIL})|(?P<gap>(?!等)[{_CJK}+]{{1,8}}?)(?P<gap_tail>{_TAIL_AFTER_GAP}))")
_EVENT_AFTER_RE = re.compile(rf"[{_CJK}]{{0,8}}?{_alt('programme_events')}")
_SLOGAN_AFTER_RE = re.compile(rf"[{_CJK}]{{0,6}}?{_alt('programme_slogans')}")
_LABELLED_RE = re.compile(rf'{_alt("programme_labels")}"(?P<name>[^"、，。,;；：:\n]{{2,16}})"')
_UNQUOTED_TAIL = _alt("programme_tails", "unquoted")
_LAUNCH = _alt("programme_verbs", "launch")
_UNQUOTED_NAME = rf"[{_CJK}]{{2,22}}?{_UNQUOTED_TAIL}(?=[，。、；,;和与及等\s]|$)"
_VERB_LED_RE = re.compile(rf"{_LAUNCH}了?(?P<list>(?:[{_CJK}]{{2,12}}、)*)(?P<name>{_UNQUOTED_NAME})")
_FOUNDED_RE = re.compile(
    rf"{_alt('programme_verbs', 'founds')}(?P<name>[{_CJK}]{{2,14}}?{_alt('programme_networks')})(?=[，。、；,;和与及等\s]|$)"
)
# 持续开展以…为载体的中华优秀传统文化弘扬行动: the name follows the last 的 of the clause.
_AFTER_DE_RE = re.compile(rf"的(?P<name>[{_CJK}]{{4,20}}?{_UNQUOTED_TAIL})(?=[，。、；,;和与及等\s]|$)")
_LEVER_RE = re.compile(rf'以"(?P<name>[^"、，。,;；：:\n]{{2,16}})"为{_alt("programme_levers")}')
_AND_NEXT_RE = re.compile(rf"[和与及、](?P<name>{_UNQUOTED_NAME})")
_ENUMERATION_RE = re.compile(
    rf'(?P<list>[^，。；：,;:!！?？\n]{{4,90}}?)等"?(?:(?!为)[{_CJK}]){{0,6}}?{_alt("programme_carriers")}"?(?![{_CJK}])'
)
# An enumeration ends at its carrier word (and a closing quote): ingest/scan.py.
# 等, a closing quote, at most six characters, then the carrier word.
_ENUMERATIONS = EndAnchored.of(_ENUMERATION_RE, terms("programme_carriers"), after=1, holds=("等", 8))
_LIST_LEAD = re.compile(rf"^(?:{_alt('programme_list_leads')}|{_ADOPT})+")
_ONE_X_ONE_Y_RE = re.compile(rf"一(?P<x>[{_CJK}])一(?P<y>{_alt('one_x_one_y_tails')}|[{_CJK}])")
_INTO_SCHOOLS_RE = re.compile(rf"(?<!{_chars('into_schools_not_after')})进{_alt('into_schools_places')}")
_WHO_ENTERS_ANYWAY = re.compile(rf"^{_alt('into_schools_visitors')}")
_BEFORE_SUBJECT_RE = re.compile(rf"{_ADOPT}|{_alt('programme_subject_cuts')}")


def _not_a_programme_re() -> str:
    parts = []
    for e in lexicon("programme_not_words").entries:
        word = re.escape(e["term"])
        if e.get("unless_before"):
            word += f"(?!{re.escape(e['unless_before'])})"
        parts.append(word + ("$" if e.get("at_end") == "yes" else ""))
    return "(?:" + "|".join(parts) + r"|\d+%)"


_NOT_A_PROGRAMME = re.compile(_not_a_programme_re())
_PERIOD = re.compile(r"^(?:[一二三四五六七八九十]+五|\d{4}年?)$")  # "十四五"名优教师培养工程: the period qualifies the name
_GENERIC_HEAD = re.compile(rf"^{_alt('programme_generic_heads')}")
_NOT_AN_ITEM = re.compile(rf"{_alt('programme_not_items')}$")
_ONE_X_ONE_Y_IDIOMS = frozenset(terms("one_x_one_y_idioms"))
_FREQUENCY = re.compile(_chars("frequency_words"))


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    lines = (PATTERNS / "non_initiatives.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(l.strip()) for l in lines if l.strip() and not l.startswith("#"))


def _cjk_count(s: str) -> int:
    return len(re.findall(rf"[{_CJK}]", s))


def _programme(name: str) -> bool:
    return _cjk_count(name) >= 2 and not _NOT_A_PROGRAMME.search(name) and name not in _stoplist()


def _listed_item(name: str) -> bool:
    """An item of a list of programmes: 青干营, not 青少年宫, 各类 or a two-character word."""
    return 3 <= len(name) <= 14 and not _NOT_AN_ITEM.search(name) and not _GENERIC_HEAD.search(name) and _programme(name)


def _subject_before(folded: str, pos: int, width: int) -> str:
    """The words before `pos` after the last verb, adverb or joining word: 持续开展禁毒教育 -> 禁毒教育."""
    run = re.search(rf"[{_CJK}]{{2,{width}}}$", folded[max(0, pos - width) : pos])
    if not run:
        return ""
    cuts = [w.end() for w in _BEFORE_SUBJECT_RE.finditer(run.group(0))]
    return run.group(0)[cuts[-1] :] if cuts else run.group(0)


def _mention(start: int, end: int, folded: str, key: str, rule: str) -> Mention:
    return Mention("INITIATIVE", start, end, folded[start:end], key, {"rule": rule})


def _quoted_runs(folded: str) -> Iterator[tuple[bool, re.Match]]:
    """Each run of quoted names, and whether a verb that launches one stands right before it: what
    one regex with the verb as an optional lead finds, the verb looked for only before a run (its
    alternation tried at every position of the text was most of this recogniser's time)."""
    done = 0  # a verb starts after the run before
    for m in _QUOTED_RUN_RE.finditer(folded):
        yield _BEFORE_RUN_RE.search(folded, max(done, m.start() - _BEFORE_RUN_REACH), m.start()) is not None, m
        done = m.end()


def _quoted(folded: str) -> Iterator[Mention]:
    for before, m in _quoted_runs(folded):
        quotes = list(re.finditer(r'"([^"]*)"', m[0]))
        after = _TAIL_AFTER_RE.match(folded, m.end())
        tail = after and (after["tail"] or after["gap_tail"])
        for i, q in enumerate(quotes):
            name = q[1].strip()
            last = i == len(quotes) - 1
            q_start, q_end = m.start() + q.start(), m.start() + q.end()
            own_tail = last and tail
            if not (before or tail or re.search(f"{_TAIL}$", name)):
                continue
            if _cjk_count(name) < 2:
                # "1+X" says little alone: name it with the words it qualifies,
                # 心理健康服务“1+X”体系, “1+3+N”学生资助体系.
                if not own_tail:
                    continue
                start = q_start
                if after["tail"]:
                    head = _subject_before(folded, q_start, 12)
                    if len(head) < 2:
                        continue
                    start = q_start - len(head)
                yield _mention(start, after.end(), folded, folded[start:after.end()], "quoted")
                continue
            if _EVENT_AFTER_RE.match(folded, q_end) or _SLOGAN_AFTER_RE.match(folded, q_end):
                continue  # 开展“情暖师生”专题实践活动: an event; 构建“一核多元”治理格局: a goal
            if own_tail and after["gap"] and _PERIOD.match(name):
                yield _mention(q_start, after.end(), folded, after["gap"] + after["gap_tail"], "quoted")
                continue
            if not _programme(name):
                continue
            end = q_end
            key = re.sub(r"\d{4}年?$", "", name)  # “护苗2022”专项行动: this year's round of 护苗
            if own_tail and after["tail"] in _KEYED_TAILS:
                key, end = key + after["tail"], after.end()
            yield _mention(q_start, end, folded, key, "quoted")
        if tail:
            yield from _listed_after(folded, after.end())


def _labelled(folded: str) -> Iterator[Mention]:
    for m in _LABELLED_RE.finditer(folded):
        if _programme(m["name"]):
            yield _mention(m.start("name") - 1, m.end(), folded, m["name"], "labelled")


def _unquoted_name(folded: str, start: int, end: int) -> tuple[int, str] | None:
    name = folded[start:end]
    if "的" in name:  # 实施以…为核心的X工程: the name follows the last 的
        cut = name.rindex("的") + 1
        start, name = start + cut, name[cut:]
    bare = re.sub(f"{_UNQUOTED_TAIL}$", "", name)
    if len(bare) < 2 or _GENERIC_HEAD.search(name) or not _programme(name):
        return None
    return start, name


def _verb_led(folded: str) -> Iterator[Mention]:
    for m in _VERB_LED_RE.finditer(folded):
        found = _unquoted_name(folded, m.start("name"), m.end("name"))
        if not found:
            continue
        start, name = found
        yield _mention(start, m.end("name"), folded, name, "verb")
        # A list before a name cut at 的 qualifies it (开展以动漫、剪纸等为载体的X行动), it lists no programmes.
        items = m["list"].split("、") if start == m.start("name") else []
        offset = m.start("list")
        for item in filter(None, items):
            if _listed_item(item):
                yield _mention(offset, offset + len(item), folded, item, "verb-list")
            offset += len(item) + 1
        yield from _listed_after(folded, m.end("name"))


def _listed_after(folded: str, pos: int) -> Iterator[Mention]:
    """Programmes listed after one: 实施X工程、Y行动和Z计划."""
    while nxt := _AND_NEXT_RE.match(folded, pos):
        found = _unquoted_name(folded, nxt.start("name"), nxt.end("name"))
        if found:
            yield _mention(found[0], nxt.end("name"), folded, found[1], "verb")
        pos = nxt.end("name")


def _founded(folded: str) -> Iterator[Mention]:
    for m in _FOUNDED_RE.finditer(folded):
        found = _unquoted_name(folded, m.start("name"), m.end("name"))
        if found:
            yield _mention(found[0], m.end("name"), folded, found[1], "founded")


def _after_de(folded: str) -> Iterator[Mention]:
    for m in _AFTER_DE_RE.finditer(folded):
        clause_start = last_mark(folded, "，。；;,\n", m.start()) + 1
        if re.search(_LAUNCH, folded[clause_start:m.start()]):
            found = _unquoted_name(folded, m.start("name"), m.end("name"))
            if found:
                yield _mention(found[0], m.end("name"), folded, found[1], "verb")


def _lever(folded: str) -> Iterator[Mention]:
    for m in _LEVER_RE.finditer(folded):
        if _programme(m["name"]):
            yield _mention(m.start("name") - 1, m.end("name") + 1, folded, m["name"], "lever")


def _enumerated(folded: str) -> Iterator[Mention]:
    for m in _ENUMERATIONS.finditer(folded):
        listed = m["list"]
        lead = _LIST_LEAD.match(listed)
        offset = m.start("list") + (lead.end() if lead else 0)
        for part in re.finditer(r'"[^"]+"|[^、"]+', listed[lead.end() if lead else 0:]):
            item = part.group(0)
            name = item.strip('"').strip()
            start = offset + part.start()
            if _listed_item(name):
                yield _mention(start, start + len(item), folded, name, "enumerated")


def _one_x_one_y(folded: str) -> Iterator[Mention]:
    for m in _ONE_X_ONE_Y_RE.finditer(folded):
        name = m.group(0)
        numbered_slogan = m.start() and re.match(r"[一二两三四五六七八九十]", folded[m.start() - 2:m.start() - 1] or " ")
        if name[:4] in _ONE_X_ONE_Y_IDIOMS or _FREQUENCY.match(m["x"]) or _FREQUENCY.match(m["y"]) or numbered_slogan:
            continue
        yield _mention(m.start(), m.end(), folded, name, "one-x-one-y")


def _into_schools(folded: str) -> Iterator[Mention]:
    for m in _INTO_SCHOOLS_RE.finditer(folded):
        subject = _subject_before(folded, m.start(), 16)
        start = m.start() - len(subject)
        if 2 <= len(subject) <= 8 and not _WHO_ENTERS_ANYWAY.match(subject) and _programme(folded[start:m.end()]):
            yield _mention(start, m.end(), folded, folded[start:m.end()], "into-schools")


def find_named_programmes(folded: str) -> list[Mention]:
    """Programme names a report coins or quotes, from the folded text; one mention per span."""
    found: dict[tuple[int, int], Mention] = {}
    for rule in (_quoted, _labelled, _verb_led, _founded, _after_de, _lever, _enumerated, _one_x_one_y, _into_schools):
        for m in rule(folded):
            found.setdefault((m.start, m.end), m)
    return sorted(found.values(), key=lambda m: m.start)
