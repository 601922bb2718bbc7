"""The faster ways extraction does things give exactly what the plain ways give, on the real texts
of the seeds and the dev corpus: the character tokenizer against spaCy's own, the array Viterbi
against jieba's, sentence bounds by bisection against a scan, anchored regex scans and curated
initiative patterns against a scan of the whole text, and the overlap rule by bisection against
the rule by pairs, the gazetteer surface matcher against spaCy's PhraseMatcher, a batch's quick
schema test against the full check."""
from __future__ import annotations

import random
import re

import pytest
import spacy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest.lexicon import terms
from ingest.marks import first_mark, last_mark
from ingest.mentions import Mention
from ingest.normalise import MAX_REACH, SENTENCE_END, Sentences, fold
from ingest.overlap import Spans, longest_non_overlapping, same_key
from ingest.recognisers import agency, initiative, programme
from ingest.recognisers.initiative_key import surface_pattern
from ingest.surfaces import SurfaceMatcher
from ingest.tokenizer import CharTokenizer
from tests.conftest import dev_corpus_dir, seeds_dir


@pytest.fixture(scope="module")
def texts() -> list[str]:
    paths = sorted((dev_corpus_dir() / "texts").glob("*.txt")) + sorted(seeds_dir().glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def test_char_tokenizer_gives_spacys_tokens_and_whitespace(texts):
    nlp = spacy.blank("zh")
    nlp.max_length = 25_000_000
    ours = CharTokenizer(nlp.vocab)
    odd = [" 开头", "结尾 ", "两  个空格", "\n\n换行 \t制表", "\u3000全角\u00a0空格", " ", "", "a b", "中 \n文"]
    for text in [fold(t) for t in texts] + odd:
        expected = [(t.text, t.whitespace_) for t in nlp.tokenizer(text)]
        got = ours(text)
        assert [(t.text, t.whitespace_) for t in got] == expected, text[:40]
        assert got.text == text


def _phrase_matches(nlp, surfaces, text):
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab)
    for key in surfaces:
        matcher.add(key, [nlp.make_doc(key)])
    doc = nlp.make_doc(text)
    return sorted((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), nlp.vocab.strings[k]) for k, s, e in matcher(doc))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["杭州", "杭州市", "州市", "滨江", "滨江区", "江区", " ", "  ", "\n", "的", "区"]),
                max_size=14), st.booleans())
