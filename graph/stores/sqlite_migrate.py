"""Bringing an embedded store of an earlier format up to the current one, in place.

2 -> 3: edges gained the schema's sort keys (derived from the edge and its ends when written) and
their indexes; the edges already stored get theirs here, computed as a writer computes them.
3 -> 4: the (target, type) index gave way to one that also covers the source and the span.
4 -> 5: edge groups' walk indexes, and the citation order table, filled from the edges.

Within a format, the indexes and triggers follow graph/schema.yaml (edge groups, indexed edge
properties): a store whose stored definitions differ from the ones this code declares has them
dropped and made again when opened (`stale_definitions`, `renew_definitions`), so editing the
schema never leaves a store answering from indexes or triggers of the schema before.
"""
from __future__ import annotations

import json
import re
import sqlite3

from graph.model import schema
from graph.stores.sqlite_citing import CITING_TABLES, fill_citing
from graph.stores.sqlite_schema import FORMAT_VERSION, TABLES, encode_props

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


def _declared(statements: list[str]) -> dict[str, str]:
    """Each index and trigger of `statements` by name, with its SQL as sqlite_master keeps it."""
    out = {}
    for stmt in statements:
        if found := re.match(r"CREATE (?:UNIQUE )?(?:INDEX|TRIGGER) IF NOT EXISTS (\w+)", stmt):
            out[found.group(1)] = stmt.replace(" IF NOT EXISTS", "", 1)
    return out


DECLARED = _declared([*TABLES, *CITING_TABLES])
CITING_DEFINITIONS = set(_declared(CITING_TABLES))


def stale_definitions(conn: sqlite3.Connection) -> list[str]:
    """The indexes and triggers that are missing, differ from their declaration, or are declared
    no longer (SQLite's own automatic indexes aside)."""
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"))
    return sorted(name for name in stored.keys() | DECLARED.keys() if stored.get(name) != DECLARED.get(name))


def renew_definitions(conn: sqlite3.Connection, stale: list[str]) -> None:
    """Inside the caller's write transaction: drop the stale indexes and triggers, make every
    declared one, and compute the citation rows again if their triggers were among them."""
    kinds = dict(conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('index', 'trigger')"))
    for name in stale:
        if name in kinds:
            conn.execute(f"DROP {kinds[name].upper()} {name}")
    for stmt in (*TABLES, *CITING_TABLES):  # every table, index and trigger declared (IF NOT EXISTS)
        conn.execute(stmt)
    if CITING_DEFINITIONS & set(stale):
        fill_citing(conn)


def migrate(conn: sqlite3.Connection, found: str) -> None:
    """Inside the caller's write transaction: the store at format `found` becomes FORMAT_VERSION."""
    if found not in MIGRATES_FROM:
        raise ValueError(f"no migration from store format {found!r} to {FORMAT_VERSION}")
    if found == "2":
        fill_sort_keys(conn)
    renew_definitions(conn, stale_definitions(conn))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'format'", (str(FORMAT_VERSION),))
