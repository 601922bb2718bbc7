"""School names: the proper name before a school word, never a category of schools."""
import pytest

from ingest.recognisers.school import find_schools

CASES = [
    ("2021年我区绍兴市建功中学、绍兴市阳明小学等5所学校为首批绍兴市清廉学校示范校", ["绍兴市建功中学", "绍兴市阳明小学"]),
    ("高起点开办北海小学梅山校区等5所学校", ["北海小学梅山校区"]),
    ("停办滨虹学校，确保西兴中学顺利开学", ["滨虹学校", "西兴中学"]),
    ("滨江区海康威视幼儿园顺利开学", ["滨江区海康威视幼儿园"]),
    ("杭州第十四中学、杭州二中白马湖学校", ["杭州第十四中学", "杭州二中白马湖学校"]),
    ("规范学校办学行为，促进学校内涵发展", []),
    ("加快小区配套幼儿园建设，充分发挥公办幼儿园作用", []),
    ("进一步健全越城区学校安全管理", []),
    ("打造杭城小学生高品质托管服务", []),
    ("长沙县实验中学、星沙实验小学等学校开展课后服务", ["长沙县实验中学", "星沙实验小学"]),
    ("关于完善东丽区中等职业学校生均拨款制度", []),
    # after a clear boundary, a short run jieba cannot tag is still a name
    ("稽山初级中学、站前小学等9所学校如期开学", ["稽山初级中学", "站前小学"]),
    ("仅有公参民性质的和畅堂小学一所", ["和畅堂小学"]),
    ("新开办的龙湖小学、石桥小学投入使用", ["龙湖小学", "石桥小学"]),
    ("，新建小学3所，扩建中学2所", []),
    ("全面推进亚运进学校", []),
    ("社会对学校的满意度持续提升", []),
    ("不断完善学校治理", []),
    # the district's own one-of-a-kind school
    ("以区老年大学为龙头，完善老年教育网络", ["区老年大学"]),
    ("我县职业教育中心学校在校生3200人", ["职业教育中心学校"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_schools(text, expected):
    assert [m.text for m in find_schools(text)] == expected
