"""Typed response bodies of the research API: what OpenAPI states and every route returns."""
from typing import Any, Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="items in the whole list, all pages")
    next_cursor: Optional[str] = Field(description="pass as `cursor` for the next page; null on the last page")


class Evidence(BaseModel):
    """Where a fact was read: the document, the character span and the sentence holding it."""
    doc_id: str
    start: int
    end: int
    sentence: str


class RegionRef(BaseModel):
    adcode: str
    name: str
    level: Optional[str] = None


class RegionCandidate(RegionRef):
    full_name: str


class Ambiguous(BaseModel):
    detail: str
    candidates: list[RegionCandidate]


class DocumentRef(BaseModel):
    id: str
    title: Optional[str] = None
    doc_number: Optional[str] = None


class DocumentSummary(DocumentRef):
    kind: Optional[str] = None
    year: Optional[int] = None
    issuer: Optional[str] = None
    ingested: bool
    issuers: list[str] = Field(description="bodies the document is issued by, as read")
    regions: list[RegionRef] = Field(description="where its issuers sit, and the regions a report is about")


class Link(DocumentRef):
    relation: Literal["CITES", "FORWARDS", "IMPLEMENTS", "SUPERSEDES"]
    evidence: Evidence


class IssuerFact(BaseModel):
    agency: str
    basis: Optional[str] = None
    evidence: Evidence


class DocumentDetail(DocumentRef):
    kind: Optional[str] = None
    year: Optional[int] = None
    date: Optional[str] = Field(default=None, description="the date the document states, where ingest read one")
    issuer: Optional[str] = None
    ingested: bool
    aliases: list[str] = Field(description="other names the document is cited by")
    sources: list[str] = Field(description="files the document was read from (empty for a document only cited)")
    source_url: Optional[str] = None
    reports_on: list[RegionRef]
    issuers: list[IssuerFact] = Field(description="the first `limit` places a text names its issuer (by agency)")
    issuers_total: int
    cites: list[Link] = Field(description="the first `limit` documents this one cites, forwards, implements or supersedes "
                                          "(by id, one per edge); `/lineage?direction=up&depth=1` pages them, one per document")
    cites_total: int
    cited_by: list[Link] = Field(description="the first `limit` documents that cite, forward, implement or supersede "
                                             "this one (by id, one per edge); `/lineage?direction=down&depth=1` pages them, one per document")
    cited_by_total: int


class LineageNode(DocumentRef):
    relation: str = Field(description="the edge type between this node and its parent in the tree")
    evidence: list[Evidence] = Field(description="every place the edge was read")
    cycle: bool = Field(description="true when the document is already on the path from the root: not expanded")
    children: list["LineageNode"] = Field(description="the first `limit` documents it links to on its side")
    children_total: Optional[int] = Field(
        description="how many documents it links to on its side; null where the tree stops (depth or cycle)")


class Lineage(BaseModel):
    root: DocumentRef
    direction: Literal["up", "down", "both"]
    depth: int
    up: list[LineageNode] = Field(description="what the root follows (cites, forwards, implements, supersedes): one page")
    down: list[LineageNode] = Field(description="what follows the root: one page")
    up_total: int = Field(description="how many documents the root links to upwards")
    down_total: int = Field(description="how many documents link to the root")
    next_cursor: Optional[str] = Field(description="the cursor of the root's next page of children, on either side")
    truncated: bool = Field(description="true when the tree hit the node budget and was cut")


class Citing(DocumentRef):
    relation: str
    evidence: Evidence


class CitingRegion(BaseModel):
    region: RegionRef
    citations: list[Citing]


class CitationRequest(BaseModel):
    text: str = Field(min_length=1, max_length=200_000, description="policy text to check")


class CitationFound(BaseModel):
    start: int
    end: int
    text: str = Field(description="the citation as written, text[start:end]")
    doc_number: Optional[str] = Field(description="normalised 文号 (GB/T 9704 brackets)")
    title: Optional[str] = None
    title_key: Optional[str] = Field(description="the normalised title the store is searched by")
    status: Literal["resolved", "ambiguous", "unresolved"]
    documents: list[DocumentRef] = Field(description="the Documents in the store it names")


class CitationReport(BaseModel):
    citations: list[CitationFound]


class InitiativeSummary(BaseModel):
    name: str
    adopters: int
    first_year: Optional[int] = None
    documents: int


class Adoption(BaseModel):
    initiative: str
    region: RegionRef
    parent: Optional[str] = None
    year: Optional[int] = None
    evidence: Evidence


class TimelinePoint(BaseModel):
    year: Optional[int] = None
    level: Optional[str] = None
    adopters: int
    regions: list[str]


class RegionDocument(DocumentRef):
    relation: Literal["reports_on", "issued"]


class RegionInitiative(BaseModel):
    name: str
    year: Optional[int] = None


class RegionIndicator(BaseModel):
    indicator: str
    value: float
    unit: Optional[str] = None
    year: Optional[int] = None


class RegionProfile(BaseModel):
    region: RegionRef
    parents: list[RegionRef] = Field(description="nearest first")
    children: list[RegionRef]
    documents: Page[RegionDocument] = Field(description="first page; more at /regions/{ref}/documents")
    initiatives: Page[RegionInitiative] = Field(description="first page; more at /regions/{ref}/initiatives")
    indicators: Page[RegionIndicator] = Field(description="first page; more at /regions/{ref}/indicators")


class Observation(BaseModel):
    indicator: str
    region: RegionRef
    year: Optional[int] = None
    value: float
    unit: Optional[str] = None
    evidence: Evidence


class School(BaseModel):
    id: str
    name: str
    kind: Optional[str] = None
    regions: list[RegionRef]
    documents: list[str]


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="true when the row cap cut the result")


class Problem(BaseModel):
    detail: str
