"""The Store protocol every backend implements, and the one place a backend is chosen."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Protocol, Sequence, runtime_checkable

from graph.types import GraphBatch

DEFAULT_STORE_DIR = Path(".policykg")

# Properties `find` looks up together (identity resolution asks for the documents of one title
# issued in one region, or read from one region's text, or without an issuer): one index each.
LOOKUP_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "Document": (("title_core", "issuer_region"), ("title_core", "region_adcode"), ("title_core", "issuer")),
}


class StoreUnavailable(RuntimeError):
    """The store cannot be reached (Neo4j down, store locked past the timeout). Callers report it
    (the API answers 503) and may retry; nothing was half-written."""


@dataclass
class WriteResult:
    nodes_added: int = 0
    edges_added: int = 0
    edges_removed: int = 0
    nodes_removed: int = 0

    def __iadd__(self, other: "WriteResult") -> "WriteResult":
        self.nodes_added += other.nodes_added
        self.edges_added += other.edges_added
        self.edges_removed += other.edges_removed
        self.nodes_removed += other.nodes_removed
        return self


@dataclass
class GraphDump:
    """The whole graph as plain data, in the export format."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"nodes": self.nodes, "edges": self.edges}


@runtime_checkable
class Store(Protocol):
    kind: str

    def write(self, batch: GraphBatch) -> WriteResult:
        """Atomically replace the facts of `batch.doc_id` with the batch (all or nothing)."""

    def write_many(self, batches: list[GraphBatch]) -> WriteResult:
        """Write several documents' batches as one commit (bulk loads batch across documents);
        each batch still replaces only its own document's facts."""

    def delete_document(self, doc_id: str) -> WriteResult:
        """Remove every fact read from `doc_id`, and nodes no other fact supports."""

    def move_facts(self, doc_id: str, label: str, from_id: str, into_id: str) -> WriteResult:
        """Re-point the relationships read from `doc_id` that touch node `from_id` to `into_id`,
        keeping their provenance; drop `from_id` if nothing else supports it (one transaction)."""

    def find(self, label: str, prop: str, value: Any,
             any_of: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
        """The properties (id included) of every `label` node whose `prop` equals `value` (indexed:
        used per citation during ingest); with `any_of`, only those that also have every property
        of one of these maps (a None value: the property is absent). The pairs of LOOKUP_INDEXES
        are indexed together, so a title held by thousands of documents is not read whole."""

    def merge_nodes(self, from_id: str, into_id: str) -> WriteResult:
        """Re-point every edge of `from_id` (any document's) to `into_id`, keeping provenance, edge
        keys recomputed; give `into_id` the properties it lacks from `from_id`; delete `from_id`
        (one transaction)."""

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        """Every edge touching the node: {type, source, target, properties}."""

    def document_for_source(self, source_path: str) -> tuple[str, str] | None:
        """(doc_id, content_hash) of the ingested document read from that path, if any."""

    def dump(self) -> GraphDump:
        """Every node and edge, for export and parity checks."""

    def counts(self) -> dict[str, int]:
        """Node count per label and edge count per type."""

    def flush(self) -> None:
        """Make everything written so far durable."""

    def close(self) -> None: ...


def open_store(store_dir: str | os.PathLike[str] | None = None, neo4j_uri: str | None = None) -> Store:
    """Neo4j when a URI is given (argument or NEO4J_URI), else the embedded store on disk."""
    uri = neo4j_uri or os.environ.get("NEO4J_URI")
    if uri:
        from graph.stores.neo4j import Neo4jStore

        return Neo4jStore(
            uri,
            user=os.environ.get("NEO4J_USER"),
            password=os.environ.get("NEO4J_PASSWORD"),
            database=os.environ.get("NEO4J_DATABASE"),
        )
    from graph.stores.embedded import EmbeddedStore

    directory = store_dir or os.environ.get("POLICYKG_STORE") or DEFAULT_STORE_DIR
    return EmbeddedStore(Path(directory))
