"""One key per programme, whatever way a text writes its name, and the text forms a key answers to.

The key folds width and quotes, maps synonyms to one word (艺术教育 = 美育), drops heads that say
who it applies to (中小学校, 学生 …), tails that say what kind of thing it is (制度, 工作, 活动 …) and
filler words (工作, 发展 …): 中小学校美育工作自评制度, 学校美育工作自评 and 美育工作自评 all key to
美育自评. The key depends on the name alone, so every file folds to the same node in any order.
The word lists are lexicons in ingest/patterns/lexicon/initiative_*.tsv.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexicon import alternation, lexicon, terms
from ingest.normalise import fold

_MARKS = re.compile(r'&quot;|["\'“”‘’「」『』、·•\s]')
_JOINER = "[和及与、]"
# A name's gap that the words of another coordinated item may fill:
# 高雅艺术[和传统优秀文化艺术]进校园, 美育工作[自评和]年度报告.
_CJK = r"\u4e00-\u9fff"
_SKIPPED_CONJUNCT = rf"(?:{_JOINER}[{_CJK}\"]{{1,12}}?|[{_CJK}]{{1,6}}?[和及与])"
# The parts of a paraphrase alias (美育…编制…年度报告) stand in one clause chain of one sentence.
_PARAPHRASE_GAP = r"[^。；;\n]{0,14}?"
_MIN_CORE = 3  # a head or tail is not dropped when less than this would remain


@lru_cache(maxsize=1)
def _synonyms() -> tuple[tuple[str, str], ...]:
    pairs = [(e["term"], e["canonical"]) for e in lexicon("initiative_synonyms").entries]
    return tuple(sorted(((fold(t), fold(c)) for t, c in pairs), key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def _heads_re() -> re.Pattern:
    return re.compile(rf"^(?:{alternation('initiative_heads')}{_JOINER}?)+")


@lru_cache(maxsize=1)
def _tails_re() -> re.Pattern:
    return re.compile(rf"(?:{_JOINER}?{alternation('initiative_tails')})+$")


@lru_cache(maxsize=1)
def _fillers_re() -> re.Pattern:
    return re.compile(alternation("initiative_fillers"))


def _apply_synonyms(s: str) -> str:
    for term, canonical in _synonyms():
        s = s.replace(term, canonical)
    return s


@lru_cache(maxsize=1 << 14)
def initiative_key(name: str) -> str:
    """The identity of a programme's name: 体育艺术“2＋1”项目 and 体育、艺术2+1项目 -> 体育艺术2+1."""
    s = _apply_synonyms(_MARKS.sub("", fold(name)))
    for strip in (_heads_re(), _tails_re()):
        m = strip.search(s)
        if m and len(s) - len(m.group(0)) >= _MIN_CORE:
            s = s[: m.start()] + s[m.end():]
    bare = _fillers_re().sub("", s)
    return bare if len(bare) >= _MIN_CORE else s


def _token_forms(key: str) -> list[tuple[str, ...]]:
    """The key cut into synonym words and single characters, each with the forms a text may write
    it in, longest first."""
    groups: dict[str, set[str]] = {}
    for term, canonical in _synonyms():
        groups.setdefault(canonical, {canonical}).add(term)
    words = sorted(groups, key=len, reverse=True)
    out, i = [], 0
    while i < len(key):
        word = next((w for w in words if key.startswith(w, i)), None)
        if word:
            out.append(tuple(sorted(groups[word], key=len, reverse=True)))
            i += len(word)
        else:
            out.append((key[i],))
            i += 1
    return out


def _tokens(key: str) -> list[str]:
    return ["(?:" + "|".join(map(re.escape, forms)) + ")" if len(forms) > 1 else re.escape(forms[0])
            for forms in _token_forms(key)]


def _gap(core: str) -> str:
    marks = rf"&quot;|[\"'、·\s]|{alternation('initiative_fillers')}"
    # Names of four or more characters may also leave gaps that other coordinated items fill.
    return f"(?:{marks}|{_SKIPPED_CONJUNCT}){{0,3}}?" if len(core) >= 4 else f"(?:{marks}){{0,3}}?"


