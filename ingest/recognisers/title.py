"""《title》 mentions: split nested titles, classify what is not a policy, and tell the kind."""
from __future__ import annotations

import re

from ingest.lexicon import terms
from ingest.mentions import Mention
from ingest.normalise import fold, normalise_title

TRIGGER = "《"
MAX_TITLE = 150

# A policy title ends with what kind of document it is; the longest matching tail wins.
KINDS = terms("document_kinds")
_KIND_RE = re.compile(rf"(?:{'|'.join(sorted(KINDS, key=len, reverse=True))})(?:\(试行\)|\(暂行\)|\(修订\)|\(\d{{4}}-\d{{4}}\)|\(\d{{4}}-\d{{4}}年\)|\(\d{{4}}年\)|\(\d{{4}}\))*$")
# Periodicals, bulletins and programmes: named so by their tail.
_NON_POLICY_TAILS = {
    "newspaper": ("日报", "晚报", "早报", "时报", "教育报", "青年报", "商报", "导报", "报"),
    "periodical": ("杂志", "周刊", "月刊", "半月谈", "学报", "期刊", "研究", "参考", "求是"),
    "bulletin": ("参阅", "简报", "专报", "通讯", "信息", "快报", "动态", "内参", "要情"),
    "programme": ("频道", "节目", "栏目", "新闻联播", "晚会"),
}


def classify(title: str) -> tuple[bool, str]:
    """(is_policy, kind): kind is the document kind (通知, 意见 …) or the non-policy class."""
    t = normalise_title(title)
    m = _KIND_RE.search(t)
    if m:
        kind = re.sub(r"\(.*$", "", m.group(0))
        return True, kind
    for cls, tails in _NON_POLICY_TAILS.items():
        if t.endswith(tails):
            return False, cls
    if "关于" in t:
        return True, "文件"
    if re.search(r"[!！?？]|[\"“”]", t) or len(t) > 25:
        return False, "headline"
    return False, "other"


_INNER_RE = re.compile(r"[〈<《](?P<inner>[^〈〉<>《》]{2,%d})[〉>》]" % MAX_TITLE)
_LINK_VERBS = (("转发", "FORWARDS"), ("印发", "FORWARDS"), ("贯彻落实", "IMPLEMENTS"), ("贯彻", "IMPLEMENTS"), ("落实", "IMPLEMENTS"), ("实施", "IMPLEMENTS"))


def find_titles(text: str) -> list[Mention]:
    """Every outermost 《…》 and the titles nested inside it (〈…〉, <…>, 《…》)."""
    if TRIGGER not in text:
        return []
    folded = fold(text)
    out: list[Mention] = []
    i = 0
    while True:
        start = folded.find("《", i)
        if start == -1:
            break
        end = _closing(folded, start)
        if end is None:
            i = start + 1
            continue
        raw = text[start + 1 : end]
        is_policy, kind = classify(raw)
        outer = Mention("TITLE", start, end + 1, text[start : end + 1], normalise_title(raw),
                        {"title": raw.strip(), "is_policy": is_policy, "kind": kind})
        out.append(outer)
        for inner in _INNER_RE.finditer(folded, start + 1, end):
            iraw = text[inner.start("inner") : inner.end("inner")]
            ipolicy, ikind = classify(iraw)
            before = folded[start + 1 : inner.start()]
            link = next((rel for verb, rel in _LINK_VERBS if before.endswith(verb) or verb in before[-6:]), "FORWARDS")
            out.append(Mention("TITLE", inner.start(), inner.end(), text[inner.start() : inner.end()], normalise_title(iraw),
                               {"title": iraw.strip(), "is_policy": ipolicy, "kind": ikind, "nested_in": outer.start, "link": link}))
        i = end + 1
    return out


def _closing(folded: str, start: int) -> int | None:
    """Index of the 》 closing the 《 at `start`, allowing nested 《》; None if the title is broken."""
    depth = 0
    for j in range(start, min(len(folded), start + MAX_TITLE + 2)):
        ch = folded[j]
        if ch == "\n":
            return None
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                return j
    return None
