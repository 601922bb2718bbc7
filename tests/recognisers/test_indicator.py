"""Indicators: name, value and unit from the clause; dates and ordinals are not measures."""
import pytest

from ingest.normalise import fold
from ingest.recognisers.indicator import find_indicators


def found(text):
    return [(m.key, m.attrs["value"], m.attrs["unit"]) for m in find_indicators(fold(text), text)]


CASES = [
    ("区内幼儿园等级园覆盖率100%，学前三年毛入园率达96.2%，普惠性幼儿园覆盖率达91.7%",
     [("区内幼儿园等级园覆盖率", 100.0, "%"), ("学前三年毛入园率", 96.2, "%"), ("普惠性幼儿园覆盖率", 91.7, "%")]),
    ("小学生师比16.98:1", [("小学生师比", 16.98, ":1")]),
    ("2021年越城区中小学校际差异系数分别为0.29、0.24", [("越城区中小学校际差异系数", 0.29, None), ("越城区中小学校际差异系数", 0.24, None)]),
    ("学生满意度得分8.996分,教师满意度得分8.98分", [("学生满意度得分", 8.996, "分"), ("教师满意度得分", 8.98, "分")]),
    ("其中用于教育的支出为31.0亿元,同比增长14.7%", [("用于教育的支出", 31.0, "亿元"), ("用于教育的支出增长", 14.7, "%")]),
    ("为全区48所法人资格中小学校配好学校卫生室", [("法人资格中小学校", 48.0, "所")]),
    ("综合差异系数中学、小学分别为0.188、0.212", [("中学综合差异系数", 0.188, None), ("小学综合差异系数", 0.212, None)]),
    ("生均一般公共预算教育支出为:初中29246.25元、小学16571.07元,分别比上年增长8.62%、12.02%。",
     [("初中生均一般公共预算教育支出", 29246.25, "元"), ("小学生均一般公共预算教育支出", 16571.07, "元"),
      ("初中生均一般公共预算教育支出增长", 8.62, "%"), ("小学生均一般公共预算教育支出增长", 12.02, "%")]),
    ("中关村第一小学、人大附中等学校牵头组建教育集团12个", [("教育集团", 12.0, "个")]),
    ("地区生产总值2022.6亿元，增长11.3%", []),  # not about education
    ("2022年8月，召开第3次会议", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_indicators(text, expected):
    assert found(text) == expected


# Invented sentences in the style of other provinces' reports, one rule each.
RULE_CASES = [
    # measure-named verbs and 率 names are not verb phrases to drop
    ("2023年共招生2860人", [("招生", 2860.0, "人")]),
    ("学科类培训机构压减至12家，压减率86.7%", [("学科类培训机构压减", 12.0, "家"), ("压减率", 86.7, "%")]),
    ("投入1200万元为全区46所学校更新课桌椅", [("投入", 1200.0, "万元"), ("学校", 46.0, "所")]),
    # a share after a count
    ("全市符合条件的随迁子女5123人，在公办学校就读4870人，占比95.1%。",
     [("子女", 5123.0, "人"), ("公办学校就读", 4870.0, "人"), ("公办学校就读占比", 95.1, "%")]),
    # a list inherits its measure only in the same unit
    ("投入专项资金2600万元，12所学校完成校舍改造", [("专项资金", 2600.0, "万元"), ("学校", 12.0, "所")]),
    # words right after an earlier count are that count's noun
    ("组织32位区领导和156位教研员深入学校", [("区领导", 32.0, "位"), ("教研员", 156.0, "位")]),
    # durations, slogans and gaps between two units are not measures
    ("短短9个月建成2所公办幼儿园", [("公办幼儿园", 2.0, "所")]),
    ("推动校外培训机构压减率达85%", [("校外培训机构压减率", 85.0, "%")]),
    # from one value to another: both are the measure's
    ("全县小学生师比由2020年的19.5:1降至17.2:1", [("小学生师比", 19.5, ":1"), ("小学生师比", 17.2, ":1")]),
    ("专任教师由2019年的3200人增加到3650人", [("专任教师", 3200.0, "人"), ("专任教师", 3650.0, "人")]),
    ("民办小学报名录取比维持在2019年的1.71:1", [("民办小学报名录取比", 1.71, ":1")]),
    ("按照“三个100%”要求推进校园安全建设", []),
    ("城区学校与农村学校生均公用经费相差320元", []),
    # examples before 等 are not the measure; 一等奖 is a word
    ("中职学校新开设无人机应用、跨境电商等新兴专业12个", [("新兴专业", 12.0, "个")]),
    ("参加全省教师技能大赛，获得一等奖4名", [("一等奖", 4.0, "名")]),
    # what is counted is the title won, not the generic noun
    ("全县5所学校被评为省级文明校园", [("省级文明校园", 5.0, "所")]),
    ("12名教师获评正高级教师", [("正高级教师", 12.0, "名")]),
    # a region's score is named by the assessment before it
    ("在2022年省义务教育质量监测中，我县得86.5分", [("省义务教育质量监测得分", 86.5, "分")]),
    # an aside between name and number, a region that "has"
    ("乡村教师月人均生活补助（含交通补贴）850元", [("乡村教师月人均生活补助", 850.0, "元")]),
    ("南海区有各类学校312所", [("各类学校", 312.0, "所")]),
    # changes: against a year, and of the amount rather than of its share
    ("普通高中在校生4.2万人，较2021年(学年)增长3.5%", [("普通高中在校生", 4.2, "万人"), ("普通高中在校生增长", 3.5, "%")]),
    ("参加课后服务的学生9.6万人，占在校生总数87%，较上年增加12%",
     [("参加课后服务的学生", 9.6, "万人"), ("占在校生总数", 87.0, "%"), ("参加课后服务的学生增加", 12.0, "%")]),
    # 分别 with the measure after the last item, less the words that count the items
    ("小学、初中、高中三个学段巩固率分别为99.8%、99.5%、96.1%",
     [("小学巩固率", 99.8, "%"), ("初中巩固率", 99.5, "%"), ("高中巩固率", 96.1, "%")]),
    ("学生、家长、教师满意度分别为95.2%、93.8%、96.4%",
     [("学生满意度", 95.2, "%"), ("家长满意度", 93.8, "%"), ("教师满意度", 96.4, "%")]),
    # the noun after the unit keeps its qualifiers; a one-word name yields to a longer noun after the unit
    ("新增86所省二级幼儿园", [("省二级幼儿园", 86.0, "所")]),
    ("落地30个学生劳动教育基地", [("学生劳动教育基地", 30.0, "个")]),
    # a share named by who does what after it
    ("95%以上学生参加课后服务", [("学生参加课后服务比例", 95.0, "%")]),
    ("全县学校100%完成校园安全标准化建设", [("学校完成校园安全标准化建设比例", 100.0, "%")]),
    # places counted by what is done there
    ("在8所学校开展智慧课堂试点", [("开展智慧课堂试点学校", 8.0, "所")]),
    # 亿 alone is money
    ("三年累计投入教育建设资金约45亿", [("教育建设资金", 45.0, "亿")]),
    # 学员 is about education
    ("学员总计获得市级以上荣誉89项，竞赛获奖136人次", [("学员总计获得市级以上荣誉", 89.0, "项"), ("竞赛获奖", 136.0, "人次")]),
]


@pytest.mark.parametrize("text,expected", RULE_CASES)
def test_indicator_rules(text, expected):
    assert found(text) == expected


def test_a_from_value_is_of_the_year_it_names():
    text = "全县小学生师比由2020年的19.5:1降至17.2:1"
    years = [m.attrs.get("year") for m in find_indicators(fold(text), text)]
    assert years == [2020, None]  # None: the report's year
