"""The whole graph as JSON ({"nodes": [...], "edges": [...]}) or GraphML for Gephi and networkx."""
from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx

from graph.store import GraphDump


def to_json(dump: GraphDump) -> str:
    return json.dumps(dump.as_dict(), ensure_ascii=False, indent=1, sort_keys=True)


def _graphml_value(v: Any) -> Any:
    # GraphML has no list or null values.
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v


def to_graphml(dump: GraphDump) -> str:
    g = nx.MultiDiGraph()
    for n in dump.nodes:
        props = {k: _graphml_value(v) for k, v in n["properties"].items() if v is not None}
        props.pop("id", None)
        g.add_node(n["id"], labels=":".join(n["labels"]), **props)
    for e in dump.edges:
        props = {k: _graphml_value(v) for k, v in e["properties"].items() if v is not None}
        g.add_edge(e["source"], e["target"], props.pop("key", None), type=e["type"], **props)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


FORMATS = {"json": to_json, "graphml": to_graphml}
