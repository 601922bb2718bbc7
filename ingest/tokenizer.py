"""One token per character, as spaCy's Chinese tokenizer with its default "char" segmenter makes
them, built in linear time: spaCy aligns the characters back to the text with a search from a
fresh copy of the rest of the text for every character (quadratic in the length of the text),
which was a third of the extraction time on 14 KB texts and would not finish on a 20 MB file.

Whitespace follows spaCy's rules: a single space after a character is that token's trailing
whitespace, any other run of whitespace is a token of its own."""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

_WHITESPACE_RUN = re.compile(r"\s+")


def char_words(text: str) -> tuple[list[str], list[bool]]:
    """The words and trailing-space flags spaCy's "char" segmenter gives for `text`."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for run in _WHITESPACE_RUN.finditer(text):
        start, end = run.span()
        words.extend(text[pos:start])
        spaces.extend([False] * (start - pos))
        if start > pos and text[start] == " ":  # one space after a character is its whitespace
            spaces[-1] = True
            start += 1
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        pos = end
    words.extend(text[pos:])
    spaces.extend([False] * (len(text) - pos))
    return words, spaces


class CharTokenizer:
    """A drop-in for spacy.lang.zh.ChineseTokenizer(segmenter="char") on `nlp.tokenizer`."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words, spaces = char_words(text)
        return Doc(self.vocab, words=words, spaces=spaces)


__all__ = ["CharTokenizer", "char_words"]
