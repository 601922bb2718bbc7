"""Word segmentation with part-of-speech tags (jieba), for the few places that need word
boundaries: where a school's name starts, where an indicator's name starts. The spaCy pipeline
itself stays one token per character so that every offset is a token boundary.

Tagging is a pure function of the window, and the same short windows recur within and across
texts (about four times each in the dev corpus), so results are memoised."""
from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    from ingest.pos_viterbi import viterbi

    jieba.setLogLevel(logging.WARNING)
    # jieba.posseg decodes unknown words with its module-level viterbi(); ours gives the same tags
    # (tests/test_pos_viterbi.py) an order of magnitude faster.
    jieba.posseg.viterbi = viterbi
    return jieba.posseg


class _CachedTagger:
    @staticmethod
    @lru_cache(maxsize=1 << 16)
    def cut(text: str) -> tuple:
        """(word, flag) pairs of `text`, as jieba.posseg.cut gives them."""
        return tuple(_posseg().cut(text))


@lru_cache(maxsize=1)
def tagger() -> _CachedTagger:
    return _CachedTagger()
