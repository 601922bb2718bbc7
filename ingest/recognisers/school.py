"""Named schools, kindergartens, campuses and universities.

A school-type word (中学, 幼儿园, 职业技术学院 …) marks a candidate; its name is the run of
proper-noun, place and noun words just before it. Chinese has no spaces, so the window before the
school word is segmented and POS-tagged with jieba: 停办/v 滨虹/n 学校 gives 滨虹学校, 促使/v 各/r
学校 gives nothing. A name made only of generic words (公办, 新建, 中小学 …) is a kind of school,
not a school.
"""
from __future__ import annotations

import re

from ingest.lexicon import alternation, lexicon
from ingest.mentions import Mention
from ingest.segment import tagger

_SUFFIX = alternation("school_kinds")
_CAMPUS = r"(?:[\u4e00-\u9fff]{2,4}(?:校区|园区|分校|分园))?"
_SUFFIX_RE = re.compile(rf"(?P<kind>{_SUFFIX}){_CAMPUS}")
WINDOW = 14
# Types a region has one of, so region + type names a school: 长沙县实验中学, 我区职业教育中心学校
# (not 职业/中等: 东丽区中等职业学校 is a category).
_SPECIFIC = ("实验", "外国语", "特殊教育", "培智", "聋哑", "老年", "社区学院", "职业教育中心")
# What may stand right before a name that jieba cannot tag as one (、站前小学, 的和畅堂小学, 与多思学校).
_BOUNDARY = "、，。；：,;:“”\"（）()《》的与及将把对在从向由为按\n"
_OWN_REGION = re.compile(r"(?:^|[^\u4e00-\u9fff]|[以在的和与及将])(?:我|本)?[区县市]$")
NAME_FLAGS = {"n", "nr", "nrt", "ns", "nz", "nt", "nrfg", "j", "eng", "ng"}
_RUN_FLAGS = NAME_FLAGS | {"f", "a", "q", "g", "s", "b", "m"}
_GENERIC = re.compile(
    r"^(?:公办|民办|新建|各类|各级|中|小|农村|城区|乡村|薄弱|义务教育|特殊教育|寄宿制|九年一贯制|普通|所有|每所|各|该|本|"
    r"省级|市级|区级|县级|示范|等级|优质|重点|新|老|老旧|高|初|职业|中等|高等|幼|托|普惠性|普惠|星级|一级|二级|三级|"
    r"标准化|现代化|名|好|强|试点|实验|合格|达标|特色|品牌|未来|数字|智慧|清廉|平安|文明|绿色|健康|书香|足球|体育|艺术|"
    r"科技|劳动|国际|双语|外国语|社区|开放|成人|业余|培训|校外|公立|私立|国有|集体|企业|部队|全|多|中小学|义务段|"
    r"小规模|附属|配套|小区|住宅|嵌入式|产业园|园区|区域|区属|市属|县属|省属|基层|城乡|跨省|法人|非普惠性|集团化|新优质|"
    r"儿童友好|美丽|现代|教共体|共同体|领办|结对|帮扶|区内|市内|本地|外地|全国|全省|全市|全区|一批|一所|单位|机构|"
    r"学生|教师|家长|人民|群众|国家|政府|党|教育|网络|督学|班主任|工作|重大|项目|行政|资源|示范性|标杆|样板|窗口|"
    r"中心|实验区|试验|创新|改革|发展|建设|管理|服务|安全|卫生|食堂|心理|课后|校园|文化|精品|特色化|国际化|数字化|"
    r"规范|指导|直属|深化|联系|评价|发挥|推进|加强|治理|部分|阶段|时代|新时代|一流|百强|城镇|高质量|全部|计划|成|中职|"
    r"九年制|四所|三所|两所|家长|幼儿园|中小学幼儿园|差异系数|升学率|领导|干部|机关|部门|政府领导|特殊|落实|健全|发挥|"
    r"充分发挥|建立健全|双一流|公民办|各类|这些|其他|相关|有关|所属|下属|现有|全部|部分|新增|新开办|新办)*$"
)


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
        if text[m.end() : m.end() + 1] == "生" and m.group(0) in ("小学", "中学", "大学"):
            continue  # 小学生, 中学生: pupils, not a school
        start = _name_before(text, m.start())
        body = text[start : m.start()]
        whole = text[start : m.end()]
        core = _strip_places(body)
        # A place plus a specific type names one school: 长沙县实验中学, 东丽区特殊教育学校.
        own_region = body in ("区", "县", "市") or not body and _OWN_REGION.search(text[max(0, start - 4) : start])
        named_by_place = (body and not core or own_region) and m["kind"].startswith(_SPECIFIC)
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
