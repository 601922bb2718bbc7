"""The same read view over a networkx MultiDiGraph (nodes with `label` and `props`, edges with `type`
and `props`, as `EmbeddedStore.to_networkx` builds it), so the query twins run on an exported
subgraph too."""
from __future__ import annotations

from typing import Any, Iterator

import networkx as nx


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

    def in_(self, node_id: str, type_: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for u, _, d in self.graph.in_edges(node_id, data=True):
            if d["type"] == type_:
                yield u, d["props"]

    def nodes(self, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for n, d in self.graph.nodes(data=True):
            if d["label"] == label:
                yield n, d["props"]

    def find(self, label: str, prop: str, value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        for n, props in self.nodes(label):
            if props.get(prop) == value:
                yield n, props
