"""《title》 mentions: split nested titles, classify what is not a policy, and tell the kind."""
from __future__ import annotations

import re

from ingest.lexicon import alternation, lexicon, terms
from ingest.mentions import Mention
from ingest.normalise import fold, normalise_title

TRIGGER = "《"
MAX_TITLE = 150

# A policy title ends with what kind of document it is; the longest matching tail wins.
KINDS = terms("document_kinds")
_QUALIFIER = r"\((?:" + "|".join(re.escape(q) for q in terms("title_qualifiers")) + r")\)"
_PERIOD = r"\(\d{4}(?:-\d{4})?年?\)"
_KIND_RE = re.compile(rf"{alternation('document_kinds')}(?:{_QUALIFIER}|{_PERIOD})*$")
# A plan named by the period it covers: 高新区(滨江)奋力推进高质量发展打造共同富裕实践样板(2021-2025).
_PLAN_PERIOD_RE = re.compile(r"(?:\(\d{4}-\d{4}年?\)|(?<![\d年])(?:20[2-5]\d))$")  # …(2021-2025), 中国教育现代化2035
# Periodicals, bulletins, programmes and forms: named so by their tail (longest first).
_NON_POLICY_TAILS = sorted(((e["term"], e["class"]) for e in lexicon("non_policy_tails").entries), key=lambda p: -len(p[0]))


def classify(title: str) -> tuple[bool, str]:
    """(is_policy, kind): kind is the document kind (通知, 意见 …) or the non-policy class."""
    t = normalise_title(title)
    m = _KIND_RE.search(t)
    if m:
        kind = re.sub(r"\(.*$", "", m.group(0))
        return True, kind
    for tail, cls in _NON_POLICY_TAILS:
        if t.endswith(tail):
            return False, cls
    if _PLAN_PERIOD_RE.search(t):
        return True, "规划"
    if "关于" in t:
        return True, "文件"
    if re.search(r"[!！?？]|[\"“”]", t) or len(t) > 25:
        return False, "headline"
    return False, "other"


_INNER_RE = re.compile(r"[〈<《](?P<inner>[^〈〉<>《》]{2,%d})[〉>》]" % MAX_TITLE)
_LINK_VERBS = tuple((e["term"], e["relation"]) for e in lexicon("nesting_verbs").entries)


def find_titles(text: str) -> list[Mention]:
    """Every outermost 《…》, the titles nested inside it (〈…〉, <…>, 《…》), and titles cited without 《》."""
    return sorted(_bracketed_titles(text) + find_unbracketed_titles(text), key=lambda m: m.start)


def _bracketed_titles(text: str) -> list[Mention]:
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
        while raw.startswith("《") and raw.endswith("》"):
            raw = raw[1:-1]  # 《《X》》
        is_policy, kind = classify(raw)
        outer = Mention("TITLE", start, end + 1, text[start : end + 1], normalise_title(raw),
                        {"title": raw.strip(), "is_policy": is_policy, "kind": kind})
        out.append(outer)
        for inner in _INNER_RE.finditer(folded, start + 1, end):
            iraw = text[inner.start("inner") : inner.end("inner")]
            if normalise_title(iraw) == outer.key:
                continue  # 《《X》》: the same title twice, not X forwarding itself
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


def _unbracketed_re() -> re.Pattern:
    verbs = alternation("cite_verbs", "unbracketed", "yes")
    kinds = alternation("unbracketed_kinds")
    followers = alternation("citation_followers")
    return re.compile(
        rf"{verbs}(?P<title>[^,，。;；:：、《》〈〉<>\"\n]{{2,40}}?{kinds}(?:\(\d{{4}}-\d{{4}}年?\))?)(?={followers})"
    )


_UNBRACKETED_RE = None


def find_unbracketed_titles(text: str) -> list[Mention]:
    """Titles written without 《》 after a citing verb, of a kind that names a document on its own:
    按照国家中长期教育改革和发展规划纲要（2010－2020年）要求. A title shared by levels of government
    (按照省和九江市中长期…纲要要求) is one document per region named."""
    global _UNBRACKETED_RE
    if _UNBRACKETED_RE is None:
        _UNBRACKETED_RE = _unbracketed_re()
    folded = fold(text)
    out: list[Mention] = []
    for m in _UNBRACKETED_RE.finditer(folded):
        start, end = m.span("title")
        raw = text[start:end]
        parts = _shared_title(raw)
        for (s, e), title in parts:
            is_policy, kind = classify(title)
            if is_policy:
                out.append(Mention("TITLE", start + s, start + e, text[start + s : start + e], normalise_title(title),
                                   {"title": title, "is_policy": True, "kind": kind, "bracketed": False}))
    return out


def _region_word(s: str) -> int:
    """Length of the level-of-government word or region name at the start of s (0 if none)."""
    from ingest.gazetteer import gazetteer

    names = gazetteer().names
    for n in range(min(len(s), 8), 1, -1):
        if s[:n] in names:
            return n
    return next((len(w) for w in sorted(terms("region_words"), key=len, reverse=True) if s.startswith(w)), 0)


def _shared_title(raw: str) -> list[tuple[tuple[int, int], str]]:
    """[(span, title)]: 国家和江西省X纲要 -> 国家X纲要 (whole span), 江西省X纲要 (its own span)."""
    a = _region_word(raw)
    if a and raw[a : a + 1] in "和及与、":
        b = _region_word(raw[a + 1 :])
        if b:
            stem = raw[a + 1 + b :]
            return [((0, len(raw)), raw[:a] + stem), ((a + 1, len(raw)), raw[a + 1 :])]
    return [((0, len(raw)), raw)]
