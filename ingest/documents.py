"""The identity of a policy document, from whatever evidence one text gives about it.

A document is known by its issuer and 文号 (GB/T 9704), else by its issuer and title. A text gives
part of that: a 文号 whose 代字 tells the issuing region, a title whose head names the issuer
(《福建省人民政府办公厅关于…》, or abbreviated from inside that province: 《省政府办公厅关于…》), or a
bare title. `DocumentEvidence` holds what one mention or one ingested text says; its properties are
written on the Document node so that the resolver (ingest/resolve.py) can find the same document
again, whichever text comes first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.types import stable_id

NATIONAL = "national"  # the scope of a document issued by a national body
_HEAD_RE = re.compile(r"^(?P<head>.+?)(?=关于|转发|印发)")


@dataclass
class DocumentEvidence:
    number: str | None = None  # normalised 文号
    scope: str | None = None  # adcode (or NATIONAL) of the region whose body issued it
    issuers: tuple[str, ...] = ()  # canonical names of the issuing bodies, as the evidence names them
    issuer_region: str | None = None  # adcode or NATIONAL of the first issuer
    title: str | None = None  # as written
    title_key: str | None = None  # normalised, issuer head in canonical form when it was abbreviated
    title_core: str | None = None  # the title without the issuer at its head
    aliases: list[str] = field(default_factory=list)  # other spellings of the title seen

    @property
    def issuer_text(self) -> str | None:
        return "、".join(self.issuers) or None

    def node_id(self) -> str:
        """The canonical id: issuer region + 文号, else issuers + title, else the bare title."""
        if self.number:
            return stable_id("doc", "number", self.scope or "", self.number)
        return stable_id("doc", "title", "、".join(sorted(self.issuers)), self.title_core or self.title_key or "")

    def properties(self) -> dict:
        return {
            "doc_number": self.number, "number_scope": self.scope, "issuer": self.issuer_text,
            "issuer_region": self.issuer_region, "title": self.title, "title_key": self.title_key,
            "title_core": self.title_core, "aliases": sorted(set(self.aliases)) or None,
        }


def split_title(title_key: str, head_issuers: list) -> tuple[str, str]:
    """(canonical title key, core): 省政府办公厅关于X (a Fujian text) -> 福建省人民政府办公厅关于X, 关于X."""
    head = _HEAD_RE.match(title_key) if head_issuers else None
    if not head:
        return title_key, title_key
    core = title_key[head.end():]
    return "、".join(i.name for i in head_issuers) + core, core


def issuer_scope(issuers: list) -> str | None:
    """The region whose bodies issued it: the first issuer's, NATIONAL for national bodies."""
    if not issuers:
        return None
    first = issuers[0]
    return first.region or (NATIONAL if first.level == "national" else None)


def canonical_title_key(title: str, context_region: str | None = None) -> str:
    """The key a title is stored under: normalised, the issuer at its head in canonical form
    (教育部、国家语委关于X -> 教育部、国家语言文字工作委员会关于X), as ingest writes it."""
    from ingest.issuers import issuers_from_title
    from ingest.normalise import normalise_title

    key = normalise_title(title)
    return split_title(key, issuers_from_title(key, context_region))[0]