def _key_pattern(core: str) -> str:
    return _gap(core).join(_tokens(core))


def _form_parts(form: str) -> tuple[bool, str, bool]:
    """Whether the form opens with a head, its core, whether it closes with a tail."""
    s = _apply_synonyms(_MARKS.sub("", fold(form)))
    head = tail = False
    m = _heads_re().search(s)
    if m and len(s) - len(m.group(0)) >= _MIN_CORE:
        s, head = s[m.end():], True
    m = _tails_re().search(s)
    if m and len(s) - len(m.group(0)) >= _MIN_CORE:
        s, tail = s[: m.start()], True
    bare = _fillers_re().sub("", s)
    return head, (bare if len(bare) >= _MIN_CORE else s), tail


def _form_pattern(form: str) -> str:
    """A head or tail the form has may be any head or tail in the text (中小学校… = 中小学生…); one
    it lacks is not required. Fillers may come and go anywhere."""
    head, core, tail = _form_parts(form)
    return f"(?:{_heads_re().pattern.lstrip('^')})" * head + _key_pattern(core) + f"(?:{_tails_re().pattern.rstrip('$')})" * tail


def _head_groups() -> list[tuple[str, list[str]]]:
    """The heads by first character, in the alternation's order (longest first): 中 -> 等职业学校,
    小学校, 小学生, 小学 …"""
    groups: dict[str, list[str]] = {}
    for head in sorted(set(terms("initiative_heads")), key=lambda w: (-len(w), w)):
        groups.setdefault(head[0], []).append(head[1:])
    return list(groups.items())


def surface_alternatives(form: str) -> list[str]:
    """surface_pattern(form) as alternatives that each open with a literal character, in the order
    the regex engine would try them. A programme's regex made of these has a set of first
    characters, so the engine skips every place no name can start instead of trying it."""
    parts = [p for p in form.split("…") if p]
    rest = "".join(f"{_PARAPHRASE_GAP}(?:{_form_pattern(p)})" for p in parts[1:])
    head, core, tail = _form_parts(parts[0])
    tails = f"(?:{_tails_re().pattern.rstrip('$')})" * tail
    if head:
        heads = _heads_re().pattern.lstrip("^")[:-1] + "*"  # (?:(?:…)[和及与、]?)* : the heads after the first
        return [f"{re.escape(first)}(?:{'|'.join(map(re.escape, rests))}){_JOINER}?{heads}{_key_pattern(core)}{tails}{rest}"
                for first, rests in _head_groups()]
    gap, forms = _gap(core), _token_forms(core)
    after_first = "".join(gap + t for t in _tokens(core)[1:])
    return [f"{re.escape(f)}{after_first}{tails}{rest}" for f in forms[0]]


def needed_tokens(form: str) -> tuple[tuple[str, ...], ...]:
    """What every text surface_pattern(form) matches in holds: for each token of the core of each
    of its parts, one of the ways it may be written (嵌入式幼儿园: 嵌, 入, 式, 幼, 儿, 园)."""
    return tuple(forms for part in form.split("…") if part for forms in _token_forms(_form_parts(part)[1]))


def surface_pattern(form: str) -> str:
    """A regex (for folded text) of the ways a text may write `form`: marks and fillers between its
    characters, any synonym, any head or tail for the one it has, one coordinated item in a gap. A
    form with … is a paraphrase whose parts stand close together in one sentence."""
    return _PARAPHRASE_GAP.join(f"(?:{_form_pattern(p)})" for p in form.split("…") if p)


def keys_of(forms) -> set[str]:
    """Keys of a list of forms, leaving out paraphrases (they identify no name)."""
    return {initiative_key(f) for f in forms if "…" not in f}


__all__ = ["initiative_key", "surface_pattern", "surface_alternatives", "needed_tokens", "keys_of", "terms"]
