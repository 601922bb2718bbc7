"""The research API's resources: documents, lineage, citing regions, initiatives, regions,
indicators and schools. Routes stay thin: named queries give the data, this shapes it."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import JSONResponse

from api import models
from api.deps import StoreDep, rows
from api.lineage import lineage_tree
from api.paging import Cursor, Limit, offset_of, page, query_page
from queries.params import describe_region, initiative, region_candidates
from queries.registry import one_state

router = APIRouter()
Year = Annotated[int | None, Query(ge=1900, le=2100)]
Text = Annotated[str | None, Query(max_length=200)]
RegionArg = Annotated[str | None, Query(max_length=100, description="adcode or name (滨江区, 杭州市滨江区, 330108)")]
Name = Annotated[str, Path(min_length=1, max_length=100)]
NOT_FOUND = {404: {"model": models.Problem}}


def _evidence(row: dict[str, Any], sentence: str = "sentence") -> dict[str, Any]:
    return {"doc_id": row["doc_id"], "start": row["start"], "end": row["end"], "sentence": row[sentence]}


def _link(row: dict[str, Any]) -> dict[str, Any]:
    return {"relation": row["relation"], "id": row["id"], "title": row["title"], "doc_number": row["doc_number"],
            "evidence": _evidence(row)}


def _document_ref(store, doc_id: str) -> dict[str, Any]:
    """A document's identity, or 404; read by id alone, not with its links as `document` reads it."""
    found = store.find("Document", "id", doc_id)
    if not found:
        raise HTTPException(status_code=404, detail=f"no document with id {doc_id!r}")
    return found[0]


def _document(store, doc_id: str) -> dict[str, Any]:
    found = rows(store, "document", id=doc_id)
    if not found:
        raise HTTPException(status_code=404, detail=f"no document with id {doc_id!r}")
    return found[0]


@router.get("/documents", response_model=models.Page[models.DocumentSummary], tags=["documents"])
def list_documents(store: StoreDep, limit: Limit = 50, cursor: Cursor = None, q: Text = None, issuer: Text = None,
                   region: RegionArg = None, year: Year = None, kind: Text = None) -> dict[str, Any]:
    """Documents by title fragment or 文号 in any bracket style, issuer, region, year and kind."""
    found = rows(store, "documents", q=q, issuer=issuer, in_region=region, year=year, kind=kind)
    return page(found, limit, cursor)


@router.get("/documents/{doc_id}", response_model=models.DocumentDetail, responses=NOT_FOUND, tags=["documents"])
def get_document(doc_id: Name, store: StoreDep, limit: Limit = 50) -> dict[str, Any]:
    """A document's identity and the first `limit` of its issuer facts, links out and links in, each
    list with its total; `/documents/{id}/lineage?depth=1` pages the links further."""
    d = _document(store, doc_id)
    issuers = sorted(({"agency": i["agency"], "basis": i["basis"], "evidence": _evidence(i)} for i in d["issuers"]),
                     key=lambda i: (i["agency"], i["basis"] or "", _place(i["evidence"])))
    cites, cited_by = (sorted(map(_link, d[side]), key=lambda c: (c["id"], c["relation"], _place(c["evidence"])))
                       for side in ("cites", "cited_by"))
    return {
        **{k: d[k] for k in ("id", "title", "doc_number", "kind", "year", "date", "issuer", "ingested", "aliases",
                             "source_url", "reports_on")},
        "sources": list(dict.fromkeys(([d["source_path"]] if d["source_path"] else []) + d["sources"])),
        "issuers": issuers[:limit], "issuers_total": len(issuers),
        "cites": cites[:limit], "cites_total": len(cites),
        "cited_by": cited_by[:limit], "cited_by_total": len(cited_by),
    }


def _place(evidence: dict[str, Any]) -> tuple:
    return evidence["doc_id"], evidence["start"], evidence["end"]


