"""Initiatives from the curated list ingest/patterns/initiatives.jsonl: national and widely used
programme names with their aliases. Names a region coins itself are found by programme.py."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher

from ingest.gazetteer import gazetteer
from ingest.mentions import Mention
from ingest.normalise import fold


# A programme's name followed by these is an honour, an event or a kind of institution:
# 校园足球特色学校, 阳光体育运动会, 双一流大学.
_NOT_ADOPTION_AFTER = re.compile(
    r"(?:特色学校|特色校|示范校|示范学校|示范区|示范县|示范点|实验校|先进|运动会|比赛|大赛|联赛|竞赛|大学|高校|毕业生)"
)


@lru_cache(maxsize=1)
def _matcher() -> tuple[spacy.Language, PhraseMatcher, dict[str, str]]:
    nlp = spacy.blank("zh")
    matcher = PhraseMatcher(nlp.vocab)
    canonical: dict[str, str] = {}
    for item in gazetteer().initiatives:
        for surface in {item["name"], *item.get("aliases", [])}:
            surface = fold(surface).replace('"', "")
            canonical[surface] = item["name"]
            matcher.add(surface, [nlp.make_doc(surface)])
    return nlp, matcher, canonical


def find_initiatives(folded_doc) -> list[Mention]:
    """Curated initiative names in a Doc built from the folded text. Quotes are ignored while
    matching, so 教育“组团式”对口帮扶 is 组团式对口帮扶 and “双减” is 双减."""
    nlp, matcher, canonical = _matcher()
    text = folded_doc.text
    kept = [i for i, ch in enumerate(text) if ch != '"']
    unquoted = nlp.make_doc("".join(text[i] for i in kept))
    out = []
    for match_id, s, e in matcher(unquoted):
        span = unquoted[s:e]
        start, end = kept[span.start_char], kept[span.end_char - 1] + 1
        after = text[end:]
        if _NOT_ADOPTION_AFTER.match(after) or (span.text.endswith("运动") and after.startswith("会")):
            continue
        out.append(Mention("INITIATIVE", start, end, text[start:end], canonical[matcher.vocab.strings[match_id]]))
    return out
