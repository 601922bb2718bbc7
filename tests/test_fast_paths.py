"""The faster ways extraction does things give exactly what the plain ways give, on the real texts
of the seeds and the dev corpus: the character tokenizer against spaCy's own, the array Viterbi
against jieba's, sentence bounds by bisection against a scan, anchored regex scans and curated
initiative patterns against a scan of the whole text."""
from __future__ import annotations

import random
import re

import pytest
import spacy

from ingest.normalise import MAX_REACH, SENTENCE_END, Sentences, fold
from ingest.recognisers import agency, initiative, programme
from ingest.recognisers.initiative_key import surface_pattern
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
