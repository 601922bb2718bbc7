"""The embedded store's citation order (graph/citing_order.py), kept in a table of its own.

One row per citation, region and parent path (`citing`), with its key, indexed by cited document
and key: a page of the citations of documents thousands cite is read in key order instead of
joined and sorted from the edges at every request. The rows are derived, never written by hand:
triggers keep them equal to what `ROWS` computes from edges and nodes, inside the transaction that
changes either, whichever writer path (ingest, re-ingest, merges, re-pointing) made the change.
The key is computed by a function each writing connection registers (`register`).
"""
from __future__ import annotations

import json
import sqlite3
from typing import Any, Sequence

from graph.citing_order import PART_OF, REPORTS_ON, citing_key
from graph.stores.sqlite_schema import group_condition

KEY_FUNCTION = "policykg_citing_key"


def _rows(where: str) -> str:
    """Insert the rows of the citations `where` selects (over e the citation, o its document's
    REPORTS_ON, p that region's PART_OF)."""
    span = "CASE WHEN d.doc_id IS NULL THEN NULL ELSE e.{} END"
    return (
        "INSERT INTO citing(eid, dst, src, via, region, up, parent, key) "
        f"SELECT e.eid, e.dst, e.src, o.eid, o.dst, p.eid, p.dst, {KEY_FUNCTION}("
        "json_extract(rn.props, '$.adcode'), json_extract(sn.props, '$.title'), "
        f"{span.format('start')}, d.doc_id, {span.format('stop')}, json_extract(pn.props, '$.name'), rn.id, pn.id) "
        f"FROM edges e JOIN edges o ON o.src = e.src AND o.type = '{REPORTS_ON}' "
        "JOIN nodes rn ON rn.nid = o.dst JOIN nodes sn ON sn.nid = e.src LEFT JOIN docs d ON d.did = e.did "
        f"LEFT JOIN edges p ON p.src = o.dst AND p.type = '{PART_OF}' LEFT JOIN nodes pn ON pn.nid = p.dst "
        f"WHERE {group_condition('citation', 'e.type')} AND {where}"
    )


def _on_node_change(prop: str, column: str, where: str) -> str:
    return (f"CREATE TRIGGER IF NOT EXISTS citing_{prop} AFTER UPDATE OF props ON nodes "
            f"WHEN json_extract(OLD.props, '$.{prop}') IS NOT json_extract(NEW.props, '$.{prop}') BEGIN "
            f"DELETE FROM citing WHERE {column} = NEW.nid; {_rows(where)}; END")


