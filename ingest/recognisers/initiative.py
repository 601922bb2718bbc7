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
from ingest.recognisers.initiative_key import initiative_key, keys_of, surface_pattern


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


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[Programme, re.Pattern], ...]:
    """Each programme's forms as one regex (compiled once, only where texts are read)."""
    out = []
    for p in catalogue()[0]:
        alternatives = sorted({surface_pattern(f) for f in p.forms}, key=len, reverse=True)
        out.append((p, re.compile("|".join(f"(?:{a})" for a in alternatives))))
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
    for p, pattern in _patterns():
        for m in pattern.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in "\"' 、":
                end -= 1
            while start < end and text[start] in "\"' 、":
                start += 1
            after = text[end:]
            if end - start < 2 or _not_adoption_after().match(after) or (text[start:end].endswith("运动") and after.startswith("会")):
                continue
            out.append(Mention("INITIATIVE", start, end, text[start:end], p.name))
    return out
