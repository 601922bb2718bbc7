"""The same read view over a networkx MultiDiGraph (nodes with `label` and `props`, edges with `type`
and `props`, as `EmbeddedStore.to_networkx` builds it), so the query twins run on an exported
subgraph too."""
from __future__ import annotations

from typing import Any, Iterator, Sequence

import networkx as nx

from graph.citing_order import PART_OF, REPORTS_ON, citing_key
from graph.model import schema


class NetworkxView:
    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph

    def has(self, node_id: str) -> bool:
        return node_id in self.graph

    def props(self, node_id: str) -> dict[str, Any]:
        return self.graph.nodes[node_id]["props"]

    def label(self, node_id: str) -> str:
        return self.graph.nodes[node_id]["label"]

    def out(self, node_id: str, type_: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for _, v, d in self.graph.out_edges(node_id, data=True):
            if d["type"] == type_:
                yield v, d["props"]

    def out_each(self, node_ids: Sequence[str], type_: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for node_id in node_ids:
            if node_id in self.graph:
                for other, props in self.out(node_id, type_):
                    yield node_id, other, props

    def in_each(self, node_ids: Sequence[str], type_: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for node_id in node_ids:
            if node_id in self.graph:
                for other, props in self.in_(node_id, type_):
                    yield node_id, other, props

    def _neighbours_each(self, node_ids: Sequence[str], types: Sequence[str], outgoing: bool) -> Iterator[tuple[str, str]]:
        wanted = set(types)
        for node_id in node_ids:
            if node_id in self.graph:
                edges = self.graph.out_edges(node_id, data="type") if outgoing else self.graph.in_edges(node_id, data="type")
                for u, v, type_ in edges:
                    if type_ in wanted:
                        yield node_id, v if outgoing else u

    def edges_of(self, refs: Sequence[Any]) -> list[dict[str, Any]]:
        return list(refs)

    def prop_each(self, node_ids: Sequence[str], prop: str) -> dict[str, Any]:
        return {n: self.props(n).get(prop) for n in node_ids if n in self.graph}

    def between(self, source: str, type_: str, target: str) -> list[dict[str, Any]]:
        return [d["props"] for d in (self.graph.get_edge_data(source, target) or {}).values() if d["type"] == type_]

    def in_(self, node_id: str, type_: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for u, _, d in self.graph.in_edges(node_id, data=True):
            if d["type"] == type_:
                yield u, d["props"]

    def first_edges(self, node_id: str, type_: str, outgoing: bool, order: Sequence[tuple[str, str]],
                    limit: int | None, skip: int = 0) -> tuple[int, list[tuple[str, dict[str, Any]]]]:
        """As SqliteView.first_edges: the count, and `limit` edges after the first `skip` in `order`, nulls last."""
        edges = list(self.out(node_id, type_) if outgoing else self.in_(node_id, type_))

        def key(edge: tuple[str, dict[str, Any]]) -> tuple:
            values = [(edge[1] if side == "edge" else self.props(edge[0])).get(prop) for side, prop in order]
            return tuple(x for v in values for x in (v is None, v if v is not None else 0))

        edges.sort(key=key)
        return len(edges), edges[skip:] if limit is None else edges[skip:skip + limit]

    def nodes(self, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for n, d in self.graph.nodes(data=True):
            if d["label"] == label:
                yield n, d["props"]

    def find(self, label: str, prop: str, value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        for n, props in self.nodes(label):
            if props.get(prop) == value:
                yield n, props

    def find_named(self, label: str, value: Any, props: Sequence[str], lists: Sequence[str]
                   ) -> Iterator[tuple[str, dict[str, Any]]]:
        for n, found in self.nodes(label):
            if any(found.get(p) == value for p in props) or any(value in (found.get(p) or []) for p in lists):
                yield n, found

    # -- walks on handles: here a node's handle is its id ----------------------------------

    def handle_each(self, node_ids: Sequence[str]) -> dict[str, str]:
        return {n: n for n in dict.fromkeys(node_ids) if n in self.graph}

    def find_handles(self, label: str, prop: str, value: Any) -> list[tuple[str]]:
        return [(n,) for n, _ in self.find(label, prop, value)]

    def values_of(self, handles: Sequence[str], props: Sequence[str]) -> dict[str, tuple]:
        return {h: tuple(self.props(h).get(p) for p in props) for h in handles if h in self.graph}

    def ids_of(self, handles: Sequence[str]) -> dict[str, str]:
        return {h: h for h in handles}

    def ids_in_order(self, handles: Sequence[str], skip: int, limit: int | None) -> list[tuple[str, str]]:
        ordered = sorted(set(handles))[skip:]
        return [(h, h) for h in (ordered if limit is None else ordered[:limit])]

    def walk_each(self, handles: Sequence[str], group: str, forward: bool) -> list[tuple[str, str]]:
        return list(self._neighbours_each(handles, schema().edge_groups[group], forward))

    def step_each(self, handles: Sequence[str], type_: str, forward: bool, label: str | None = None,
                  props: Sequence[str] = ()) -> list[tuple]:
        out = []
        for h in dict.fromkeys(handles):
            for other, edge in (self.out(h, type_) if forward else self.in_(h, type_)):
                if label is None or self.label(other) == label:
                    out.append((h, other, *(edge.get(p) for p in props)))
        return out

    def citing_page(self, targets: Sequence[str], skip: int, limit: int | None
                    ) -> tuple[int, list[tuple[str, str | None, str, Any]]]:
        """As SqliteView.citing_page, computed from the graph: every row's key, then the page."""
        rows: dict[str, tuple[str, str | None, str, Any]] = {}
        cites = [c for t in schema().edge_groups["citation"] for c in self.in_each(targets, t)]
        for _, report, edge in cites:
            title = self.props(report).get("title")
            span = (edge.get("start"), edge.get("doc_id"), edge.get("end"))
            for region, _ in self.out(report, REPORTS_ON):
                adcode = self.props(region).get("adcode")
                for parent in [p for p, _ in self.out(region, PART_OF)] or [None]:
                    name = self.props(parent).get("name") if parent is not None else None
                    rows.setdefault(citing_key(adcode, title, *span, name, region, parent), (region, parent, report, edge))
        ordered = [rows[k] for k in sorted(rows)]
        return len(ordered), ordered[skip:] if limit is None else ordered[skip:skip + limit]
