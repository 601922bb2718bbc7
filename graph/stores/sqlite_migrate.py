"""Bringing an embedded store of an earlier format up to the current one, in place.

2 -> 3: edges gained the schema's sort keys (derived from the edge and its ends when written) and
their indexes; the edges already stored get theirs here, computed as a writer computes them.
3 -> 4: the (target, type) index gave way to one that also covers the source and the span.
4 -> 5: edge groups' walk indexes, and the citation order table, filled from the edges.
"""
from __future__ import annotations

import json
import sqlite3

from graph.model import schema
from graph.stores.sqlite_citing import CITING_TABLES, fill_citing
from graph.stores.sqlite_schema import FORMAT_VERSION, RETIRED_INDEXES, TABLES, encode_props

MIGRATES_FROM = {"2", "3", "4"}
CHUNK = 10_000


def fill_sort_keys(conn: sqlite3.Connection, nid: int | None = None) -> None:
    """(Re)compute the sort keys of every edge, or of node `nid`'s edges (after they were re-pointed)."""
    for type_, et in schema().edges.items():
        if not et.sort_keys:
            continue
        near = "" if nid is None else " AND (e.src = ? OR e.dst = ?)"
        cursor = conn.execute(
            "SELECT e.eid, a.id, a.props, b.id, b.props, e.props, d.doc_id, e.start, e.stop FROM edges e "
            "JOIN nodes a ON a.nid = e.src JOIN nodes b ON b.nid = e.dst LEFT JOIN docs d ON d.did = e.did "
            f"WHERE e.type = ?{near}", (type_,) if nid is None else (type_, nid, nid))
        while rows := cursor.fetchmany(CHUNK):
            updates = []
            for eid, source, source_props, target, target_props, extra, doc_id, start, stop in rows:
                props = json.loads(extra) if extra else {}
                provenance = {"doc_id": doc_id, "start": start, "end": stop} if doc_id is not None else {}
                props.update(et.derived(source, target, {**props, **provenance}, json.loads(source_props),
                                        json.loads(target_props)))
                updates.append((encode_props(props), eid))
            conn.executemany("UPDATE edges SET props = ? WHERE eid = ?", updates)


def migrate(conn: sqlite3.Connection, found: str) -> None:
    """Inside the caller's write transaction: the store at format `found` becomes FORMAT_VERSION."""
    if found not in MIGRATES_FROM:
        raise ValueError(f"no migration from store format {found!r} to {FORMAT_VERSION}")
    if found == "2":
        fill_sort_keys(conn)
    for index in RETIRED_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {index}")
    for stmt in (*TABLES, *CITING_TABLES):  # every table, index and trigger the current format has (IF NOT EXISTS)
        conn.execute(stmt)
    fill_citing(conn)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(FORMAT_VERSION),))
