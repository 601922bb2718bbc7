"""The tables of the embedded store (SQLite, WAL mode) and how its rows map to graph values.

Nodes keep their properties as one JSON text; the properties that queries and ingest look up by
value get an expression index. Edges point at nodes by integer row id, carry their provenance in
columns (document interned in `docs`, the sentence stored once per document in `sentences`), and
keep any other properties as JSON. An edge's key is never stored: it is derived from the columns
the unique index `edges_out` covers, which is also the (source, type) index; `edges_in_spans` is its
mirror by target.
"""
from __future__ import annotations

import json
from typing import Any

from graph.model import schema
from graph.types import Edge, Provenance

# 3: edges' sort keys (graph/schema.yaml `sort_keys`), indexed; 4: incoming edges' index covers their
# ends and spans; 5: edge groups' walk indexes, and the citation order table (sqlite_citing.py)
FORMAT_VERSION = 5
DB_FILE = "graph.sqlite"
NO_DOC = 0  # `did` of an edge read from no document (the gazetteer's PART_OF)

# Node properties looked up by value (queries' _find, ingest's find, fact replacement).
INDEXED_PROPS = ("doc_number", "title_key", "title_core", "source_path", "name", "adcode", "doc_id")

def _lookup_indexes() -> list[str]:
    from graph.store import LOOKUP_INDEXES

    out = []
    for groups in LOOKUP_INDEXES.values():
        for props in groups:
            cols = ", ".join(f"json_extract(props, '$.{p}')" for p in props)
            out.append(f"CREATE INDEX IF NOT EXISTS nodes_{'_'.join(props)} ON nodes(label, {cols}) "
                       f"WHERE json_extract(props, '$.{props[0]}') IS NOT NULL")
    return out


def _edge_indexes() -> list[str]:
    """The schema's indexed edge properties, each by target (queries page a node's fan-in on them);
    partial, so a query must name the type as a literal to use one."""
    return [
        f"CREATE INDEX IF NOT EXISTS edges_{type_.lower()}_{p} ON edges(dst, json_extract(props, '$.{p}')) "
        f"WHERE type = '{type_}'"
        for type_, et in schema().edges.items() for p in et.indexes
    ]


def group_condition(group: str, column: str = "type") -> str:
    """Whether `column` is one of an edge group's types (graph/schema.yaml `edge_groups`), always
    spelled the same way: a query can use a group's partial index only with the very condition
    the index was made with. Spelled as equalities joined by OR, not `IN (...)`: SQLite builds an
    IN list's look-up table again at every row a statement writes, which made each partial index
    and trigger condition cost ~5 µs an edge written (six times the OR form)."""
    return "(" + " OR ".join(f"{column} = '{t}'" for t in sorted(schema().edge_groups[group])) + ")"


def walk_index(group: str, outgoing: bool) -> str:
    return f"edges_{group}_{'out' if outgoing else 'in'}"


def _walk_indexes() -> list[str]:
    """Each edge group's edges by source and by target: one look-up per node walks the whole group."""
    return [
        f"CREATE INDEX IF NOT EXISTS {walk_index(group, outgoing)} ON edges({ends}) WHERE {group_condition(group)}"
        for group in schema().edge_groups for outgoing, ends in ((True, "src, dst"), (False, "dst, src"))
    ]


EDGE_INDEXES = _edge_indexes()
TABLES = [
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS nodes(nid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, label TEXT NOT NULL, props TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label)",
    *[
        f"CREATE INDEX IF NOT EXISTS nodes_{p} ON nodes(label, json_extract(props, '$.{p}')) "
        f"WHERE json_extract(props, '$.{p}') IS NOT NULL"
        for p in INDEXED_PROPS
    ],
    "CREATE TABLE IF NOT EXISTS docs(did INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE)",
    "CREATE TABLE IF NOT EXISTS sentences(sid INTEGER PRIMARY KEY, did INTEGER NOT NULL, text TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sentences_doc ON sentences(did)",
    "CREATE TABLE IF NOT EXISTS edges(eid INTEGER PRIMARY KEY, src INTEGER NOT NULL, type TEXT NOT NULL, "
    "dst INTEGER NOT NULL, did INTEGER NOT NULL, start INTEGER NOT NULL, stop INTEGER NOT NULL, sid INTEGER, props TEXT)",
    "CREATE UNIQUE INDEX IF NOT EXISTS edges_out ON edges(src, type, dst, did, start, stop)",
    # By target, as edges_out is by source, with the other end and the span in the index: a large
    # fan-in is read off the index alone, not one table row per edge.
    "CREATE INDEX IF NOT EXISTS edges_in_spans ON edges(dst, type, src, did, start, stop)",
    "CREATE INDEX IF NOT EXISTS edges_doc ON edges(did)",
    *_lookup_indexes(),
    *EDGE_INDEXES,
    *_walk_indexes(),
]

PROVENANCE_KEYS = ("doc_id", "start", "end", "sentence", "key")

# Every edge read with what the reader needs to rebuild its properties.
EDGE_COLUMNS = "e.type, e.start, e.stop, e.props, d.doc_id, s.text"
EDGE_JOINS = "LEFT JOIN docs d ON d.did = e.did LEFT JOIN sentences s ON s.sid = e.sid"


def encode_props(props: dict[str, Any]) -> str:
    return json.dumps(props, ensure_ascii=False, separators=(",", ":"))


def edge_extra(props: dict[str, Any]) -> str | None:
    """An edge's properties other than provenance and key, as stored JSON (None when there are none)."""
    rest = {k: v for k, v in props.items() if k not in PROVENANCE_KEYS}
    return encode_props(rest) if rest else None


def edge_props(source: str, target: str, type_: str, start: int, stop: int, extra: str | None,
               doc_id: str | None, sentence: str | None) -> dict[str, Any]:
    """The properties the store's edge had when written: extras, provenance and the derived key."""
    out: dict[str, Any] = json.loads(extra) if extra else {}
    provenance = None
    if doc_id is not None:
        provenance = Provenance(doc_id, start, stop, sentence or "")
        out.update(provenance.as_props())
    out["key"] = Edge(type_, source, target, provenance).key
    return out