@router.get("/documents/{doc_id}/lineage", response_model=models.Lineage, responses=NOT_FOUND, tags=["documents"])
def get_lineage(doc_id: Name, store: StoreDep, direction: Literal["up", "down", "both"] = "both",
                depth: Annotated[int, Query(ge=1, le=6)] = 3, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """A tree from the document up to what it follows and down to what follows it, evidence on every edge.
    The root's children are paged (`limit`, `cursor`, on both sides at once); every node below lists at
    most `limit` children and counts them all in `children_total`: ask for that node's own lineage for more."""
    return lineage_tree(store, _document_ref(store, doc_id), direction, depth, limit, offset_of(cursor))


@router.get("/documents/{doc_id}/citing-regions", response_model=models.Page[models.CitingRegion],
            responses=NOT_FOUND, tags=["documents"])
def get_citing_regions(doc_id: Name, store: StoreDep, level: Literal["province", "city", "district"] = "province",
                       limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    answer = query_page(store, "document-citing-regions", limit, cursor, _by_region, id=doc_id, level=level)
    if not answer["total"]:
        _document_ref(store, doc_id)  # no citing region: 404 if there is no such document either
    return answer


def _by_region(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    regions: dict[str, dict[str, Any]] = {}
    for row in found:
        region = regions.setdefault(row["adcode"], {
            "region": {"adcode": row["adcode"], "name": row["region"], "level": row["level"]}, "citations": []})
        region["citations"].append({"id": row["citing_id"], "title": row["citing_title"], "relation": row["relation"],
                                    "evidence": _evidence(row)})
    return list(regions.values())


def _initiatives(store) -> list[dict[str, Any]]:
    return rows(store, "initiatives")


def _known_initiative(store, name: str) -> None:
    wanted = initiative(name)["initiative"]
    if not any(i["name"] == wanted for i in _initiatives(store)):
        raise HTTPException(status_code=404, detail=f"no initiative {name!r} in the graph")


@router.get("/initiatives", response_model=models.Page[models.InitiativeSummary], tags=["initiatives"])
def list_initiatives(store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    return page(_initiatives(store), limit, cursor)


@router.get("/initiatives/{name}/adopters", response_model=models.Page[models.Adoption], responses=NOT_FOUND,
            tags=["initiatives"])
def get_adopters(name: Name, store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    answer = query_page(store, "adopters", limit, cursor, _adoptions, initiative=name)
    if not answer["total"]:
        _known_initiative(store, name)
    return answer


def _adoptions(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"initiative": r["initiative"], "region": {"adcode": r["adcode"], "name": r["region"]}, "parent": r["parent"],
             "year": r["year"], "evidence": _evidence(r, "evidence")} for r in found]


@router.get("/initiatives/{name}/timeline", response_model=models.Page[models.TimelinePoint], responses=NOT_FOUND,
            tags=["initiatives"])
def get_timeline(name: Name, store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Adoptions by year and administrative level: how the initiative spread."""
    found = rows(store, "initiative-timeline", initiative=name)
    if not found:
        _known_initiative(store, name)
    return page(found, limit, cursor)


def _region_code(ref: str) -> str | JSONResponse:
    """The adcode a region reference names; 404 if none, and the 300 answer if it names several."""
    codes = region_candidates(ref)
    if not codes:
        raise HTTPException(status_code=404, detail=f"no region {ref!r} in GB/T 2260")
    if len(codes) > 1:
        return JSONResponse(status_code=300, content={
            "detail": f"{ref!r} names {len(codes)} regions; ask for one by adcode or a fuller name",
            "candidates": [describe_region(c) for c in codes]})
    return codes[0]


def _profile(store, code: str) -> dict[str, Any]:
    found = rows(store, "region-profile", adcode=code)
    if not found:
        raise HTTPException(status_code=404, detail=f"nothing about {describe_region(code)['full_name']} ({code}) in the graph")
    return found[0]


# What is about a region, each list paged by its own named query (a province holds tens of thousands).
REGION_LISTS = {"documents": "region-documents", "initiatives": "region-initiatives", "indicators": "region-indicators"}
AMBIGUOUS = {300: {"model": models.Ambiguous}, **NOT_FOUND}


def _without_total(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "total"} for row in found]


@router.get("/regions/{ref}", response_model=models.RegionProfile, responses=AMBIGUOUS, tags=["regions"])
def get_region(ref: Name, store: StoreDep, limit: Limit = 50) -> Any:
    """A region by adcode or by name as people type it; an ambiguous name answers 300 with the candidates.
    Its documents, initiatives and indicators come as first pages of `limit`; the rest are at
    /regions/{ref}/documents, …/initiatives and …/indicators after `next_cursor`."""
    code = _region_code(ref)
    if isinstance(code, JSONResponse):
        return code
    with one_state(store):  # the profile and its first pages agree with each other
        r = _profile(store, code)
        return {"region": {"adcode": r["adcode"], "name": r["region"], "level": r["level"]},
                "parents": r["parents"], "children": r["children"],
                **{part: query_page(store, query, limit, None, _without_total, adcode=code)
                   for part, query in REGION_LISTS.items()}}


def _region_list(part: str, item: type) -> None:
    @router.get(f"/regions/{{ref}}/{part}", response_model=models.Page[item], responses=AMBIGUOUS, tags=["regions"],
                name=f"region {part}", summary=f"A region's {part}, paged")
    def get_region_part(ref: Name, store: StoreDep, limit: Limit = 50, cursor: Cursor = None) -> Any:
        code = _region_code(ref)
        if isinstance(code, JSONResponse):
            return code
        answer = query_page(store, REGION_LISTS[part], limit, cursor, _without_total, adcode=code)
        if not answer["total"]:
            _profile(store, code)  # nothing listed: 404 if the region is not in the graph either
        return answer


for _part, _item in (("documents", models.RegionDocument), ("initiatives", models.RegionInitiative),
                     ("indicators", models.RegionIndicator)):
    _region_list(_part, _item)


@router.get("/indicators/{name}", response_model=models.Page[models.Observation], responses=NOT_FOUND, tags=["indicators"])
def get_indicator(name: Name, store: StoreDep, region: RegionArg = None, year: Year = None,
                  limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Observations of an indicator (names containing `name`) across regions, with units and evidence."""
    answer = query_page(store, "indicator-observations", limit, cursor, _observations, indicator=name, in_region=region,
                        year=year)
    filtered = region is not None or year is not None
    if not answer["total"] and (not filtered or not rows(store, "indicator-observations", indicator=name, limit=1)):
        raise HTTPException(status_code=404, detail=f"no indicator named like {name!r} in the graph")
    return answer


def _observations(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"indicator": r["indicator"], "region": {"adcode": r["adcode"], "name": r["region"], "level": r["level"]},
             "year": r["year"], "value": r["value"], "unit": r["unit"], "evidence": _evidence(r, "evidence")} for r in found]


@router.get("/schools", response_model=models.Page[models.School], tags=["schools"])
def list_schools(store: StoreDep, region: RegionArg = None, limit: Limit = 50, cursor: Cursor = None) -> dict[str, Any]:
    return page(rows(store, "schools", in_region=region), limit, cursor)
