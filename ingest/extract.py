"""One document's text -> a GraphBatch checked against the schema: mentions become nodes, rules
become edges, and every edge read from the text carries its provenance."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from spacy.tokens import Doc

from graph.types import GraphBatch, Provenance, stable_id
from ingest.documents import DocumentEvidence, issuer_scope, split_title
from ingest.gazetteer import gazetteer
from ingest.issuers import Issuer, issuers_from_context, issuers_from_title
from ingest.lexicon import alternation
from ingest.mentions import Mention
from ingest.nlp import analyse, mark_spans
from ingest.normalise import Sentences, fold, normalise_title
from ingest.recognisers.adopter import speaks_for, text_year
from ingest.recognisers.commitment import commits
from ingest.recognisers.initiative import curated
from ingest.recognisers.initiative_key import initiative_key
from ingest.recognisers.title import classify
from ingest.relations import issued_after, relation_before
from ingest.report import ReportContext

_SHORT_FORM_RE = re.compile(r"[)）]?\s*[(（]?\s*以下简称\s*[《\"“]?(?P<short>[^》\"”)）]{1,16})[》\"”]?")
_BACK = alternation("back_reference_words")
_KIND_ONLY = re.compile(rf"^{_BACK}?{alternation('document_kinds')}$")
_IMPLEMENTS_BEFORE = re.compile(alternation("nesting_verbs", "relation", "IMPLEMENTS") + "$")


def region_id(adcode: str) -> str:
    return f"region:{adcode}"


def agency_id(name: str) -> str:
    return f"agency:{name}"


def own_evidence(ctx: ReportContext) -> DocumentEvidence:
    """What a text says about its own identity: its 文号, issuers and heading title."""
    issuers = list(ctx.issuers)
    title_key = normalise_title(ctx.title) if ctx.title else None
    key, core = split_title(title_key, issuers if ctx.issuer_basis == "title" else []) if title_key else (None, None)
    scope = issuer_scope(issuers)
    return DocumentEvidence(ctx.number, scope, tuple(i.name for i in issuers), scope, ctx.title, key, core)


def report_id(ctx: ReportContext, source_path: str) -> str:
    """An ingested text: the document others cite (issuer + 文号, else issuer + title); a report
    without either, by its region and heading title, or its file name when it has no heading."""
    if ctx.number or ctx.issuers:
        return own_evidence(ctx).node_id()
    if ctx.title:
        return stable_id("doc", "report", ctx.region or "", normalise_title(ctx.title))
    return stable_id("doc", "report", ctx.region or "", Path(source_path).name)


@dataclass
class _Citation:
    mention: Mention  # the title, or the bare number
    number: Mention | None = None


@dataclass(frozen=True)
class ClaimedEarlier:
    """A text not extracted: an earlier file of the run gives its document (`first`, that file's index)."""

    doc_id: str
    first: int


class ClaimedByEarlierFile(Exception):
    """Raised once the text's identity is read, when an earlier file of the run gives its document."""

    def __init__(self, claimed: ClaimedEarlier):
        super().__init__(f"document {claimed.doc_id} is given by an earlier file (#{claimed.first})")
        self.claimed = claimed


Claim = Callable[[str, int], int]  # (doc id, file index) -> the earliest index of the run known to give it (Claims.claim)


class _Builder:
    def __init__(self, text: str, source_path: str, content_hash: str, claim: tuple[Claim, int] | None = None):
        self.text = text
        self.folded = fold(text)
        self.sentences = Sentences(text)
        self.doc = analyse(text, _stop_if_claimed(claim, source_path) if claim else None, self.folded)
        self.ctx: ReportContext = self.doc._.report
        self.gaz = gazetteer()
        self.doc_id = report_id(self.ctx, source_path)
        self.batch = GraphBatch(doc_id=self.doc_id)
        self.mentions: list[Mention] = self.doc._.mentions
        self.source_path = source_path
        self.content_hash = content_hash
        self._mentioned: set[str] = set()
        self._regions: set[str] = set()  # adcodes whose chain is in the batch
        self._cited: list[tuple[Mention, str]] = []  # each citing mention and the document it means

    # -- helpers ---------------------------------------------------------------------------

    def prov(self, start: int, end: int) -> Provenance:
        left, right = self.sentences.bounds(start, end)
        return Provenance(self.doc_id, start, end, self.text[left:right].strip())

    def of(self, label: str) -> list[Mention]:
        return [m for m in self.mentions if m.label == label]

    def region(self, adcode: str) -> str:
        """Add a region and its PART_OF chain (from the gazetteer: no text provenance)."""
        if adcode in self._regions:
            return region_id(adcode)
        self._regions.add(adcode)
        chain = self.gaz.chain(adcode)
        for r in chain:
            self.batch.add_node("Region", region_id(r.adcode), name=r.name, level=r.level, adcode=r.adcode)
        for child, parent in zip(chain, chain[1:]):
            self.batch.add_edge("PART_OF", region_id(child.adcode), region_id(parent.adcode))
        return region_id(adcode)

    def agency(self, issuer: Issuer, prov: Provenance) -> str:
        aid = agency_id(issuer.name)
        self.batch.add_node("Agency", aid, name=issuer.name, level=issuer.level, region_adcode=issuer.region)
        if issuer.region:
            self.batch.add_edge("LOCATED_IN", aid, self.region(issuer.region), prov)
        return aid

    def mention_once(self, target: str, prov: Provenance) -> None:
        if target not in self._mentioned:
            self._mentioned.add(target)
            self.batch.add_edge("MENTIONS", self.doc_id, target, prov)

    # -- the report itself -----------------------------------------------------------------

    def report(self) -> None:
        ctx = self.ctx
        own = own_evidence(ctx)
        kind = classify(ctx.title)[1] if ctx.title and ctx.issuers else "报告"
        meta = ctx.own.metadata if ctx.own else {}
        props = own.properties()
        props.update(
            title=ctx.title or Path(self.source_path).stem, kind=kind, year=ctx.year, issuer=ctx.body,
            date=ctx.own.date if ctx.own else None, ingested=True, source_path=self.source_path,
            content_hash=self.content_hash, reporting_body=ctx.body, region_adcode=ctx.region,
            citation_code=meta.get("citation_code"), source_url=meta.get("source_url"),
        )
        self.batch.add_node("Document", self.doc_id, **props)
        for issuer, span in self._own_issuer_spans():
            prov = self.prov(*span)
            self.batch.add_edge("ISSUED_BY", self.doc_id, self.agency(issuer, prov), prov, basis=ctx.issuer_basis)
        if ctx.region is None:
            return
        anchor = ctx.region_mention
        span = (anchor.start, anchor.end) if anchor else (ctx.title_span or (0, 0))
        prov = self.prov(*span)
        self.batch.add_edge("REPORTS_ON", self.doc_id, self.region(ctx.region), prov)
        if ctx.body and not ctx.issuers:
            level = self.gaz.regions[ctx.region].level
            body = self.agency(Issuer(ctx.body, ctx.region, level), prov)
            self.batch.add_edge("ISSUED_BY", self.doc_id, body, prov, basis="heading")

    def _own_issuer_spans(self) -> list[tuple[Issuer, tuple[int, int]]]:
        ctx = self.ctx
        if not ctx.issuers:
            return []
        if ctx.issuer_basis == "signature" and ctx.own and ctx.own.signature:
            spans = [(s, e) for _, s, e in ctx.own.signature]
            return [(i, spans[min(n, len(spans) - 1)]) for n, i in enumerate(ctx.issuers)]
        return [(i, ctx.title_span or (0, 0)) for i in ctx.issuers]

    def _is_own(self, m: Mention) -> bool:
        """The text's own 文号 or title (in its heading, or named again in its body)."""
        ctx = self.ctx
        if m.label == "DOC_NUMBER":
            span = ctx.own.number_span if ctx.own else None
            return bool(span and span[0] <= m.start < span[1]) or (ctx.number is not None and m.key == ctx.number)
        own_key = normalise_title(ctx.title) if ctx.title else None
        return own_key is not None and m.key == own_key

    def _in_own_title(self, m: Mention) -> bool:
        span = self.ctx.title_span
        return bool(span and span[0] <= m.start and m.end <= span[1] + 1 and m.key != normalise_title(self.ctx.title or ""))

    @property
    def reporting_agency(self) -> str | None:
        """The body that wrote the text, as a node of this batch (an edge may only point at one)."""
        ctx = self.ctx
        if not ctx.body:
            return None
        aid = agency_id(ctx.body)
        if aid not in self.batch.nodes:
            own = next((i for i in ctx.issuers if i.name == ctx.body), None)
            level = self.gaz.regions[ctx.region].level if ctx.region else "national"
            issuer = own or Issuer(ctx.body, ctx.region, level)
            self.batch.add_node("Agency", aid, name=issuer.name, level=issuer.level, region_adcode=issuer.region)
        return aid

    # -- cited documents -------------------------------------------------------------------

    def _pair(self) -> list[_Citation]:
        """Titles with the 文号 standing right after them (《…》（滨政[2022]6号）), and bare numbers."""
        titles = [m for m in self.of("TITLE") if m.attrs["is_policy"] and not self._is_own(m)]
        numbers = [n for n in self.of("DOC_NUMBER") if not self._is_own(n)]
        paired: set[int] = set()
        cites: list[_Citation] = []
        for t in titles:
            follow = next((n for n in numbers if 0 <= n.start - t.end <= 3 and n.start not in paired), None)
            if follow is not None:
                paired.add(follow.start)
            cites.append(_Citation(t, follow))
        for n in numbers:
            if n.start not in paired and not any(t.start <= n.start < t.end for t in titles):
                cites.append(_Citation(n))
        return sorted(cites, key=lambda c: c.mention.start)

    def _issuers(self, m: Mention, number_m: Mention | None, title: str | None, sentence_start: int) -> tuple[list[Issuer], str | None]:
        """Who issued it, and on what evidence: the title's head wins, then the sentence, then the 文号."""
        if title:
            head = issuers_from_title(title, self.ctx.region)
            if head:
                return head, "title"
        named = issuers_from_context(self.folded[sentence_start : m.start], self.ctx.region, self.ctx.body)
        if named:
            return named, "context"
        if number_m and number_m.attrs.get("issuer"):
            return [number_m.attrs["issuer"]], "number"
        return [], None

    def citations(self) -> None:
        by_key: dict[str, str] = {}  # normalised title or number -> node id, within this text
        aliases: dict[str, str] = {}  # short form -> node id (以下简称《意见》)
        last_by_kind: dict[str, str] = {}
        outer_ids: dict[int, str] = {}
        for c in self._pair():
            m = c.mention
            title = m.attrs.get("title") if m.label == "TITLE" else None
            title_key = m.key if m.label == "TITLE" else None
            number_m = c.number or (m if m.label == "DOC_NUMBER" else None)
            number = number_m.key if number_m else None
            if title_key and (title_key in aliases or _KIND_ONLY.match(title_key)):
                target = aliases.get(title_key) or last_by_kind.get(re.sub(f"^{_BACK}", "", title_key))
                if target:
                    self.link_citation(c, target)
                    continue
            sentence_start = self.sentences.bounds(m.start, m.end)[0]
            in_own_title = m.label == "TITLE" and self._in_own_title(m)
            relation, verb = relation_before(self.folded, m.start, sentence_start)
            if relation == "CITES" and issued_after(self.folded, (c.number or m).end, self.sentences.bounds(m.start, m.end)[1]):
                relation = "ISSUED"
            issuers, basis = self._issuers(m, number_m, title, sentence_start)
            if in_own_title and basis != "title" and self.ctx.issuers and self.folded[:m.start].endswith(("印发", "发布", "颁布")):
                issuers, basis = list(self.ctx.issuers), "title"  # 教育部关于印发《X》的通知: 教育部 issued X
            evidence = self.evidence(title, title_key, number_m, issuers, basis, relation)
            existing = by_key.get(number or "") or by_key.get(title_key or "")
            node_id = existing or evidence.node_id()
            self._cited.append((m, node_id))
            for k in (number, title_key):
                if k:
                    by_key.setdefault(k, node_id)
            kind = m.attrs.get("kind") if m.label == "TITLE" else None
            props = evidence.properties()
            props.update(kind=kind, year=number_m.attrs["year"] if number_m else _title_year(title))
            self.batch.add_node("Document", node_id, **props)
            if kind:
                last_by_kind[kind] = node_id
            end = (c.number or m).end
            short = _SHORT_FORM_RE.match(self.folded, end)
            if short:
                aliases[normalise_title(short["short"])] = node_id
            if m.label == "TITLE" and "nested_in" not in m.attrs:
                outer_ids[m.start] = node_id
            prov = self.prov(m.start, end)
            if in_own_title:
                link = "IMPLEMENTS" if _IMPLEMENTS_BEFORE.search(self.folded[max(0, m.start - 4):m.start]) else "FORWARDS"
                self.batch.add_edge(link, self.doc_id, node_id, prov)
                for issuer in issuers:
                    self.batch.add_edge("ISSUED_BY", node_id, self.agency(issuer, prov), prov, basis=basis)
                continue
            self._link(m, node_id, relation, issuers, basis, outer_ids, prov)

    def evidence(self, title: str | None, title_key: str | None, number_m: Mention | None, issuers: list[Issuer],
                 basis: str | None, relation: str) -> DocumentEvidence:
        """What this text says of a cited document's identity. The issuer at a title's head is
        canonical (《省政府办公厅关于X》 in a Fujian text is 福建省人民政府办公厅关于X); a document the
        reporting body issued without naming itself is the reporting body's (one title at two levels)."""
        head = issuers if basis == "title" else []
        if not issuers and relation == "ISSUED" and self.ctx.body:
            issuers = [Issuer(self.ctx.body, self.ctx.region, self.gaz.regions[self.ctx.region].level if self.ctx.region else "national")]
        key, core = split_title(title_key, head) if title_key else (None, None)
        scope = issuer_scope(head) if number_m is not None else None
        if scope is None and number_m is not None and number_m.attrs.get("issuer"):
            scope = issuer_scope([number_m.attrs["issuer"]])
        names = tuple(i.name for i in issuers)
        extra = [title] if title and key and normalise_title(title) != key else []
        return DocumentEvidence(number_m.key if number_m else None, scope, names, issuer_scope(issuers),
                                title, key, core, extra)

    def _link(self, m: Mention, node_id: str, relation: str, issuers: list[Issuer], basis: str | None,
              outer_ids: dict[int, str], prov: Provenance) -> None:
        """The edges of one citation: FORWARDS/IMPLEMENTS from the title it is nested in, ISSUED from
        the body named before the verb (区教育局印发《…》) or the reporting body, else CITES."""
        if "nested_in" in m.attrs and m.attrs["nested_in"] in outer_ids:
            self.batch.add_edge(m.attrs["link"], outer_ids[m.attrs["nested_in"]], node_id, prov)
        elif relation == "ISSUED" and (basis == "context" or self.reporting_agency):
            issuer_node = self.agency(issuers[0], prov) if basis == "context" else self.reporting_agency
            self.batch.add_edge("ISSUED", issuer_node, node_id, prov)
            if basis == "context" and issuers[0].region != self.ctx.region:
                # 学习中共中央办公厅印发的《…》: another body issued it, and this report follows it.
                self.batch.add_edge("CITES", self.doc_id, node_id, prov)
        else:
            self.batch.add_edge("CITES", self.doc_id, node_id, prov)
        for issuer in issuers:
            self.batch.add_edge("ISSUED_BY", node_id, self.agency(issuer, prov), prov, basis=basis)
        if relation == "ISSUED" and not issuers and self.reporting_agency:
            self.batch.add_edge("ISSUED_BY", node_id, self.reporting_agency, prov, basis="reporter")

    def link_citation(self, c: _Citation, target: str) -> None:
        end = (c.number or c.mention).end
        self._cited.append((c.mention, target))
        self.batch.add_edge("CITES", self.doc_id, target, self.prov(c.mention.start, end))

    def succession(self) -> None:
        """SUPERSEDES: 印发《新》…《旧》同时废止, 《新》对《旧》进行修订, and a final version over its 试行 one."""
        by_sentence: dict[tuple[int, int], list[tuple[Mention, str]]] = {}
        for m, node_id in self._cited:
            by_sentence.setdefault(self.sentences.bounds(m.start, m.end), []).append((m, node_id))
        for (left, right), cited in by_sentence.items():
            cited.sort(key=lambda x: x[0].start)
            for i, (old, old_id) in enumerate(cited):
                after = self.folded[old.end : min(right, old.end + 12)]
                before = self.folded[max(left, old.start - 8) : old.start]
                repealed = re.match(r"^[^《》]{0,6}?(?:同时)?(?:予以)?废止", after)
                revised = re.search(r"(?:对|修订|修改)$", before) and re.match(r"^[^《》]{0,4}(?:进行)?(?:修订|修改)|^", after)
                newer = [(m, nid) for m, nid in cited[:i] if nid != old_id]
                if (repealed or (revised and re.search(r"修订|修改", before + after))) and newer:
                    new_m, new_id = newer[-1]
                    self.batch.add_edge("SUPERSEDES", new_id, old_id, self.prov(new_m.start, old.end))
        docs = {n.props.get("title_key"): n.id for n in self.batch.nodes.values() if n.label == "Document" and n.props.get("title_key")}
        for key, trial_id in docs.items():
            for mark in ("(试行)", "(暂行)"):
                final_id = docs.get(key.replace(mark, "")) if mark in key else None
                if final_id and final_id != trial_id:
                    m = next(m for m, nid in self._cited if nid == final_id)
                    self.batch.add_edge("SUPERSEDES", final_id, trial_id, self.prov(m.start, m.end))

    # -- entities ----------------------------------------------------------------------------

    def regions(self) -> None:
        for m in self.of("REGION"):
            self.mention_once(self.region(m.key), self.prov(m.start, m.end))

    def agencies(self) -> None:
        for m in self.of("AGENCY"):
            prov = self.prov(m.start, m.end)
            self.mention_once(self.agency(m.attrs["issuer"], prov), prov)

    def schools(self) -> None:
        home = self.ctx.region
        for m in self.of("SCHOOL"):
            name, where = self.strip_region_prefix(m.key)
            where = where or home
            sid = f"school:{where or ''}:{name}"
            self.batch.add_node("School", sid, name=name, kind=m.attrs.get("kind"))
            prov = self.prov(m.start, m.end)
            if where:
                self.batch.add_edge("LOCATED_IN", sid, self.region(where), prov)
            self.mention_once(sid, prov)

    def strip_region_prefix(self, name: str) -> tuple[str, str | None]:
        """绍兴市建功中学 -> (建功中学, 330600): a leading region name says where a school is."""
        where = None
        for _ in range(3):
            for n in range(min(len(name) - 2, 8), 1, -1):
                code = self.gaz.resolve(name[:n], self.ctx.region)
                if code is not None and name[:n] == self.gaz.regions[code].name:
                    where, name = code, name[n:]
                    break
            else:
                break
        return name, where

    def initiatives(self) -> None:
        """One node per programme key, whatever form a text writes; the curated name and aliases
        where the key is curated, else the first form written (the others as aliases). ADOPTED from
        the text's region at its first mention that commits to it (ingest/recognisers/commitment.py)."""
        region = self.ctx.region
        if region and not speaks_for(self.text, [self.gaz.regions[region].name, self.gaz.regions[region].short]):
            region = None
        year = text_year(self.text, self.ctx.year)
        titles = [(m.start, m.end) for m in self.of("TITLE")]
        def line(code: str) -> set[str]:
            return {r.adcode for r in self.gaz.chain(code)}
        foreign = [(m.start, m.end) for m in self.of("REGION")
                   if region and m.key not in line(region) and region not in line(m.key)]
        forms: dict[str, list[str]] = {}
        for m in self.of("INITIATIVE"):
            programme = curated(m.key)
            forms.setdefault(programme.key if programme else initiative_key(m.key), []).append(m.key)
        adopted: set[str] = set()
        for m in self.of("INITIATIVE"):
            programme = curated(m.key)
            key = programme.key if programme else initiative_key(m.key)
            name = programme.name if programme else forms[key][0]
            aliases = sorted((set(programme.aliases) if programme else set(forms[key])) - {name})
            iid = f"initiative:{key}"
            prov = self.prov(m.start, m.end)
            self.batch.add_node("Initiative", iid, name=name, key=key, aliases=aliases)
            if region and iid not in adopted and commits(
                self.folded, m.start, m.end, self.sentences.bounds(m.start, m.end), titles, foreign
            ):
                adopted.add(iid)
                self.batch.add_edge("ADOPTED", region_id(region), iid, prov, year=year)
            self.mention_once(iid, prov)

    def indicators(self) -> None:
        region = self.ctx.region
        if region is None:
            return
        for m in self.of("INDICATOR"):
            ind = f"indicator:{m.key}"
            prov = self.prov(m.start, m.end)
            self.batch.add_node("Indicator", ind, name=m.key)
            obs = stable_id("obs", self.doc_id, m.start, m.end)
            self.batch.add_node(
                "Observation", obs, value=m.attrs["value"], unit=m.attrs.get("unit"), year=m.attrs.get("year") or self.ctx.year,
                raw=m.attrs.get("raw"), **prov.as_props(),
            )
            self.batch.add_edge("OBSERVED", self.region(region), obs, prov)
            self.batch.add_edge("MEASURES", obs, ind, prov)

    def build(self) -> GraphBatch:
        self.report()
        self.citations()
        self.succession()
        self.regions()
        self.agencies()
        self.schools()
        self.initiatives()
        self.indicators()
        self.batch.validate()
        return self.batch


def _title_year(title: str | None) -> int | None:
    if not title:
        return None
    m = re.search(r"((?:19|20)\d{2})\s*年", title)
    return int(m[1]) if m else None


def read_document(text: str, source_path: str, content_hash: str) -> tuple[Doc, GraphBatch]:
    """The analysed spaCy Doc, its mentions also in doc.spans, and the batch built from it (for
    views that show both)."""
    builder = _Builder(text, source_path, content_hash)
    batch = builder.build()
    return mark_spans(builder.doc), batch


def _stop_if_claimed(claim: tuple[Claim, int], source_path: str) -> Callable[[ReportContext], None]:
    claim_id, index = claim

    def check(ctx: ReportContext) -> None:
        doc_id = report_id(ctx, source_path)
        first = claim_id(doc_id, index)
        if first < index:
            raise ClaimedByEarlierFile(ClaimedEarlier(doc_id, first))

    return check


def extract(text: str, source_path: str, content_hash: str, claim: tuple[Claim, int] | None = None) -> GraphBatch:
    """Everything policykg reads from one document, as one batch for one transaction. `claim`: (a
    run's claims on document ids, this file's index in the run): a text whose document an earlier
    file gives raises ClaimedByEarlierFile once its identity is read, before the rest is extracted."""
    return _Builder(text, source_path, content_hash, claim).build()
