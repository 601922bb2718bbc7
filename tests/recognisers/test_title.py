"""《》 titles: policy or not, kind, nesting."""
import pytest

from ingest.recognisers.title import classify, find_titles

POLICY = [
    ("杭州市人民政府教育督导委员会办公室关于对区、县（市）人民政府开展履行教育职责评价的通知", "通知"),
    ("滨江区教育局党委关于党组织领导的校长负责制工作的实施意见(试行)", "实施意见"),
    ("深化新时代教育评价改革总体方案", "方案"),
    ("中小学教育惩戒规则", "规则"),
    ("杭州高新区（滨江）建设“教育硅谷”五年行动方案(2023-2027", "行动方案"),
    ("中共杭州市委教育工作领导小组2020年工作要点", "工作要点"),
    ("天津市义务教育学校实验室及功能教室设施装备管理规范", "规范"),
]
NOT_POLICY = [("人民日报", "newspaper"), ("教育参阅", "bulletin"), ("中国教育报", "newspaper"), ("百法百例", "other")]


@pytest.mark.parametrize("title,kind", POLICY)
def test_policy_titles_and_their_kind(title, kind):
    assert classify(title) == (True, kind)


@pytest.mark.parametrize("title,kind", NOT_POLICY)
def test_what_is_not_a_policy(title, kind):
    assert classify(title) == (False, kind)


def test_nested_titles_give_two_documents_and_a_link():
    text = "认真贯彻《市教委、市语委转发<教育部、国家语委关于进一步加强学校语言文字工作的意见>的通知》要求"
    outer, inner = find_titles(text)
    assert outer.attrs["title"].startswith("市教委、市语委转发") and outer.attrs["kind"] == "通知"
    assert inner.attrs["title"] == "教育部、国家语委关于进一步加强学校语言文字工作的意见"
    assert inner.attrs["nested_in"] == outer.start and inner.attrs["link"] == "FORWARDS"


def test_an_unclosed_title_is_not_a_title():
    assert find_titles("见《关于推进\n下一行") == []
