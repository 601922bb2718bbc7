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
from ingest.mentions import Mention
from ingest.normalise import fold

_CJK = r"\u4e00-\u9fff"
# Words that name a programme when they end a name, and the verbs that launch or carry one out.
_TAIL = r"(?:专项行动|三年行动|行动计划|提升工程|工程|行动|计划|项目|平台|机制|模式|品牌|改革|试点|服务|创建|制度|体系|联盟)"
_TAIL_AFTER_GAP = r"(?:平台|机制|体系|项目|工程|行动|计划|模式|品牌|联盟|试点)"
_ADOPT_WORDS = (
    "建立健全 全面完成 实施 推进 开展 推行 打造 创建 深化 落实 启动 探索 建立 健全 构建 建构 推出 建设 开发 上线 "
    "推广 实行 组建 首推 率先 创新 出台 设立 成立 引入 推动 完善"
).split()
_ADOPT = "(?:" + "|".join(_ADOPT_WORDS) + ")"
# Before a quote, 落实/完善/健全 take principles and rules as often as programmes (落实“两个只增不减”).
_BEFORE_QUOTE = "(?:" + "|".join(w for w in _ADOPT_WORDS if w not in ("落实", "完善", "健全")) + ")"
_QUOTE = r'"(?:[^"、，。,;；：:\n]{1,20}?)"'
_QUOTED_RUN_RE = re.compile(rf'(?P<before>{_BEFORE_QUOTE}了?\s?)?(?P<run>{_QUOTE}(?:[、和与及]?{_QUOTE})*)')
_TAIL_AFTER_RE = re.compile(rf"(?:(?P<tail>{_TAIL})|(?P<gap>(?!等)[{_CJK}+]{{1,8}}?)(?P<gap_tail>{_TAIL_AFTER_GAP}))")
_EVENT_AFTER_RE = re.compile(rf"[{_CJK}]{{0,8}}?(?:活动|比赛|大赛|竞赛|评比|展演)")
# A quoted phrase that frames a goal or a principle: 构建“一核多元”治理格局, 按照“四个最严”要求.
_SLOGAN_AFTER_RE = re.compile(
    rf"[{_CJK}]{{0,6}}?(?:格局|目标|理念|局面|氛围|高地|样板|标杆|要求|精神|主线|原则|思路|战略|方针|底线|红线|导向|为目标|为引领)"
)
_LABELLED_RE = re.compile(r'(?:项目|平台|品牌|小程序)"(?P<name>[^"、，。,;；：:\n]{2,16})"')
_UNQUOTED_TAIL = r"(?:行动计划|专项行动|三年行动|提升工程|提升项目|工程|行动|计划|项目|共同体|联盟)"
# Verbs that launch a programme; 落实/完善/建立 take rules and mechanisms as often as programmes.
_LAUNCH = r"(?:全面完成|实施|推进|开展|推行|启动|推出|打造|创建|首推|推动|设立|成立|深化)"
_UNQUOTED_NAME = rf"[{_CJK}]{{2,22}}?{_UNQUOTED_TAIL}(?=[，。、；,;和与及等\s]|$)"
_VERB_LED_RE = re.compile(rf"{_LAUNCH}了?(?P<list>(?:[{_CJK}]{{2,12}}、)*)(?P<name>{_UNQUOTED_NAME})")
# 建立/组建 found a programme only when what they found is a network: 建立美好教育共同体.
_FOUNDED_RE = re.compile(rf"(?:建立|组建|构建|成立)(?P<name>[{_CJK}]{{2,14}}?(?:共同体|联盟))(?=[，。、；,;和与及等\s]|$)")
# 持续开展以…为载体的中华优秀传统文化弘扬行动: the name follows the last 的 of the clause.
_AFTER_DE_RE = re.compile(rf"的(?P<name>[{_CJK}]{{4,20}}?{_UNQUOTED_TAIL})(?=[，。、；,;和与及等\s]|$)")
# 以“五育管理”为抓手: what a report names as its lever is a programme.
_LEVER_RE = re.compile(r'以"(?P<name>[^"、，。,;；：:\n]{2,16})"为(?:抓手|载体|突破口|切入点)')
_AND_NEXT_RE = re.compile(rf"[和与及、](?P<name>{_UNQUOTED_NAME})")
_ENUMERATION_RE = re.compile(
    rf'(?P<list>[^，。；：,;:!！?？\n]{{4,90}}?)等"?(?:(?!为)[{_CJK}]){{0,6}}?(?:载体|项目|品牌|平台|工程|机制|抓手)"?(?![{_CJK}])'
)
_LIST_LEAD = re.compile(rf"^(?:以|通过|依托|借助|利用|围绕|积极|全面|深入|大力|持续|着力|重点|进一步|扎实|先后|陆续|{_ADOPT})+")
_ONE_X_ONE_Y_RE = re.compile(rf"一(?P<x>[{_CJK}])一(?P<y>方案|档案|特色|品牌|清单|[{_CJK}])")
_INTO_SCHOOLS_RE = re.compile(r"(?<![推促引改先增跟写精前演迈跃挺并行])进(?:校园|学校|课堂)")
_WHO_ENTERS_ANYWAY = re.compile(r"^(?:各类|中小学|学生|教师|家长|社会|人员|车辆)")
_BEFORE_SUBJECT_RE = re.compile(rf"{_ADOPT}|组织|举办|结合|减少|杜绝|规范|关于|持续|深入|广泛|积极|大力|全面|加强|做好|抓好|常态化|和|与|及|等|的")

