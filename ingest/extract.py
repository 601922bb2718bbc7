"""One document's text -> a GraphBatch checked against the schema: mentions become nodes, rules
become edges, and every edge read from the text carries its provenance."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from graph.types import GraphBatch, Provenance, stable_id
from ingest.gazetteer import gazetteer
from ingest.issuers import Issuer, issuers_from_context, issuers_from_title
from ingest.mentions import Mention
from ingest.nlp import analyse
from ingest.normalise import fold, normalise_title, sentence_bounds
from ingest.recognisers.adopter import speaks_for, text_year
from ingest.recognisers.commitment import commits
from ingest.recognisers.initiative import curated
from ingest.recognisers.initiative_key import initiative_key
from ingest.relations import relation_before
from ingest.report import ReportContext

_SHORT_FORM_RE = re.compile(r"^[)）]?\s*[(（]?\s*以下简称\s*[《\"“]?(?P<short>[^》\"”)）]{1,16})[》\"”]?")
_KIND_ONLY = re.compile(r"^(?:该|本|此)?(?:意见|办法|方案|计划|通知|规划|纲要|细则|规定|决定|标准|条例|要点)$")


def region_id(adcode: str) -> str:
    return f"region:{adcode}"


def agency_id(name: str) -> str:
    return f"agency:{name}"


def document_id(number: str | None, title_key: str | None, issuer: str | None, scope: str | None) -> str:
    """Identity of a cited document: issuer (or the citing province) + 文号, else issuer + title."""
    if number:
        return stable_id("doc", issuer or scope or "", number)
    return stable_id("doc", issuer or "", title_key or "")


def report_id(ctx: ReportContext, source_path: str) -> str:
    """An ingested report: its region and heading title; its file name when it has no heading."""
    if ctx.title:
        return stable_id("doc", "report", ctx.region or "", normalise_title(ctx.title))
    return stable_id("doc", "report", ctx.region or "", Path(source_path).name)


@dataclass
class _Citation:
    mention: Mention  # the title, or the bare number
    number: Mention | None = None


class _Builder:
    def __init__(self, text: str, source_path: str, content_hash: str):
        self.text = text
        self.folded = fold(text)
        self.doc = analyse(text)
        self.ctx: ReportContext = self.doc._.report
        self.gaz = gazetteer()
        self.doc_id = report_id(self.ctx, source_path)
        self.batch = GraphBatch(doc_id=self.doc_id)
        self.mentions: list[Mention] = self.doc._.mentions
        self.source_path = source_path
        self.content_hash = content_hash
        self._mentioned: set[str] = set()
        self._cited: list[tuple[Mention, str]] = []  # each citing mention and the document it means

    # -- helpers ---------------------------------------------------------------------------

    def prov(self, start: int, end: int) -> Provenance:
        left, right = sentence_bounds(self.text, start, end)
        return Provenance(self.doc_id, start, end, self.text[left:right].strip())

    def of(self, label: str) -> list[Mention]:
        return [m for m in self.mentions if m.label == label]

    def region(self, adcode: str) -> str:
        """Add a region and its PART_OF chain (from the gazetteer: no text provenance)."""
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
        self.batch.add_node(
            "Document", self.doc_id, title=ctx.title or Path(self.source_path).stem,
            title_key=normalise_title(ctx.title) if ctx.title else None, kind="报告", year=ctx.year,
            issuer=ctx.body, ingested=True, source_path=self.source_path, content_hash=self.content_hash,
            reporting_body=ctx.body,
        )
        if ctx.region is None:
            return
        anchor = ctx.region_mention
        span = (anchor.start, anchor.end) if anchor else (ctx.title_span or (0, 0))
        prov = self.prov(*span)
        self.batch.add_edge("REPORTS_ON", self.doc_id, self.region(ctx.region), prov)
        if ctx.body:
            level = self.gaz.regions[ctx.region].level
            body = self.agency(Issuer(ctx.body, ctx.region, level), prov)
            self.batch.add_edge("ISSUED_BY", self.doc_id, body, prov, basis="heading")

    @property
    def reporting_agency(self) -> str | None:
        return agency_id(self.ctx.body) if self.ctx.body else None

    # -- cited documents -------------------------------------------------------------------

    def _pair(self) -> list[_Citation]:
        """Titles with the 文号 standing right after them (《…》（滨政[2022]6号）), and bare numbers."""
        titles = [m for m in self.of("TITLE") if m.attrs["is_policy"]]
        numbers = self.of("DOC_NUMBER")
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
        by_key: dict[str, str] = {}  # normalised title or number -> node id, within this report
        aliases: dict[str, str] = {}  # short form -> node id (以下简称《意见》)
        last_by_kind: dict[str, str] = {}
        outer_ids: dict[int, str] = {}
        province = self.gaz.province_of(self.ctx.region) if self.ctx.region else None
        for c in self._pair():
            m = c.mention
            title = m.attrs.get("title") if m.label == "TITLE" else None
            title_key = m.key if m.label == "TITLE" else None
            number_m = c.number or (m if m.label == "DOC_NUMBER" else None)
            number = number_m.key if number_m else None
            if title_key and (title_key in aliases or _KIND_ONLY.match(title_key)):
                target = aliases.get(title_key) or last_by_kind.get(title_key.lstrip("该本此"))
                if target:
                    self.link_citation(c, target)
                    continue
            sentence_start = sentence_bounds(self.text, m.start, m.end)[0]
            issuers, basis = self._issuers(m, number_m, title, sentence_start)
            relation, _ = relation_before(self.folded, m.start, sentence_start)
            issuer_name = "、".join(i.name for i in issuers) or (self.ctx.body if relation == "ISSUED" else None)
            existing = by_key.get(number or "") or by_key.get(title_key or "")
            node_id = existing or document_id(number, *self.identity(title_key, issuers, basis, relation), province)
            self._cited.append((m, node_id))
            for k in (number, title_key):
                if k:
                    by_key.setdefault(k, node_id)
            kind = m.attrs.get("kind") if m.label == "TITLE" else None
            self.batch.add_node(
                "Document", node_id, title=title, title_key=title_key, doc_number=number, kind=kind,
                year=number_m.attrs["year"] if number_m else _title_year(title), issuer=issuer_name,
            )
            if kind:
                last_by_kind[kind] = node_id
            end = (c.number or m).end
            short = _SHORT_FORM_RE.match(self.folded[end:])
            if short:
                aliases[normalise_title(short["short"])] = node_id
            if m.label == "TITLE" and "nested_in" not in m.attrs:
                outer_ids[m.start] = node_id
            self._link(m, node_id, relation, issuers, basis, outer_ids, self.prov(m.start, end))

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

    def identity(self, title_key: str | None, issuers: list[Issuer], basis: str | None, relation: str) -> tuple[str | None, str | None]:
        """(title part, issuer part) of a document's id, from evidence every citing report shares.

        An issuer named at the title's head is canonical, so 《省政府办公厅关于X》 in a Zhejiang
        report and 《浙江省人民政府办公厅关于X》 elsewhere are one document; an issuer read only from
        the sentence around the title is not part of the identity, as other reports may not say it.
        """
        if basis == "title" and title_key:
            head = re.match(r"^.+?(?=关于|转发|印发)", title_key)
            rest = title_key[head.end():] if head else title_key
            return rest, "、".join(sorted(i.name for i in issuers))
        if basis == "number":
            return title_key, "、".join(i.name for i in issuers)
        if relation == "ISSUED" and self.ctx.body:
            return title_key, self.ctx.body  # the same title can exist at two levels
        return title_key, None

    def link_citation(self, c: _Citation, target: str) -> None:
        end = (c.number or c.mention).end
        self._cited.append((c.mention, target))
        self.batch.add_edge("CITES", self.doc_id, target, self.prov(c.mention.start, end))

    def succession(self) -> None:
        """SUPERSEDES: 印发《新》…《旧》同时废止, 《新》对《旧》进行修订, and a final version over its 试行 one."""
        by_sentence: dict[tuple[int, int], list[tuple[Mention, str]]] = {}
        for m, node_id in self._cited:
            by_sentence.setdefault(sentence_bounds(self.text, m.start, m.end), []).append((m, node_id))
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
                self.folded, m.start, m.end, sentence_bounds(self.text, m.start, m.end), titles, foreign
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
    """The analysed spaCy Doc and the batch built from it (for views that show both)."""
    builder = _Builder(text, source_path, content_hash)
    return builder.doc, builder.build()


def extract(text: str, source_path: str, content_hash: str) -> GraphBatch:
    """Everything policykg reads from one document, as one batch for one transaction."""
    return read_document(text, source_path, content_hash)[1]
