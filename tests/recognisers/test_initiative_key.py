"""Programme names as the dev corpus's texts write them fold to one key; different programmes do not."""
import re

import pytest

from ingest.normalise import fold
from ingest.recognisers.initiative import curated, find_initiatives
from ingest.recognisers.initiative_key import initiative_key, surface_pattern

SAME = [
    ("体育艺术“2+1”项目", "体育艺术“2＋1”项目", "体育艺术2+1项目"),
    ("中小学生艺术素质测评", "学生艺术素质测评", "艺术素质测评", "中小学生艺术素养测评"),
    ("中小学校美育工作自评制度", "学校美育工作自评", "学校艺术教育工作自评公示制度"),
    ("学校美育发展年度报告制度", "学校艺术教育发展年度报告制度", "美育发展年度报告"),
    ("高雅艺术进校园", "高雅艺术进校园活动", "“高雅艺术进校园”"),
]


@pytest.mark.parametrize("forms", SAME)
def test_variants_fold_to_one_key(forms):
    assert len({initiative_key(f) for f in forms}) == 1


def test_different_programmes_keep_different_keys():
    keys = [initiative_key(f[0]) for f in SAME] + [initiative_key(n) for n in ("戏曲进校园", "一校一品", "双减", "学生午餐")]
    assert len(set(keys)) == len(keys)


def test_a_head_or_tail_is_not_dropped_when_too_little_would_remain():
    assert initiative_key("学生午餐") == "学生午餐"
    assert initiative_key("双减工作") == "双减工作"  # two characters are too few to be sure of


@pytest.mark.parametrize("written,canonical", [
    ("学校美育工作自评", "中小学校美育工作自评制度"),
    ("体育艺术2＋1项目", "体育艺术“2+1”项目"),
    ("婺剧进校园", "戏曲进校园"),
    ("非遗进校园", "非物质文化遗产进校园"),
])
def test_a_written_form_resolves_to_the_curated_name(written, canonical):
    assert curated(written).name == canonical


# Sentences of the dev corpus, and the curated programmes they name.
FOUND = [
    ("深入推进“体育、艺术2＋1”项目", ["体育艺术“2+1”项目"]),
    ("建立学校艺术教育工作自评和年度报告制度", ["中小学校美育工作自评制度", "学校美育发展年度报告制度"]),
    ("支持开展高雅艺术和传统优秀文化艺术进校园活动", ["高雅艺术进校园"]),
    ("推进高雅艺术、国学经典进校园", ["高雅艺术进校园"]),
    ("全面实施中小学校和中等职业学校美育工作自评制度", ["中小学校美育工作自评制度"]),
    ("各区教育局每年要全面总结本区学校美育工作，编制并公开发布年度报告", ["学校美育发展年度报告制度"]),
    ("开展“非遗进校园”“婺剧进校园”等文化传承项目", ["戏曲进校园", "非物质文化遗产进校园"]),
    ("大力推广普及农村艺术教育实验县的先进经验", ["农村学校艺术教育实验县"]),
    # A list of another kind: 标准 and 测评 are two things, not one 艺术素质测评.
    ("制定学生艺术素质评价标准、测评办法", []),
    ("高校要把美育纳入学校教学质量年度报告", []),
]


@pytest.mark.parametrize("text,expected", FOUND)
def test_curated_programmes_in_real_sentences(text, expected):
    folded = fold(text)
    found = find_initiatives(folded)
    assert sorted({m.key for m in found}) == sorted(expected)
    assert all(folded[m.start:m.end] == m.text for m in found)


def test_a_paraphrase_stays_inside_one_sentence():
    pattern = re.compile(surface_pattern("美育…编制…年度报告"))
    assert pattern.search(fold("全面总结本区学校美育工作，编制并公开发布年度报告"))
    assert not pattern.search(fold("加强学校美育工作。各地编制年度报告"))
