"""Named programmes and measures from the curated list ingest/patterns/initiatives.jsonl."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher

from ingest.gazetteer import PATTERNS, gazetteer
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


# Programmes a region names itself: “潮涌工程”, 实施“三名”工程, 推进引才工程, 上线“教师码”.
_TAIL = r"(?:专项行动|三年行动|行动计划|提升工程|工程|行动|计划|项目|平台|机制|模式|品牌|改革|试点|服务|创建|制度|体系)"
_ADOPT = r"(?:实施|推进|开展|推行|打造|创建|深化|落实|启动|探索|建立|构建|推出|建设|开发|上线|推广|实行|组建|首推|率先|创新|出台)"
_QUOTED_RE = re.compile(rf'(?P<before>{_ADOPT}了?)?"(?P<name>[^"、，。,;；：:\s]{{2,12}})"(?P<tail>{_TAIL})?')
_LAUNCH = r"(?:实施|推进|开展|推行|启动|推出|打造|创建|首推|率先)"
_UNQUOTED_RE = re.compile(rf"{_LAUNCH}了?(?P<name>[\u4e00-\u9fff]{{2,8}}?(?:行动计划|专项行动|提升工程|工程|行动|计划))(?=[，。、；,;和与及等的\s])")
_NOT_A_PROGRAMME = re.compile(r"(?:示范校|先进|优秀|标兵|称号|冠军|奖|名单|评选|之星|能手|模范|典型|案例|[0-9.%]+$)")


@lru_cache(maxsize=1)
def _stoplist() -> frozenset[str]:
    lines = (PATTERNS / "non_initiatives.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(fold(l.strip()) for l in lines if l.strip() and not l.startswith("#"))


def find_named_programmes(folded: str) -> list[Mention]:
    out: list[Mention] = []
    stop = _stoplist()
    for m in _QUOTED_RE.finditer(folded):
        name = m["name"]
        if not (m["before"] or m["tail"] or re.search(f"{_TAIL}$", name)) or _NOT_A_PROGRAMME.search(name) or name in stop:
            continue
        key = name + (m["tail"] if m["tail"] in ("工程", "行动", "计划", "项目") else "")
        out.append(Mention("INITIATIVE", m.start("name") - 1, m.end(), m.group(0), key, {"rule": "quoted"}))
    for m in _UNQUOTED_RE.finditer(folded):
        name = m["name"]
        if _NOT_A_PROGRAMME.search(name) or len(name) < 4 or name in stop:
            continue
        out.append(Mention("INITIATIVE", m.start("name"), m.end("name"), name, name, {"rule": "verb"}))
    return out
