"""Indicators with values: 学前三年毛入园率96.2%, 小学生师比16.98:1, 专任教师4818人 …"""
from __future__ import annotations

import re

from ingest.mentions import Mention

_UNITS = r"%|‰|个百分点|万人次|人次|万人|人|所|个|万元|亿元|元|万平方米|平方米|名|家|班|项|台|次|篇|件|张"
_NAME_TAIL = (
    r"率|比|比例|覆盖率|满意度|达标率|优良率|合格率|入园率|入学率|巩固率|升学率|占比|系数|指数|"
    r"人数|学生数|教师数|在校生|专任教师|学位|面积|经费|支出|投入|收入|资金|总额|总量|班额|数量"
)
_NUM = r"\d+(?:\.\d+)?"
_INDICATOR_RE = re.compile(
    rf"(?P<name>[\u4e00-\u9fff]{{2,16}}?(?:{_NAME_TAIL}))"
    rf"(?P<verb>(?:分别)?(?:达到|达|为|是|保持|提高到|提升到|提升至|提高至|增至|增加到|降至|超过|约|近|共|已达|稳定在|控制在)?)"
    rf"(?P<value>{_NUM})\s*(?P<unit>(?:{_UNITS}|:1|∶1)?)"
)
_LEAD = re.compile(r".*(?:的|和|与|及|其中|全区|全市|我区|我市|，|、|,)")


def find_indicators(folded: str, text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _INDICATOR_RE.finditer(folded):
        name, start = m["name"], m.start("name")
        cut = _LEAD.match(name)
        if cut:
            start += cut.end()
            name = name[cut.end():]
        if len(name) < 2:
            continue
        unit = m["unit"].replace("∶", ":")
        if not unit and not name.endswith(("比", "系数", "指数")):
            continue
        value = float(m["value"])
        out.append(Mention("INDICATOR", start, m.end(), text[start:m.end()], name,
                           {"value": value, "unit": unit or None, "raw": text[m.start('value'):m.end()]}))
    return out