def test_surface_matcher_finds_what_the_phrase_matcher_finds(pieces, one_character_surface):
    """With a one-character surface every position is tried; without, only where an opening pair stands."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    surfaces = ["杭州", "杭州市", "滨江区", "江区", "州市"] + (["区"] if one_character_surface else [])
    text = "".join(pieces)
    got = sorted((start, end, key) for key, start, end in SurfaceMatcher(surfaces)(text))
    assert got == _phrase_matches(nlp, surfaces, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \u3000\u00a0\t\n区县a\ud800", max_size=30))
def test_trailing_spaces_squeezed_by_array_are_those_the_regex_finds(text):
    from ingest.codepoints import from_code_points
    from ingest.surfaces import _squeezed

    trailing = re.compile(r"(?<=\S) ")  # spaCy's trailing whitespace: a space after a non-space
    squeezed, removed, codes = _squeezed(text)
    assert squeezed == trailing.sub("", text)
    assert removed == [m.start() - k for k, m in enumerate(trailing.finditer(text))]
    assert from_code_points(codes) == squeezed


def test_surface_matcher_reads_past_a_lone_surrogate():
    assert SurfaceMatcher(["杭州", "杭州市"])("\ud800杭州市") == [("杭州", 1, 3), ("杭州市", 1, 4)]


def test_gazetteer_surface_matcher_finds_what_the_phrase_matcher_finds_in_the_texts(texts):
    from ingest.gazetteer import gazetteer

    nlp = spacy.blank("zh")
    nlp.max_length = 25_000_000
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    surfaces = sorted({fold(s) for s in gazetteer().names})
    ours = SurfaceMatcher(surfaces)
    found = 0
    for text in map(fold, texts):
        got = [(start, end, key) for key, start, end in ours(text)]
        assert got == _phrase_matches(nlp, surfaces, text)
        found += len(got)
    assert found > 1000


def test_array_viterbi_tags_as_jieba_does(texts):
    import jieba.posseg as posseg
    from jieba.posseg.viterbi import viterbi as jiebas

    from ingest.pos_viterbi import viterbi as ours

    model = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    rng = random.Random(7)
    runs = [run for t in texts for run in re.findall(r"[\u4e00-\u9fff]{2,}", t)]
    windows = [run[i : i + rng.randint(1, 12)] for run in rng.sample(runs, 1500) for i in [rng.randrange(len(run))]]
    windows += ["滨虹", "艮山", "了了了了", "湖州市吴兴区", "x"]
    for w in windows:
        assert ours(w, *model) == jiebas(w, *model), w


def _bounds_by_scan(text: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = max(0, start - MAX_REACH), min(len(text), end + MAX_REACH)
    marks = [text.rfind(c, lo, start) for c in SENTENCE_END]
    left = max(marks) + 1 if max(marks) != -1 else lo
    rights = [i for i in (text.find(c, end, hi) for c in SENTENCE_END) if i != -1]
    right = min(rights) + 1 if rights else hi
    while left < start and text[left].isspace():
        left += 1
    return left, right


def test_a_whole_text_folded_through_the_array_is_folded_as_by_translate(texts):
    from ingest.normalise import _FOLD_TABLE, _fold_whole

    every_character = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    odd = ["\ud800 lone surrogates \udfff" * 100]
    for text in texts + [every_character] + odd:
        assert _fold_whole.__wrapped__(text) == text.translate(_FOLD_TABLE)
    assert any(fold(t) != t for t in texts)  # the texts hold characters folding changes


def test_sentence_bounds_by_bisection_equal_a_scan(texts):
    rng = random.Random(3)
    for text in texts + ["没有标点的一行" * 100]:
        sentences = Sentences(text)
        for _ in range(200):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(0, 30))
            assert sentences.bounds(start, end) == _bounds_by_scan(text, start, end)


@pytest.mark.parametrize("anchored", [agency._AGENTS, programme._ENUMERATIONS], ids=["agencies", "enumerations"])
def test_anchored_scans_find_what_a_whole_text_scan_finds(texts, anchored):
    found = 0
    for text in map(fold, texts):
        expected = [(m.span(), m.groupdict()) for m in anchored.pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in anchored.finditer(text)] == expected
        found += len(expected)
    assert found > 0


_CARRIERS = sorted(terms("programme_carriers"))


_ENUMERATION_PIECES = st.lists(st.sampled_from(["等", '"', "为", "开展", "文明", "校园", "、", "，", "和", "美育", "\n"] + _CARRIERS[:4]),
                               max_size=12)


@settings(max_examples=300, deadline=None)
@given(_ENUMERATION_PIECES, st.sampled_from(["", '"']), st.text(alphabet="美育文明校园为", max_size=8),
       st.sampled_from(_CARRIERS), _ENUMERATION_PIECES)
@example([], '"', "美育文明校园", _CARRIERS[0], ["，"])  # 等, a quote and six characters before the carrier: the farthest
def test_enumerations_scanned_where_their_carrier_follows_deng_are_the_whole_text_scan(lead, quote, gap, carrier, rest):
    text = "".join(lead) + "开展美育和劳动教育等" + quote + gap + carrier + "".join(rest)
    anchored = programme._ENUMERATIONS
    expected = [(m.span(), m.groupdict()) for m in anchored.pattern.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in anchored.finditer(text)] == expected


_ONE_REGEX_QUOTED_RUNS = re.compile(
    rf'(?P<before>{programme._BEFORE_QUOTE}了?\s?)?(?P<run>{programme._QUOTE}(?:[、和与及]?{programme._QUOTE})*)'
)


def _quoted_runs_by_one_regex(text: str) -> list:
    return [(bool(m["before"]), m.span("run"), m["run"]) for m in _ONE_REGEX_QUOTED_RUNS.finditer(text)]


def test_quoted_runs_with_the_verb_looked_for_before_them_are_the_one_regex_runs(texts):
    found = 0
    for text in map(fold, texts):
        expected = _quoted_runs_by_one_regex(text)
        assert [(b, m.span(), m[0]) for b, m in programme._quoted_runs(text)] == expected
        found += sum(b for b, _, _ in expected)
    assert found > 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(['"', "实施", "开展", "了", " ", "\n", "、", "和", "双减", "，", "护苗", "施"]), max_size=20))
def test_quoted_runs_are_the_one_regex_runs_on_any_text(pieces):
    text = "".join(pieces)
    assert [(b, m.span(), m[0]) for b, m in programme._quoted_runs(text)] == _quoted_runs_by_one_regex(text)


def test_curated_initiative_patterns_match_as_their_surface_patterns(texts):
    """Each programme's regex (alternatives opening with a literal) finds what the alternation of
    its forms' surface patterns finds, and find_initiatives skips only programmes that cannot match."""
    matched = 0
    for scanner in initiative._scanners():
        surfaces = sorted(dict.fromkeys(surface_pattern(f) for f in scanner.programme.forms), key=len, reverse=True)
        plain = re.compile("|".join(f"(?:{s})" for s in surfaces))
        for text in map(fold, texts):
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in scanner.pattern.finditer(text)] == expected, scanner.programme.name
            assert scanner.possible_in(text) or not expected, scanner.programme.name
            matched += len(expected)
    assert matched > 0


def _windowed_and_whole(text: str):
    segments = initiative.Segments(text)
    for scanner in initiative._scanners():
        windowed = [m.span() for a, b in scanner.stretches(segments) for m in scanner.pattern.finditer(text, a, b)]
        yield scanner, windowed, [m.span() for m in scanner.pattern.finditer(text)]


