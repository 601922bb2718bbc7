"""Store-neutral graph values: what ingest produces and every store consumes."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterator

from graph.model import schema


def stable_id(prefix: str, *parts: object) -> str:
    """A deterministic id: readable prefix plus a short hash of the identifying parts."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}:{digest}"


@dataclass(frozen=True)
class Provenance:
    doc_id: str
    start: int
    end: int
    sentence: str

    def as_props(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "start": self.start, "end": self.end, "sentence": self.sentence}


@dataclass
class Node:
    label: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)

    def properties(self) -> dict[str, Any]:
        """All non-null properties, id included."""
        out = {k: v for k, v in self.props.items() if v is not None}
        out["id"] = self.id
        return out


@dataclass
class Edge:
    type: str
    source: str
    target: str
    provenance: Provenance | None = None
    props: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Identity of the edge: endpoints, type and, for read facts, where it was read."""
        if self.provenance is None:
            return f"{self.type}|{self.source}|{self.target}"
        p = self.provenance
        return f"{self.type}|{self.source}|{self.target}|{p.doc_id}|{p.start}|{p.end}"

    @classmethod
    def from_properties(cls, type_: str, source: str, target: str, props: dict[str, Any]) -> "Edge":
        """The edge a store holds, rebuilt from its stored properties (key dropped: it is derived)."""
        rest = {k: v for k, v in props.items() if k != "key"}
        provenance = None
        if "doc_id" in rest:
            provenance = Provenance(rest.pop("doc_id"), rest.pop("start"), rest.pop("end"), rest.pop("sentence"))
        return cls(type_, source, target, provenance, rest)

    def properties(self) -> dict[str, Any]:
        out = {k: v for k, v in self.props.items() if v is not None}
        if self.provenance is not None:
            out.update(self.provenance.as_props())
        out["key"] = self.key
        return out


@dataclass
class GraphBatch:
    """Everything read from one document: written to a store in one transaction.

    `doc_id` names the ingested document whose facts this batch replaces; None for facts that
    belong to no document (the gazetteer).
    """

    doc_id: str | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)

    def __reduce__(self):
        # As plain tuples: every batch a worker extracts is pickled to the parent, and rebuilding
        # dataclasses from tuples takes about a third of the time pickle's generic path does.
        nodes = [(key, n.label, n.id, n.props) for key, n in self.nodes.items()]
        edges = [(key, e.type, e.source, e.target, e.props, None if (p := e.provenance) is None else
                  (p.doc_id, p.start, p.end, p.sentence)) for key, e in self.edges.items()]
        return _rebuilt_batch, (self.doc_id, nodes, edges)

    def add_node(self, label: str, id_: str, **props: Any) -> str:
        existing = self.nodes.get(id_)
        if existing is None:
            self.nodes[id_] = Node(label, id_, {k: v for k, v in props.items() if v is not None})
        else:
            if existing.label != label:
                raise ValueError(f"node {id_} added as {existing.label} and as {label}")
            for k, v in props.items():
                if v is not None and existing.props.get(k) is None:
                    existing.props[k] = v
        return id_

    def add_edge(self, type_: str, source: str, target: str, provenance: Provenance | None = None, **props: Any) -> None:
        edge = Edge(type_, source, target, provenance, {k: v for k, v in props.items() if v is not None})
        self.edges.setdefault(edge.key, edge)

    def validate(self) -> None:
        """Check every node and edge against the schema; raise SchemaError on the first misfit."""
        if self._fits():
            return
        for _ in self.checked_nodes():
            pass
        for _ in self.checked_edges():
            pass

    def _fits(self) -> bool:
        """The schema's verdict without building every property map (a sixth of the time a worker
        spent on a batch); a batch that does not plainly fit is checked the long way, which says why."""
        s = schema()
        nodes = self.nodes
        if not all(s.fits_node(n.label, n.id, n.props) for n in nodes.values()):
            return False
        for e in self.edges.values():
            src, dst = nodes.get(e.source), nodes.get(e.target)
            if src is None or dst is None or not s.fits_edge(e.type, src.label, dst.label, e.provenance, e.props):
                return False
        return True

    def checked_nodes(self) -> Iterator[tuple[Node, dict[str, Any]]]:
        """Each node with its properties, once they fit the schema."""
        s = schema()
        for node in self.nodes.values():
            props = node.properties()
            s.check_node(node.label, props)
            yield node, props

    def checked_edges(self) -> Iterator[tuple[Edge, dict[str, Any]]]:
        """Each edge with its properties, once its ends are in the batch and it fits the schema."""
        s = schema()
        for edge in self.edges.values():
            src, dst = self.nodes.get(edge.source), self.nodes.get(edge.target)
            if src is None or dst is None:
                missing = edge.source if src is None else edge.target
                raise ValueError(f"{edge.type} edge points to node {missing} that is not in the batch")
            props = edge.properties()
            props.update(self.derived(edge))
            s.check_edge(edge.type, src.label, dst.label, props)
            yield edge, props

    def derived(self, edge: Edge) -> dict[str, Any]:
        """The properties every store derives for this edge of the batch (schema `sort_keys`)."""
        et = schema().edge(edge.type)
        if not et.sort_keys:
            return {}
        props = {**edge.props, **(edge.provenance.as_props() if edge.provenance else {})}
        return et.derived(edge.source, edge.target, props, self.nodes[edge.source].props, self.nodes[edge.target].props)

    def edge_properties(self, edge: Edge) -> dict[str, Any]:
        """What a store holds for this edge of the batch: its properties and the derived ones."""
        return {**edge.properties(), **self.derived(edge)}


def _rebuilt_batch(doc_id: str | None, nodes: list[tuple], edges: list[tuple]) -> GraphBatch:
    batch = GraphBatch(doc_id)
    batch.nodes = {key: Node(label, id_, props) for key, label, id_, props in nodes}
    batch.edges = {key: Edge(type_, source, target, None if p is None else Provenance(*p), props)
                   for key, type_, source, target, props, p in edges}
    return batch
