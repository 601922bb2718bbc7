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
    ("地区生产总值2022.6亿元，增长11.3%", []),  # not about education
    ("2022年8月，召开第3次会议", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_indicators(text, expected):
    assert found(text) == expected
