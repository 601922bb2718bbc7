"""Whether a programme's mention commits the text to it (ADOPTED) or only names it.

A mention commits when its sentence carries a commitment word (实施/推进/开展/建立/完善/落实 …, or a
modal: 要, 应) or the sentence is a numbered task. It is a bare mention when it stands inside a
cited title (unless the clause carries out that document: 落实《中小学生艺术素质测评办法》), when its
clause is about someone else's practice (借鉴…等地经验) or an end to one, or when its sentence names a
region outside the text's own line (a comparison). Vocabulary: lexicons commitment_verbs and
not_commitment.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexicon import alternation
from ingest.marks import first_mark, last_mark
from ingest.recognisers.vocab import words_except

_CLAUSE_END = "，,；;。!！?？\n"
_TASK_HEAD = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.．、])")


@lru_cache(maxsize=1)
def _commit_re() -> re.Pattern:
    return re.compile(alternation("commitment_verbs"))


@lru_cache(maxsize=1)
def _carries_out_re() -> re.Pattern:
    return re.compile(alternation("commitment_verbs", "document", "yes"))


@lru_cache(maxsize=1)
def _not_commit_re() -> re.Pattern:
    return re.compile(words_except("not_commitment"))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    right = first_mark(text, _CLAUSE_END, end)
    return last_mark(text, _CLAUSE_END, start) + 1, right if right >= 0 else len(text)


def commits(text: str, start: int, end: int, sentence: tuple[int, int],
            titles: list[tuple[int, int]] = (), foreign: list[tuple[int, int]] = ()) -> bool:
    """`text` is the folded document; (start, end) the mention, `sentence` its sentence's bounds,
    `titles` the cited titles' spans, `foreign` the spans of regions outside the text's own line."""
    s_start, s_end = sentence
    c_start, c_end = _clause(text, start, end)
    title = next(((a, b) for a, b in titles if a <= start and end <= b), None)
    if title is not None:
        lead = text[_clause(text, title[0], title[0])[0]:title[0]]
        return bool(_carries_out_re().search(lead))
    if _not_commit_re().search(text, c_start, c_end):
        return False
    if any(s_start <= a and b <= s_end for a, b in foreign):
        return False
    return bool(_commit_re().search(text, s_start, s_end) or _TASK_HEAD.match(text, s_start))
