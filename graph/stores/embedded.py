"""The zero-setup store: a networkx MultiDiGraph persisted as one JSON file, written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

from graph.store import GraphDump, WriteResult
from graph.types import Edge, GraphBatch

GRAPH_FILE = "graph.json"
FORMAT_VERSION = 1


class StoreFormatError(RuntimeError):
    """The store file exists but is not a policykg graph this version can read."""


class EmbeddedStore:
    kind = "embedded"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / GRAPH_FILE
        self._graph: nx.MultiDiGraph | None = None
        self._dirty = False
        # doc_id -> keys of edges (u, v, key) and observation nodes read from it: removing a
        # document's facts must not scan the whole graph.
        self._facts: dict[str, set[tuple[str, str, str]]] = {}
        self._observations: dict[str, set[str]] = {}
        self._sources: dict[str, str] = {}  # source_path -> ingested document id

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The graph, loaded from disk on first use."""
        if self._graph is None:
            self._graph = self._load()
            for u, v, k, p in self._graph.edges(keys=True, data="props"):
                self._index_edge(u, v, k, p)
            for n, d in self._graph.nodes(data=True):
                self._index_node(n, d["label"], d["props"])
        return self._graph

    def _index_node(self, node_id: str, label: str, props: dict[str, Any]) -> None:
        if label == "Observation":
            self._observations.setdefault(props["doc_id"], set()).add(node_id)
        elif label == "Document" and props.get("source_path"):
            self._sources[props["source_path"]] = node_id

    def _index_edge(self, u: str, v: str, key: str, props: dict[str, Any]) -> None:
        if props.get("doc_id"):
            self._facts.setdefault(props["doc_id"], set()).add((u, v, key))

    def _load(self) -> nx.MultiDiGraph:
        g = nx.MultiDiGraph()
        if not self.path.exists():
            return g
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreFormatError(f"{self.path}: cannot read the embedded store: {exc}") from exc
        if data.get("format") != FORMAT_VERSION:
            raise StoreFormatError(f"{self.path}: store format {data.get('format')!r}, expected {FORMAT_VERSION}")
        for n in data["nodes"]:
            g.add_node(n["id"], label=n["labels"][0], props=n["properties"])
        for e in data["edges"]:
            g.add_edge(e["source"], e["target"], key=e["properties"]["key"], type=e["type"], props=e["properties"])
        return g

    # -- writing ---------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteResult:
        batch.validate()  # everything that can fail happens before the graph is touched
        g = self.graph
        result, touched = WriteResult(), set()
        if batch.doc_id is not None:
            result, touched = self._remove_facts(batch.doc_id)
        for node in batch.nodes.values():
            props = node.properties()
            if node.id in g:
                g.nodes[node.id]["props"].update(props)
            else:
                g.add_node(node.id, label=node.label, props=props)
                result.nodes_added += 1
            self._index_node(node.id, node.label, props)
        for edge in batch.edges.values():
            if not g.has_edge(edge.source, edge.target, key=edge.key):
                props = edge.properties()
                g.add_edge(edge.source, edge.target, key=edge.key, type=edge.type, props=props)
                self._index_edge(edge.source, edge.target, edge.key, props)
                result.edges_added += 1
        # Orphans are dropped only after the new facts are in, so nodes still supported survive.
        result.nodes_removed += self._drop_orphans(touched)
        self._dirty = True
        return result

    def write_many(self, batches: list[GraphBatch]) -> WriteResult:
        result = WriteResult()
        for batch in batches:
            result += self.write(batch)
        return result

    def delete_document(self, doc_id: str) -> WriteResult:
        result, touched = self._remove_facts(doc_id)
        result.nodes_removed += self._drop_orphans(touched)
        if doc_id in self.graph and self.graph.nodes[doc_id]["props"].get("ingested"):
            self._sources.pop(self.graph.nodes[doc_id]["props"].get("source_path", ""), None)
            self.graph.remove_node(doc_id)
            result.nodes_removed += 1
        self._dirty = True
        return result

    def move_facts(self, doc_id: str, label: str, from_id: str, into_id: str) -> WriteResult:
        g = self.graph
        result = WriteResult()
        if from_id not in g or into_id not in g or from_id == into_id:
            return result
        for u, v, k, d in [*g.in_edges(from_id, keys=True, data=True), *g.out_edges(from_id, keys=True, data=True)]:
            if d["props"].get("doc_id") != doc_id:
                continue
            moved = Edge.from_properties(d["type"], into_id if u == from_id else u, into_id if v == from_id else v, d["props"])
            g.remove_edge(u, v, key=k)
            self._facts[doc_id].discard((u, v, k))
            result.edges_removed += 1
            if not g.has_edge(moved.source, moved.target, key=moved.key):
                props = moved.properties()
                g.add_edge(moved.source, moved.target, key=moved.key, type=moved.type, props=props)
                self._index_edge(moved.source, moved.target, moved.key, props)
                result.edges_added += 1
        result.nodes_removed += self._drop_orphans({from_id})
        self._dirty = True
        return result

    def merge_nodes(self, from_id: str, into_id: str) -> WriteResult:
        g = self.graph
        result = WriteResult()
        if from_id not in g or into_id not in g or from_id == into_id:
            return result
        for u, v, k, d in [*g.in_edges(from_id, keys=True, data=True), *g.out_edges(from_id, keys=True, data=True)]:
            moved = Edge.from_properties(d["type"], into_id if u == from_id else u, into_id if v == from_id else v, d["props"])
            g.remove_edge(u, v, key=k)
            doc = d["props"].get("doc_id")
            if doc:
                self._facts.get(doc, set()).discard((u, v, k))
            result.edges_removed += 1
            if not g.has_edge(moved.source, moved.target, key=moved.key):
                props = moved.properties()
                g.add_edge(moved.source, moved.target, key=moved.key, type=moved.type, props=props)
                self._index_edge(moved.source, moved.target, moved.key, props)
                result.edges_added += 1
        target = g.nodes[into_id]["props"]
        for k, v in g.nodes[from_id]["props"].items():
            if k != "id" and target.get(k) is None:
                target[k] = v
        g.remove_node(from_id)
        result.nodes_removed += 1
        self._dirty = True
        return result

    def _remove_facts(self, doc_id: str) -> tuple[WriteResult, set[str]]:
        """Remove the edges and observations read from doc_id; return the nodes they touched."""
        g = self.graph
        result = WriteResult()
        doomed = self._facts.pop(doc_id, set())
        touched: set[str] = set()
        for u, v, k in doomed:
            g.remove_edge(u, v, key=k)
            touched.update((u, v))
        result.edges_removed = len(doomed)
        observations = [n for n in self._observations.pop(doc_id, set()) if n in g]
        for n in observations:
            touched.update(g.predecessors(n))
            touched.update(g.successors(n))
            g.remove_node(n)
        result.nodes_removed += len(observations)
        touched.discard(doc_id)
        return result, touched

    def _drop_orphans(self, candidates: set[str]) -> int:
        g = self.graph
        orphans = [n for n in candidates if n in g and g.degree(n) == 0 and not g.nodes[n]["props"].get("ingested")]
        g.remove_nodes_from(orphans)
        return len(orphans)

    def flush(self) -> None:
        """Write the graph to a temporary file, fsync it, then rename it over the old one."""
        if not self._dirty:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        payload = {"format": FORMAT_VERSION, **self.dump().as_dict()}
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".json", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False

    def close(self) -> None:
        self.flush()

    # -- reading ---------------------------------------------------------------------------

    def document_for_source(self, source_path: str) -> tuple[str, str] | None:
        graph = self.graph  # loads the store and its indexes
        doc_id = self._sources.get(source_path)
        if doc_id is None or doc_id not in graph:
            return None
        return doc_id, graph.nodes[doc_id]["props"].get("content_hash", "")

    def find(self, label: str, prop: str, value: Any) -> list[dict[str, Any]]:
        return [dict(d["props"]) for _, d in self.graph.nodes(data=True) if d["label"] == label and d["props"].get(prop) == value]

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        g = self.graph
        if node_id not in g:
            return []
        return [{"type": d["type"], "source": u, "target": v, "properties": dict(d["props"])}
                for u, v, d in [*g.in_edges(node_id, data=True), *g.out_edges(node_id, data=True)]]

    def dump(self) -> GraphDump:
        g = self.graph
        nodes = [{"id": n, "labels": [d["label"]], "properties": dict(d["props"])} for n, d in g.nodes(data=True)]
        edges = [
            {"source": u, "target": v, "type": d["type"], "properties": dict(d["props"])}
            for u, v, d in g.edges(data=True)
        ]
        return GraphDump(nodes, edges)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, label in self.graph.nodes(data="label"):
            out[label] = out.get(label, 0) + 1
        for _, _, type_ in self.graph.edges(data="type"):
            out[type_] = out.get(type_, 0) + 1
        return dict(sorted(out.items()))

    def node(self, node_id: str) -> dict[str, Any] | None:
        if node_id not in self.graph:
            return None
        return dict(self.graph.nodes[node_id]["props"])
