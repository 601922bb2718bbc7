"""Programme names a report coins: each rule, and the look-alikes it must leave alone."""
import pytest

from ingest.normalise import fold
from ingest.recognisers.programme import find_named_programmes

CASES = [
    # quoted, with a launch verb or a programme word
    ("深化“三名”工程，推动教师成长", ["三名工程"]),
    ("全区学校完成“云守护”食品安全平台建设", ["云守护"]),
    ("推进“教育家型校长培养计划”，", ["教育家型校长培养计划"]),
    ("制定“十四五”名优教师校长培养工程实施方案", ["名优教师校长培养工程"]),
    ("构建“1+3+N”学生资助体系，", ["\"1+3+N\"学生资助体系"]),
    ("设立“班主任学院”“家长学堂”，", ["班主任学院", "家长学堂"]),
    ("开展“情暖师生”专题实践活动", []),
    ("出台“校园安全专项整顿工作方案”", []),
    ("按照“五个100%”创建目标", []),
    ("构建“一核多元”治理格局，全力打造“教育强区”新高地", []),
    ("落实“两个只增不减”，", []),
    # right after a programme word
    ("推出数改项目“中餐一件事”，护航学生", ["中餐一件事"]),
    # unquoted, after a launch verb
    ("推进普惠性幼儿园扩容工程和农村幼儿园补短提升工程，", ["普惠性幼儿园扩容工程", "农村幼儿园补短提升工程"]),
    ("实施青干营、卓越教师素质提升工程，", ["卓越教师素质提升工程", "青干营"]),
    ("持续开展以动漫、剪纸等多项比赛为载体的中华优秀传统文化弘扬行动，", ["中华优秀传统文化弘扬行动"]),
    ("开展“护苗2022”专项行动、校园周边环境整治行动和防溺水专项行动。",
     ["护苗", "校园周边环境整治行动", "防溺水专项行动"]),
    ("实施义务教育薄弱环节改善与能力提升项目，", ["义务教育薄弱环节改善与能力提升项目"]),
    ("启动新一轮改扩建工程。", []),
    ("完善荣誉推荐制度，激励教师", []),
    ("将校园建设列入民生实事工程，", []),
    # founded networks and levers
    ("建立美好教育共同体，学校、社区协同育人", ["美好教育共同体"]),
    ("以“五育管理”为抓手，落实五育并举", ["五育管理"]),
    # enumerations before 等 and a programme word
    ("以名校长工作室、骨干教师研修营等载体，", ["名校长工作室", "骨干教师研修营"]),
    ("依托青少年宫、科技馆等平台，", []),
    # 一X一Y and X进校园
    ("实行一课一销，规范培训行为", ["一课一销"]),
    ("举办一年一度的艺术节", []),
    ("形成二院一室一中心新格局", []),
    ("持续开展禁毒教育进校园、消防安全进校园等活动", ["禁毒教育进校园", "消防安全进校园"]),
    ("全力推进校园安全建设", []),
    ("规范各类进校园活动", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_named_programmes(text, expected):
    assert sorted(m.key for m in find_named_programmes(fold(text))) == sorted(expected)


def test_offsets_point_at_the_name():
    text = fold("推出数改项目“中餐一件事”，护航学生")
    [m] = find_named_programmes(text)
    assert text[m.start:m.end] == m.text and "中餐一件事" in m.text


def test_a_formula_with_no_verb_before_it_is_named_by_the_words_it_qualifies():
    text = fold("。儿童心理服务“1+X”体系全面建成")
    assert [m.key for m in find_named_programmes(text)] == ['儿童心理服务"1+X"体系']
