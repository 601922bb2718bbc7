"""Word segmentation with part-of-speech tags (jieba), for the few places that need word
boundaries: where a school's name starts, where an indicator's name starts. The spaCy pipeline
itself stays one token per character so that every offset is a token boundary."""
from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg
