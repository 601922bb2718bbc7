"""Named programmes and measures from the curated list ingest/patterns/initiatives.jsonl."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher

from ingest.gazetteer import gazetteer
from ingest.mentions import Mention
from ingest.normalise import fold


@lru_cache(maxsize=1)
def _matcher() -> tuple[PhraseMatcher, dict[str, str]]:
    nlp = spacy.blank("zh")
    matcher = PhraseMatcher(nlp.vocab)
    canonical: dict[str, str] = {}
    for item in gazetteer().initiatives:
        for surface in {item["name"], *item.get("aliases", [])}:
            surface = fold(surface)
            canonical[surface] = item["name"]
            matcher.add(surface, [nlp.make_doc(surface)])
    return matcher, canonical


def find_initiatives(folded_doc) -> list[Mention]:
    """Initiative mentions in a Doc built from the folded text (quotes and widths unified)."""
    matcher, canonical = _matcher()
    vocab = matcher.vocab.strings
    out = []
    for match_id, s, e in matcher(folded_doc):
        span = folded_doc[s:e]
        surface = vocab[match_id]
        out.append(Mention("INITIATIVE", span.start_char, span.end_char, span.text, canonical[surface]))
    return out
