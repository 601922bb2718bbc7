"""Government bodies named in running text (区教育局, 市教委, 教育部, 中共杭州市委 …), each resolved
to one canonical body with its region, using the same names as issuers."""
from __future__ import annotations

import re

from ingest.gazetteer import gazetteer
from ingest.issuers import AGENCY_WORDS, AGENT_PATTERN, NATIONAL_BODIES, canonical_agency, trim_to_place
from ingest.lexicon import alternation, terms
from ingest.mentions import Mention
from ingest.scan import EndAnchored

_AGENT_RE = re.compile(AGENT_PATTERN)
# A body's name ends with a national body's name, a body word or an own bureau (ingest/scan.py).
_AGENTS = EndAnchored.of(_AGENT_RE, [*terms("agency_national_bodies"), *terms("agency_words"), *terms("agency_own_bureaus")])
_LEVEL_CHARS = "省市区县"  # 区教育局: the level character alone stands for the report's own region
_PARTY = "中共"
# 局/区/市 alone are too weak to stand for a body outside a citation's context (lexicon agency_too_weak).
_TOO_WEAK = re.compile(rf"^{alternation('agency_too_weak')}$")
# A bare 教育局 needs a sentence-level reading (see issuers_from_context).
_BARE_BUREAUS = terms("agency_bare_bureaus")


def _place_then_tail(body: str, depth: int = 0) -> bool:
    """杭州市滨江区人民政府: one or more real place names, then exactly an agency word."""
    if re.fullmatch(AGENCY_WORDS, body):
        return depth > 0
    names = gazetteer().names
    return depth < 3 and any(
        body[:n] in names and _place_then_tail(body[n:], depth + 1) for n in range(min(len(body) - 1, 9), 1, -1)
    )


def is_agency_name(agent: str) -> bool:
    if re.fullmatch(NATIONAL_BODIES, agent):
        return True
    body = agent.removeprefix(_PARTY)
    if body[:1] in _LEVEL_CHARS and re.fullmatch(AGENCY_WORDS, body[1:]):
        return True
    return _place_then_tail(body)


def find_agencies(folded: str, context_region: str | None) -> list[Mention]:
    out: list[Mention] = []
    for m in _AGENTS.finditer(folded):
        raw = m.group(0)
        agent = trim_to_place(raw, context_region)
        start = m.end() - len(agent)
        if _TOO_WEAK.match(agent) or not is_agency_name(agent):
            continue
        if agent.startswith(_BARE_BUREAUS):
            continue
        issuer = canonical_agency(agent, context_region)
        if issuer.region is None and issuer.level != "national":
            continue
        out.append(Mention("AGENCY", start, m.end(), agent, issuer.name, {"issuer": issuer}))
    return out