_NOT_A_PROGRAMME = re.compile(r"(?:示范校|先进|优秀(?!传统)|标兵|称号|冠军|奖|名单|评选|之星|能手|模范|典型|案例|\d+%|(?:方案|办法|意见|通知|规定|细则|指南|标准)$)")
_PERIOD = re.compile(r"^(?:[一二三四五六七八九十]+五|\d{4}年?)$")  # "十四五"名优教师培养工程: the period qualifies the name
_GENERIC_HEAD = re.compile(r"^(?:新一轮|一批|一系列|各类|相关|有关|各项|多项|系列|全区|全市|全县|全省|我区|我市|本区|本市)")
_NOT_AN_ITEM = re.compile(r"(?:宫|馆|中心|基地|学校|小学|中学|幼儿园|社区|街道|公司|企业|医院|大学|委|政府|局|厅|部|办)$")
# 一X一Y idioms and frequencies, not programmes.
_ONE_X_ONE_Y_IDIOMS = frozenset(
    "一年一度 一心一意 一点一滴 一草一木 一言一行 一朝一夕 一针一线 一砖一瓦 一举一动 一模一样 一五一十 "
    "一问一答 一张一弛 一唱一和 一来一回 一上一下 一前一后 一左一右 一大一小 一长一短 一家一户 一时一事".split()
)
_FREQUENCY = re.compile(r"[年月日天周期次度遍回届季]")


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


def _quoted(folded: str) -> Iterator[Mention]:
    for m in _QUOTED_RUN_RE.finditer(folded):
        quotes = list(re.finditer(r'"([^"]*)"', m["run"]))
        after = _TAIL_AFTER_RE.match(folded, m.end())
        tail = after and (after["tail"] or after["gap_tail"])
        for i, q in enumerate(quotes):
            name = q[1].strip()
            last = i == len(quotes) - 1
            q_start, q_end = m.start("run") + q.start(), m.start("run") + q.end()
            own_tail = last and tail
            if not (m["before"] or tail or re.search(f"{_TAIL}$", name)):
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
            if own_tail and after["tail"] in ("工程", "行动", "计划", "项目"):
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
        clause_start = max(folded.rfind(c, 0, m.start()) for c in "，。；;,\n") + 1
        if re.search(_LAUNCH, folded[clause_start:m.start()]):
            found = _unquoted_name(folded, m.start("name"), m.end("name"))
            if found:
                yield _mention(found[0], m.end("name"), folded, found[1], "verb")


def _lever(folded: str) -> Iterator[Mention]:
    for m in _LEVER_RE.finditer(folded):
        if _programme(m["name"]):
            yield _mention(m.start("name") - 1, m.end("name") + 1, folded, m["name"], "lever")


def _enumerated(folded: str) -> Iterator[Mention]:
    for m in _ENUMERATION_RE.finditer(folded):
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
