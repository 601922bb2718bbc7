"""Named schools, kindergartens, campuses and universities, by their name's tail."""
from __future__ import annotations

import re

from ingest.mentions import Mention

_SUFFIX = (
    "特殊教育学校|培智学校|聋哑学校|职业技术学院|职业技术学校|职业高级中学|中等职业学校|中等专业学校|职业教育中心学校|职业教育中心|职业学校|"
    "技工学校|外国语学校|实验学校|九年一贯制学校|高级中学|初级中学|完全中学|中心小学|中心幼儿园|实验小学|实验幼儿园|"
    "附属中学|附属小学|中学|小学|幼儿园|学校|大学|学院|高等研究院|一中|二中|三中|附中|附小"
)
_CAMPUS = r"(?:[\u4e00-\u9fff]{2,5}(?:校区|园区|分校|分园))?"
_SCHOOL_RE = re.compile(rf"(?P<body>[\u4e00-\u9fff0-9]{{1,14}}?)(?P<suffix>{_SUFFIX}){_CAMPUS}")
# Words after which a name starts; the name is what follows the last of them.
_BREAKERS = re.compile(
    r".*(?:的|在|和|与|及|等|为|是|有|将|了|对|由|把|被|向|从|到|至|以|如|即|含|其中|包括|我区|本区|全区|我市|全市|"
    r"新建|建成|开办|投用|启用|创建|成立|完成|推进|组建|引进|依托|联合|牵头|结对|帮扶|新增|改扩建|迁建|打造|所|个|年|月|日|入选|获评|评为|成为)"
)
# A body made only of these words names a kind of school, not a school.
_GENERIC = re.compile(
    r"^(?:公办|民办|新建|各类|各级|中|小|农村|城区|乡村|薄弱|义务教育|特殊教育|寄宿制|九年一贯制|普通|所有|每所|各|该|本|"
    r"一所|省级|市级|区级|县级|示范|等级|优质|重点|新|老|高|初|职业|中等|高等|幼|托|普惠性|普惠|星级|一级|二级|三级|"
    r"标准化|现代化|名|好|强|试点|实验|合格|达标|特色|品牌|未来|数字|智慧|清廉|平安|文明|绿色|健康|书香|足球|体育|艺术|"
    r"科技|劳动|国际|双语|外国语|社区|老年|开放|成人|业余|培训|校外|公立|私立|国有|集体|企业|部队|在|全|多|两|三|四|五|几|等)*$"
)


def find_schools(text: str) -> list[Mention]:
    out: list[Mention] = []
    for m in _SCHOOL_RE.finditer(text):
        body, start = m["body"], m.start("body")
        cut = _BREAKERS.match(body)
        if cut:
            start += cut.end()
            body = body[cut.end() :]
        body = body.lstrip("0123456789")
        start = m.end("body") - len(body)
        if len(body) < 2 or _GENERIC.match(body):
            continue
        name = text[start : m.end()]
        out.append(Mention("SCHOOL", start, m.end(), name, name, {"kind": m["suffix"]}))
    return out
