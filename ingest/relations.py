"""Which relation a verb before a cited title expresses: 根据《X》 → CITES, 出台《X》 → ISSUED."""
from __future__ import annotations

import re

from ingest.lexicon import alternation, lexicon

CITE_VERBS = lexicon("cite_verbs").where("relation", "CITES")
ISSUE_VERBS = lexicon("cite_verbs").where("relation", "ISSUED")
_VERB_RE = re.compile("|".join(sorted(CITE_VERBS + ISSUE_VERBS, key=len, reverse=True)))
# Between a verb and its title may stand other titles and their numbers, joined by these (not by a
# comma: 印发《新》，《旧》同时废止).
_GAP_RE = re.compile(r"^(?:[了和与及、\s]|以及|并|等|《[^《》\n]{0,150}》|[(（][^()（）\n]{0,40}[)）]|的|文件|精神|要求)*$")
LOOKBACK = 300  # a verb may govern a run of several long titles


def relation_before(folded: str, start: int, sentence_start: int) -> tuple[str, str | None]:
    """(CITES|ISSUED, verb) for a title starting at `start`; CITES when no verb decides."""
    window_start = max(sentence_start, start - LOOKBACK)
    window = folded[window_start:start]
    inside_titles = [t.span() for t in re.finditer(r"《[^《》\n]*》", window)]
    verbs = [m for m in _VERB_RE.finditer(window) if not any(a < m.start() < b for a, b in inside_titles)]
    for m in reversed(verbs):
        if _GAP_RE.match(window[m.end():]):
            verb = m.group(0)
            return ("ISSUED" if verb in ISSUE_VERBS else "CITES"), verb
        break
    return "CITES", None


_ISSUED_AFTER_RE = re.compile(alternation("issued_after"))
LOOKAHEAD = 40


def issued_after(folded: str, end: int, sentence_end: int) -> bool:
    """《X》已经市政府同意，现印发给你们: the citing body sends X out as its own."""
    window = folded[end : min(sentence_end, end + LOOKAHEAD)]
    return bool(_ISSUED_AFTER_RE.search(window)) and "《" not in window.split("印发")[0]
