"""Vocabulary files: every lexicon loads, ids are unique, and malformed files are named."""
import re

import pytest

from ingest import lexicon as lx


@pytest.mark.parametrize("name", lx.all_lexicons())
def test_every_lexicon_loads_with_unique_ids_and_a_version(name):
    lex = lx.lexicon(name)
    assert lex.version >= 1
    assert len({e["id"] for e in lex.entries}) == len(lex.entries)
    assert all(e["term"].strip() == e["term"] and e["term"] for e in lex.entries)


def test_alternation_prefers_the_longest_term(tmp_path, monkeypatch):
    (tmp_path / "kinds.tsv").write_text("# version: 2\nid\tterm\nk1\t意见\nk2\t实施意见\n", encoding="utf-8")
    monkeypatch.setattr(lx, "LEXICON_DIR", tmp_path)
    lx.lexicon.cache_clear()
    lx.alternation.cache_clear()
    try:
        assert re.search(lx.alternation("kinds") + "$", "关于X的实施意见").group(0) == "实施意见"
        assert lx.lexicon("kinds").version == 2
    finally:
        lx.lexicon.cache_clear()
        lx.alternation.cache_clear()


def test_a_duplicate_id_is_reported_with_the_file(tmp_path, monkeypatch):
    (tmp_path / "bad.tsv").write_text("# version: 1\nid\tterm\nk1\t意见\nk1\t通知\n", encoding="utf-8")
    monkeypatch.setattr(lx, "LEXICON_DIR", tmp_path)
    lx.lexicon.cache_clear()
    lx.alternation.cache_clear()
    try:
        with pytest.raises(lx.LexiconError, match=r"bad\.tsv: id k1 is used twice"):
            lx.lexicon("bad")
    finally:
        lx.lexicon.cache_clear()
        lx.alternation.cache_clear()
