"""The rows one `Neo4jStore.write_many` sends: many documents' batches checked against the schema
and folded into one node per id and one edge per key, each edge marked with whether it was read
from a document of the group (so it can be CREATEd after that document's old facts are removed)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from graph.model import SchemaError
from graph.types import GraphBatch


@dataclass
class NodeRow:
    label: str
    props: dict[str, Any]  # id included; what `SET n += props` in document order gives


@dataclass
class EdgeRow:
    type: str
    source: str
    target: str
    props: dict[str, Any]  # key and provenance included
    owned: bool  # read from a document of the group: its old version is removed first


@dataclass
class Rows:
    doc_ids: list[str] = field(default_factory=list)  # documents whose facts the group replaces
    nodes: dict[str, NodeRow] = field(default_factory=dict)
    edges: list[EdgeRow] = field(default_factory=list)

    @classmethod
    def of(cls, batches: Iterable[GraphBatch]) -> "Rows":
        """Rows of the batches, each checked as GraphBatch.validate checks it (SchemaError or
        ValueError on the first misfit); the properties are computed once, for the check and the row."""
        # A document given twice keeps its last batch, as two writes in a row would.
        by_doc: dict[Any, GraphBatch] = {}
        for i, batch in enumerate(batches):
            by_doc[batch.doc_id if batch.doc_id is not None else ("no document", i)] = batch
        out = cls(doc_ids=sorted(b.doc_id for b in by_doc.values() if b.doc_id is not None))
        replaced = set(out.doc_ids)
        seen_edges: set[str] = set()
        for batch in by_doc.values():
            for node, props in batch.checked_nodes():
                row = out.nodes.get(node.id)
                if row is None:
                    out.nodes[node.id] = NodeRow(node.label, props)
                elif row.label != node.label:
                    raise SchemaError(f"node {node.id} written as {row.label} and as {node.label}")
                else:
                    row.props.update(props)
            for edge, props in batch.checked_edges():
                if props["key"] in seen_edges:
                    continue
                seen_edges.add(props["key"])
                owned = edge.provenance is not None and edge.provenance.doc_id in replaced
                out.edges.append(EdgeRow(edge.type, edge.source, edge.target, props, owned))
        return out