def _statements() -> list[str]:
    cites, new_cites = group_condition("citation", "OLD.type"), group_condition("citation", "NEW.type")
    return [
        "CREATE TABLE IF NOT EXISTS citing(eid INTEGER NOT NULL, dst INTEGER NOT NULL, src INTEGER NOT NULL, "
        "via INTEGER NOT NULL, region INTEGER NOT NULL, up INTEGER, parent INTEGER, key TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS citing_order ON citing(dst, key, eid)",
        "CREATE INDEX IF NOT EXISTS citing_edge ON citing(eid)",
        "CREATE INDEX IF NOT EXISTS citing_source ON citing(src)",
        "CREATE INDEX IF NOT EXISTS citing_region ON citing(region)",
        "CREATE INDEX IF NOT EXISTS citing_parent ON citing(parent)",
        # An edge's type and span never change in place; its ends may (re-pointing moves edges onto
        # the node another is merged into), and the triggers after these follow every such move.
        "CREATE TRIGGER IF NOT EXISTS edges_fixed BEFORE UPDATE OF type, did, start, stop ON edges BEGIN "
        "SELECT RAISE(ABORT, 'an edge''s type and span are fixed: delete it and insert another'); END",
        # A citation moved to another cited document keeps its rows: their key does not hold the target.
        f"CREATE TRIGGER IF NOT EXISTS citing_retargeted AFTER UPDATE OF src, dst ON edges "
        f"WHEN {new_cites} AND NEW.src = OLD.src BEGIN UPDATE citing SET dst = NEW.dst WHERE eid = NEW.eid; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_moved AFTER UPDATE OF src, dst ON edges "
        f"WHEN {new_cites} AND NEW.src <> OLD.src BEGIN DELETE FROM citing WHERE eid = OLD.eid; {_rows('e.eid = NEW.eid')}; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_report_moved AFTER UPDATE OF src, dst ON edges WHEN NEW.type = '{REPORTS_ON}' BEGIN "
        f"DELETE FROM citing WHERE src = OLD.src AND via = OLD.eid; {_rows('o.eid = NEW.eid')}; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_parent_moved AFTER UPDATE OF src, dst ON edges WHEN NEW.type = '{PART_OF}' BEGIN "
        f"DELETE FROM citing WHERE region = OLD.src; {_rows('o.dst = OLD.src')}; "
        f"DELETE FROM citing WHERE region = NEW.src; {_rows('o.dst = NEW.src')}; END",
        "CREATE TRIGGER IF NOT EXISTS nodes_fixed BEFORE UPDATE OF nid, id ON nodes BEGIN "
        "SELECT RAISE(ABORT, 'a node''s id is fixed'); END",
        f"CREATE TRIGGER IF NOT EXISTS citing_added AFTER INSERT ON edges WHEN {new_cites} BEGIN "
        f"{_rows('e.eid = NEW.eid')}; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_removed AFTER DELETE ON edges WHEN {cites} BEGIN "
        "DELETE FROM citing WHERE eid = OLD.eid; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_report_added AFTER INSERT ON edges WHEN NEW.type = '{REPORTS_ON}' BEGIN "
        f"{_rows('o.eid = NEW.eid')}; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_report_removed AFTER DELETE ON edges WHEN OLD.type = '{REPORTS_ON}' BEGIN "
        "DELETE FROM citing WHERE src = OLD.src AND via = OLD.eid; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_parent_added AFTER INSERT ON edges WHEN NEW.type = '{PART_OF}' BEGIN "
        f"DELETE FROM citing WHERE region = NEW.src; {_rows('o.dst = NEW.src')}; END",
        f"CREATE TRIGGER IF NOT EXISTS citing_parent_removed AFTER DELETE ON edges WHEN OLD.type = '{PART_OF}' BEGIN "
        f"DELETE FROM citing WHERE region = OLD.src; {_rows('o.dst = OLD.src')}; END",
        _on_node_change("title", "src", "e.src = NEW.nid"),
        _on_node_change("adcode", "region", "o.dst = NEW.nid"),
        _on_node_change("name", "parent", "p.dst = NEW.nid"),
    ]


CITING_TABLES = _statements()


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the key function the triggers call (every connection that may write)."""
    conn.create_function(KEY_FUNCTION, 8, citing_key, deterministic=True)


def fill_citing(conn: sqlite3.Connection) -> None:
    """Compute every row again from the edges (a store that had no table, or a check)."""
    conn.execute("DELETE FROM citing")
    conn.execute(_rows("1"))


def citing_page(conn: sqlite3.Connection, targets: Sequence[int], skip: int, limit: int | None
                ) -> tuple[int, list[tuple[int, int, int, int | None]]]:
    """How many rows the citations of `targets` make, and the page of them: (edge, citing
    document, region, parent) in key order, one edge for rows that several give."""
    nids = json.dumps(list(targets))
    inside = "FROM citing WHERE dst IN (SELECT value FROM json_each(?))"
    (total,) = conn.execute(f"SELECT count(DISTINCT key) {inside}", (nids,)).fetchone()
    page: list[Any] = conn.execute(
        f"SELECT min(eid), src, region, parent {inside} GROUP BY key ORDER BY key LIMIT ? OFFSET ?",
        (nids, -1 if limit is None else limit, skip)).fetchall()
    return total, page
