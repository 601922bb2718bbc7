"""Initiatives from the curated list ingest/patterns/initiatives.jsonl: canonical names of national
and widely used programmes with their aliases. Every form is matched the way texts vary it (see
initiative_key.surface_pattern); names a text coins itself are found by programme.py and fold onto
a curated name when their keys agree."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.gazetteer import gazetteer
from ingest.lexicon import alternation
from ingest.mentions import Mention
from ingest.recognisers.initiative_key import initiative_key, keys_of, needed_tokens, surface_alternatives, surface_pattern


@dataclass(frozen=True)
class Programme:
    name: str
    key: str
    aliases: tuple[str, ...]
    forms: tuple[str, ...]


@lru_cache(maxsize=1)
def catalogue() -> tuple[tuple[Programme, ...], dict[str, Programme]]:
    """The curated programmes, and each by every key its name and aliases fold to."""
    items, by_key = [], {}
    for item in gazetteer().initiatives:
        forms = (item["name"], *item.get("aliases", []))
        p = Programme(item["name"], initiative_key(item["name"]), tuple(item.get("aliases", [])), forms)
        items.append(p)
        for k in keys_of(forms):
            by_key.setdefault(k, p)
    return tuple(items), by_key


@dataclass(frozen=True)
class _Scanner:
    programme: Programme
    pattern: re.Pattern  # the programme's forms as one regex
    needs: tuple[tuple[tuple[str, ...], ...], ...]  # per form, per token of its core: how a text may write it

    def possible_in(self, text: str) -> bool:
        """Whether some form has every token of its core in the text: one that lacks one cannot match."""
        return any(all(any(f in text for f in forms) for forms in tokens) for tokens in self.needs)


@lru_cache(maxsize=1)
def _scanners() -> tuple[_Scanner, ...]:
    """Each programme's forms as one regex (compiled once, only where texts are read)."""
    out = []
    for p in catalogue()[0]:
        forms: dict[str, str] = {}  # each distinct pattern and the first form that has it
        for f in p.forms:
            forms.setdefault(surface_pattern(f), f)
        pattern = re.compile("|".join(a for surface in sorted(forms, key=len, reverse=True)
                                      for a in surface_alternatives(forms[surface])))
        out.append(_Scanner(p, pattern, tuple(needed_tokens(f) for f in p.forms)))
    return tuple(out)


def curated(name: str) -> Programme | None:
    """The curated programme a name means, if any: 学校美育工作自评 -> 中小学校美育工作自评制度."""
    return catalogue()[1].get(initiative_key(name))


@lru_cache(maxsize=1)
def _not_adoption_after() -> re.Pattern:
    # A programme's name followed by these is an honour, an event or a kind of institution:
    # 校园足球特色学校, 阳光体育运动会, 双一流大学.
    return re.compile(alternation("initiative_not_after"))


def find_initiatives(folded_doc) -> list[Mention]:
    """Curated initiative names in a Doc (or string) of the folded text."""
    text = folded_doc if isinstance(folded_doc, str) else folded_doc.text
    out = []
    for scanner in _scanners():
        if not scanner.possible_in(text):
            continue
        for m in scanner.pattern.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in "\"' 、":
                end -= 1
            while start < end and text[start] in "\"' 、":
                start += 1
            if end - start < 2 or _not_adoption_after().match(text, end) or (text[start:end].endswith("运动") and text.startswith("会", end)):
                continue
            out.append(Mention("INITIATIVE", start, end, text[start:end], scanner.programme.name))
    return out
