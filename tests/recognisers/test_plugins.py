"""The recogniser plug-in protocol: one signature, triggers that skip what cannot fire, one overlap rule."""
from ingest.lexicon import all_lexicons, lexicon
from ingest.mentions import Mention
from ingest.nlp import analyse
from ingest.normalise import fold
from ingest.overlap import longest_non_overlapping, same_key
from ingest.recognisers import Context, Recogniser, recognisers


def test_every_recogniser_has_a_name_a_label_and_one_signature():
    names = [r.name for r in recognisers()]
    assert len(names) == len(set(names))
    ctx = Context(None, fold("各学校要深入推进体育艺术“2＋1”项目。"), "各学校要深入推进体育艺术“2＋1”项目。", None)
    for r in recognisers():
        assert all(isinstance(m, Mention) and m.label == r.label for m in r.run(ctx))
        ctx.found[r.name] = r.run(ctx)
    assert [m.key for m in ctx.found["initiatives"]] == ["体育艺术“2+1”项目"]


def test_a_recogniser_whose_triggers_are_absent_does_not_run():
    calls = []
    r = Recogniser("probe", "TEST", lambda ctx: calls.append(ctx) or [], triggers=("《",))
    r.run(Context(None, "没有书名号的句子", "没有书名号的句子", None))
    assert calls == []
    r.run(Context(None, "依据《意见》", "依据《意见》", None))
    assert len(calls) == 1


def test_titles_do_not_fire_without_a_title_mark():
    titles = next(r for r in recognisers() if r.name == "titles")
    assert not titles.can_fire(fold("推进高雅艺术进校园"))


def test_one_overlap_rule_longest_then_earliest_among_rivals():
    a = Mention("INITIATIVE", 0, 8, "", "学校美育发展年度报告制度")
    b = Mention("INITIATIVE", 0, 4, "", "中小学校美育工作自评制度")
    c = Mention("INITIATIVE", 2, 6, "", "学校美育发展年度报告制度")
    assert longest_non_overlapping([a, b, c]) == [a]
    assert longest_non_overlapping([a, b, c], same_key) == [a, b]


def test_a_blocked_span_drops_what_falls_in_it():
    doc = analyse("认真落实教育部《中小学生艺术素质测评办法》。")
    spans = [(m.start, m.end) for m in doc._.mentions if m.label == "TITLE"]
    agencies = [m for m in doc._.mentions if m.label == "AGENCY"]
    assert spans and all(not (s <= m.start < e) for m in agencies for s, e in spans)


def test_every_lexicon_loads_with_ids_and_a_version():
    for name in all_lexicons():
        lex = lexicon(name)
        assert lex.version >= 1 and lex.terms, name
