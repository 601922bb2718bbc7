"""Hostile input, property-based (hypothesis): the reader and every recogniser take any text
without an exception, every mention's offsets lie inside the text and give back its text, and
normalisation is idempotent. Texts mix fragments of the real seed reports with the characters
that trouble recognisers: CJK, brackets 〔〕[]（）《》〈〉, digits, 号, quotes, controls, whitespace."""
from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.extract import extract
from ingest.nlp import analyse, build_nlp
from ingest.normalise import collapse_space, fold, normalise_doc_number, normalise_title, sentence_bounds
from ingest.reader import IngestError, read_source
from ingest.recognisers.agency import find_agencies
from ingest.recognisers.doc_number import find_doc_numbers
from ingest.recognisers.indicator import find_indicators
from ingest.recognisers.initiative import find_initiatives
from ingest.recognisers.programme import find_named_programmes
from ingest.recognisers.region import find_regions
from ingest.recognisers.school import find_schools
from ingest.recognisers.table import find_table_indicators
from ingest.recognisers.title import find_titles
from ingest.report import read_context
from tests.conftest import seeds_dir

FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SOME = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def _fragments() -> list[str]:
    """Short pieces of the real reports: words, names, numbers and their punctuation."""
    out: set[str] = set()
    for path in sorted(seeds_dir().glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for piece in re.split(r"[。；\n]", text):
            for i in range(0, len(piece), 7):
                if piece[i : i + 7].strip():
                    out.add(piece[i : i + 7])
    return sorted(out)


BRACKETS = list("〔〕[]［］（）()《》〈〉<>【】「」")
QUOTES = list("“”‘’\"'")
MARKS = list("。，、；：！？-—～·") + ["号", "第", "年", "月", "日", "%", "％", "万元", "所", "个", "、"]
SPACE = ["\n", "\t", " ", "\u3000", "\u00a0", "\r\n", "\x0b", "\x00", "\u200b"]
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
digits = st.integers(0, 99999).map(str)
years = st.integers(1900, 2099).map(str)
atom = st.one_of(
    st.sampled_from(_fragments()),
    cjk,
    st.sampled_from(BRACKETS),
    st.sampled_from(QUOTES),
    st.sampled_from(MARKS),
    st.sampled_from(SPACE),
    digits,
    years,
    st.characters(blacklist_categories=("Cs",)),
)
texts = st.lists(atom, max_size=60).map("".join)
# 浙政教督办〔2022〕5号 and its variants: any brackets, spaces, 第, full-width digits.
doc_numbers = st.builds(
    lambda code, o, y, c, di, serial, sp: f"{code}{sp}{o}{sp}{y}{sp}{c}{sp}{di}{serial}{sp}号",
    st.text(cjk, min_size=1, max_size=10), st.sampled_from(list("〔[［(（【")), years,
    st.sampled_from(list("〕]］)）】")), st.sampled_from(["", "第"]),
    st.integers(0, 99999).map(str) | st.sampled_from(["０５", "１２"]), st.sampled_from(["", " ", "\u3000"]),
)


def _check(mentions, *texts_given: str) -> None:
    n = len(texts_given[0])
    for m in mentions:
        assert 0 <= m.start <= m.end <= n, m
        assert m.text in {t[m.start : m.end] for t in texts_given}, m


@SOME
@given(texts)
def test_text_recognisers_never_fail_and_keep_offsets(text):
    folded = fold(text)
    _check(find_titles(text), text)
    _check(find_doc_numbers(folded, None), folded, text)
    _check(find_doc_numbers(folded, "330108"), folded, text)
    _check(find_agencies(folded, None), folded, text)
    _check(find_agencies(folded, "330100"), folded, text)
    _check(find_schools(folded), folded, text)
    _check(find_named_programmes(folded), folded, text)
    _check(find_table_indicators(folded), folded, text)
    _check(find_indicators(folded, text), folded, text)


@SOME
@given(texts)
def test_doc_recognisers_never_fail_and_keep_offsets(text):
    doc = build_nlp().make_doc(fold(text))
    doc._.source_text = text
    _check(find_initiatives(doc), doc.text, text)
    regions = find_regions(doc, None)
    _check(regions, doc.text, text)
    _check(find_regions(doc, "330108"), doc.text, text)
    read_context(text, regions)


@FEW
@given(texts)
def test_whole_pipeline_never_fails_and_keeps_provenance_inside_the_text(text):
    doc = analyse(text)
    _check(doc._.mentions, text)
    batch = extract(text, "hostile.txt", "hash")
    for edge in batch.edges.values():
        p = edge.provenance
        if p is not None:
            assert 0 <= p.start <= p.end <= len(text), edge


@SOME
@given(texts)
def test_fold_keeps_length_and_is_idempotent(text):
    assert len(fold(text)) == len(text)
    assert fold(fold(text)) == fold(text)


@SOME
@given(st.one_of(texts, texts.map(lambda t: f"《{t}》"), texts.map(lambda t: f"《《{t}》》。")))
def test_normalise_title_is_idempotent(raw):
    once = normalise_title(raw)
    assert normalise_title(once) == once


@SOME
@given(st.one_of(doc_numbers, texts, st.builds(lambda a, n, b: a + n + b, texts, doc_numbers, texts)))
def test_normalise_doc_number_is_idempotent(raw):
    try:
        once = normalise_doc_number(raw)
    except ValueError:
        return
    assert normalise_doc_number(once) == once
    assert re.fullmatch(r"[\u4e00-\u9fff]{1,14}〔(?:19|20)\d\d〕\d+号", once), once


@SOME
@given(texts, st.data())
def test_sentence_bounds_contain_the_span(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    left, right = sentence_bounds(text, start, end)
    assert 0 <= left <= max(start, left) and right <= len(text)
    assert left <= start or text[start:left].strip() == ""
    assert right >= end


@SOME
@given(texts)
def test_collapse_space_leaves_no_whitespace(text):
    assert not re.search(r"\s", collapse_space(text))


@FEW
@given(st.one_of(
    st.binary(max_size=600),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: t.encode("gb18030", "replace")),
    texts.map(lambda t: t.encode("utf-16")),
    texts.map(lambda t: b"%PDF-1.4\n" + t.encode("utf-8")),
    texts.map(lambda t: b"PK\x03\x04" + t.encode("utf-8")),
    texts.map(lambda t: f"<html><body><p>{t}</p></body></html>".encode("utf-8")),
), st.sampled_from([".txt", ".html", ".pdf", ".docx", ".xyz", ""]))
def test_reader_takes_any_bytes_and_either_reads_or_says_why(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("hostile") / f"file{suffix}"
    path.write_bytes(data)
    try:
        source = read_source(path)
    except IngestError as exc:
        assert exc.path == str(path) and exc.problem
        return
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", source.text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in source.text)
