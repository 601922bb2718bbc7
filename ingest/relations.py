"""Which relation a verb before a cited title expresses: 根据《X》 → CITES, 出台《X》 → ISSUED."""
from __future__ import annotations

import re

CITE_VERBS = (
    "贯彻落实", "认真贯彻", "根据", "依据", "按照", "贯彻", "落实", "对照", "对标", "执行", "遵照", "参照", "依照",
    "学习", "实施", "遵循", "结合", "围绕", "对接", "响应", "推进",
)
ISSUE_VERBS = (
    "研究制定", "制定出台", "制订出台", "出台", "制定", "制订", "印发", "发布", "颁布", "修订", "编制", "起草",
    "建立", "出具", "形成", "完善", "下发", "推出",
)
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