def test_curated_initiatives_scanned_in_their_segments_are_found_as_in_the_whole_text(texts):
    assert all(s.segmented for s in initiative._scanners())  # else this test checks little
    found = 0
    for text in map(fold, texts):
        for scanner, windowed, whole in _windowed_and_whole(text):
            assert windowed == whole, scanner.programme.name
            found += len(whole)
    assert found > 100


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["嵌入式", "幼儿园", "嵌入式幼儿园", "。", "；", "和", "、", "课后服务", "课后", "服务",
                                 "\n", " ", "双减", "学校", "体育艺术", "2+1", "项目", "“", "”"]), max_size=16))
def test_segmented_scan_is_the_whole_text_scan_on_any_text(pieces):
    for scanner, windowed, whole in _windowed_and_whole(fold("".join(pieces))):
        assert windowed == whole, scanner.programme.name


def test_document_numbers_found_from_their_brackets_as_the_regex_finds_them(texts):
    from ingest.recognisers.doc_number import _NUMBER_RE, _numbers

    odd = ["根据浙政教督办〔2022〕5号和浙教基[2021]12号", "一二三四五六七八九十一二三四五六七八九十〔2020〕1号",
           "x 〔2020〕1号", "教〔2020〕1号〔2021〕2号", "浙教 \n （ 2019 ） 第 3 号"]
    found = 0
    for text in list(map(fold, texts)) + odd:
        expected = [(m.start("run"), m["run"], m["year"], m["serial"], m.end()) for m in _NUMBER_RE.finditer(text)]
        assert list(_numbers(text)) == expected
        found += len(expected)
    assert found > 0


_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from("ab")), max_size=40)


def _by_pairs(mentions, rivals):
    """The overlap rule written as its definition: each span against every span chosen before it."""
    chosen = []
    for m in sorted(mentions, key=lambda m: (-m.length, m.start)):
        if not any(m.overlaps(c) and (rivals is None or rivals(m) == rivals(c)) for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


@settings(max_examples=300, deadline=None)
@given(_spans, st.booleans())
def test_overlap_rule_by_bisection_is_the_rule_by_pairs(spans, by_key):
    mentions = [Mention("X", s, s + n, "", key) for s, n, key in spans]
    rivals = same_key if by_key else None
    assert longest_non_overlapping(mentions, rivals) == _by_pairs(mentions, rivals)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)), max_size=20), st.integers(0, 70), st.integers(0, 10))
def test_blocking_spans_by_bisection_are_a_scan(blocks, start, length):
    blocked = [(s, s + n) for s, n in blocks]
    spans = Spans(blocked)
    end = start + length
    assert spans.holding_start(start) == any(s <= start < e for s, e in blocked)
    assert spans.overlapping(start, end) == any(start < e and s < end for s, e in blocked)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="，。；,;:：\n学校ab", max_size=60), st.integers(-2, 70), st.integers(0, 70))
def test_marks_by_bisection_are_rfind_and_find(text, before, since):
    before = max(before, 0)
    for marks in ("，。；,;\n", ":：", "，,"):
        assert last_mark(text, marks, before, since) == max(text.rfind(c, since, before) for c in marks)
        found = [i for i in (text.find(c, since) for c in marks) if i >= 0]
        assert first_mark(text, marks, since) == (min(found) if found else -1)


@pytest.fixture(scope="module")
def batches(texts):
    from ingest.extract import extract

    return [extract(t, f"t{i}.txt", str(i)) for i, t in enumerate(texts[:12])]


def _slow_check_raises(batch) -> bool:
    try:
        for _ in batch.checked_nodes():
            pass
        for _ in batch.checked_edges():
            pass
    except ValueError:  # SchemaError is one
        return True
    return False


def test_real_batches_fit_the_schema_by_the_quick_test(batches):
    assert all(b._fits() and not _slow_check_raises(b) for b in batches)


_ODD_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=3),
                        st.lists(st.text(max_size=2), max_size=2))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_quick_schema_test_never_passes_what_the_full_check_refuses(batches, data):
    import copy

    from graph.types import Provenance

    batch = copy.deepcopy(data.draw(st.sampled_from(batches)))
    for _ in range(data.draw(st.integers(1, 3))):
        if data.draw(st.booleans()):
            node = data.draw(st.sampled_from(list(batch.nodes.values())))
            prop = data.draw(st.sampled_from(["id", "name", "year", "title", "ingested", "adcode", "odd", "aliases"]))
            node.props[prop] = data.draw(_ODD_VALUES)
            if data.draw(st.booleans()):
                node.label = data.draw(st.sampled_from(["Document", "Region", "Agency", "Nope"]))
        else:
            edge = data.draw(st.sampled_from(list(batch.edges.values())))
            choice = data.draw(st.integers(0, 3))
            if choice == 0:
                edge.props[data.draw(st.sampled_from(["key", "doc_id", "verb", "odd", "start"]))] = data.draw(_ODD_VALUES)
            elif choice == 1 and edge.provenance is not None:
                p = edge.provenance
                edge.provenance = Provenance(data.draw(_ODD_VALUES), p.start, data.draw(_ODD_VALUES), p.sentence)
            elif choice == 2:
                edge.provenance = None
            else:
                edge.target = data.draw(st.sampled_from(["nowhere", *batch.nodes]))
    if _slow_check_raises(batch):
        assert not batch._fits()

