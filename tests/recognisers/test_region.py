"""Regions: full names, aliases, short forms only where they stand as words, relative references."""
from ingest.nlp import build_nlp
from ingest.normalise import fold
from ingest.overlap import longest_non_overlapping
from ingest.recognisers.region import find_regions


def regions(text, home=None):
    doc = build_nlp().make_doc(fold(text))
    return sorted({m.key for m in longest_non_overlapping(find_regions(doc, home))})


def test_full_names_and_aliases():
    assert regions("杭州高新区（滨江）下辖3个街道") == ["330108"]
    assert regions("绍兴市越城区人民政府履行教育职责自评报告") == ["330600", "330602"]


def test_short_forms_inside_other_words_are_not_regions():
    assert regions("提升义务教育学校优质均衡水平", "330602") == []  # 衡水 inside 均衡水平
    assert regions("高起点开办北海小学梅山校区", "330602") == []  # 北海 names a school here
    assert regions("西湖大学正式签约", "330100") == []
    # 黔东南 is a prefecture; 德令哈 is a county-level city far from the report: its bare short form is not trusted.
    assert regions("到贵州黔东南、青海德令哈等地开展支教", "330100") == ["520000", "522600", "630000"]


def test_relative_references_mean_the_reporting_region():
    assert regions("我区坚持教育优先发展，区委、区政府高度重视", "330108") == ["330108"]
    assert regions("市教育局认真学习", "330108") == ["330100"]  # 市 in a district report is its city
    assert regions("社区委员会", "330108") == []


def test_ambiguous_names_prefer_the_reporting_province():
    assert regions("鼓楼区教育局", "320100") == ["320106"]  # Nanjing's 鼓楼区
    assert regions("鼓楼区教育局", "350100") == ["350102"]  # Fuzhou's 鼓楼区


def test_a_distant_county_must_stand_as_a_word():
    # 会同 is also a verb ("together with"): 县教育局会同县财政局 names no region in Hunan's 怀化.
    assert regions("县教育局会同县财政局印发", "430121") == ["430121"]
