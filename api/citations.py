"""The citation checker: every citation in a text, normalised, and the Document it names, if any.
Nothing is written to the store."""
from __future__ import annotations

import threading
from typing import Any

from api.deps import rows
from graph.model import schema
from graph.store import Store
from ingest.extract import extract

LINEAGE = set(schema().edge_groups["lineage"])
_extract_lock = threading.Lock()  # the spaCy/jieba pipeline is shared process-wide


def find_citations(text: str) -> list[dict[str, Any]]:
    """The cited documents the extractor reads, each with the span of text naming it."""
    with _extract_lock:
        batch = extract(text, "<request>", "")
    found: dict[tuple[int, int, str], dict[str, Any]] = {}
    for edge in batch.edges.values():
        target = batch.nodes[edge.target]
        if edge.type not in LINEAGE or edge.provenance is None or target.id == batch.doc_id:
            continue
        p = edge.provenance
        found.setdefault((p.start, p.end, target.id), {
            "start": p.start, "end": p.end, "text": text[p.start:p.end],
            "doc_number": target.props.get("doc_number"), "title": target.props.get("title"),
            "title_key": target.props.get("title_key"),
        })
    return [found[k] for k in sorted(found)]


def resolve(store: Store, doc_number: str | None, title_key: str | None) -> list[dict[str, Any]]:
    """The store's Documents a citation names: by 文号 when it has one, else by title.

    The one place citations meet identity resolution; re-point it when ingest's resolver changes.
    """
    found = rows(store, "resolve-document", number=doc_number) if doc_number else []
    if not found and title_key:
        found = rows(store, "resolve-document", title=title_key)
    return [{k: d[k] for k in ("id", "title", "doc_number")} for d in found]


def check(store: Store, text: str) -> dict[str, Any]:
    out = []
    for citation in find_citations(text):
        documents = resolve(store, citation["doc_number"], citation["title_key"])
        status = "unresolved" if not documents else "resolved" if len(documents) == 1 else "ambiguous"
        out.append({**citation, "status": status, "documents": documents})
    return {"citations": out}
