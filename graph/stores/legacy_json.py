"""Reads the embedded store of earlier versions (one `graph.json`) into the SQLite store, once."""
from __future__ import annotations

import json
from pathlib import Path

from graph.types import Edge, GraphBatch, Node

LEGACY_FILE = "graph.json"
LEGACY_FORMAT = 1


def legacy_batch(path: Path) -> GraphBatch:
    """The whole legacy graph as one batch that belongs to no document (its edges keep their provenance)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the earlier store file: {exc}") from exc
    if data.get("format") != LEGACY_FORMAT:
        raise ValueError(f"{path}: store format {data.get('format')!r}, expected {LEGACY_FORMAT}")
    batch = GraphBatch()
    for n in data["nodes"]:
        props = {k: v for k, v in n["properties"].items() if k != "id"}
        batch.nodes[n["id"]] = Node(n["labels"][0], n["id"], props)
    for e in data["edges"]:
        edge = Edge.from_properties(e["type"], e["source"], e["target"], e["properties"])
        batch.edges[edge.key] = edge
    return batch
