"""Commitment or bare mention, on real sentences of the dev corpus and the seeds."""
import pytest

from ingest.normalise import fold, sentence_bounds
from ingest.recognisers.commitment import commits


def _check(sentence: str, name: str, titles=(), foreign=()) -> bool:
    text = fold(sentence)
    start = text.index(fold(name))
    return commits(text, start, start + len(name), sentence_bounds(text, start, start + len(name)),
                   [tuple(t) for t in titles], [tuple(f) for f in foreign])


COMMITTED = [
    ("全面实施中小学校和中等职业学校美育工作自评制度。", "美育工作自评"),
    ("中小学校要深入推进体育艺术“2＋1”项目。", "2＋1"),
    ("形成“一校一品”、“一校多品”局面。", "一校一品"),
    ("国家级“中小学生艺术素质测评实验区”的县（区）要认真完成试点任务。", "艺术素质测评"),
    ("目前，我区共有嵌入式幼儿园三所，很好地为企业职工解决孩子入学难、接送难的困难。", "嵌入式幼儿园"),
    ("（四）高雅艺术进校园。", "高雅艺术进校园"),
]


@pytest.mark.parametrize("sentence,name", COMMITTED)
def test_commitment(sentence, name):
    assert _check(sentence, name)


def test_a_name_inside_a_cited_title_is_a_bare_mention():
    s = fold("发布《课后服务关爱教师10条“暖心”举措》,从实际出发,关心关爱广大教师,切实解决参与课后服务教师的困难,保障学校课后服务的顺利开展,更好落实“双减”要求。")
    title = (s.index("《"), s.index("》") + 1)
    first, last = s.index("课后服务"), s.rindex("课后服务")
    bounds = sentence_bounds(s, first, first + 4)
    assert not commits(s, first, first + 4, bounds, [title])
    assert commits(s, last, last + 4, bounds, [title])


def test_a_title_the_text_carries_out_adopts_what_it_names():
    s = "认真落实教育部《中小学生艺术素质测评办法》，加强学生美育素质测评。"
    title = (s.index("《"), s.index("》") + 1)
    assert _check(s, "艺术素质测评", titles=[title])


def test_a_list_of_local_courses_is_not_another_place():
    # 等地方课程 is not 等地 (other places).
    assert _check("有条件的要增设舞蹈、戏剧、戏曲等地方课程。", "戏曲")


def test_a_sentence_naming_a_region_outside_the_texts_line_is_a_comparison():
    s = "全省首推产业园区嵌入式幼儿园,得到社会各界高度认可。"
    assert _check(s, "嵌入式幼儿园")
    assert not _check(s, "嵌入式幼儿园", foreign=[(0, 2)])
