"""Sort keys (graph/schema.yaml `sort_keys`) for edges a database holds without them: those
written before the key was declared. Writers fill them; this brings an older database level, as the
embedded store's format migration does (graph/stores/sqlite_migrate.py)."""
from __future__ import annotations

from neo4j import Session

from graph.model import schema

CHUNK = 10_000


def _set(runner, type_: str, name: str, et, rows: list[dict]) -> int:
    keys = [[r["a"], et.derived(r["s"], r["t"], r["ap"], r["sp"], r["tp"])[name]] for r in rows]
    runner.run(f"UNWIND $rows AS row MATCH ()-[a:{type_}]->() WHERE elementId(a) = row[0] "
               f"SET a.{name} = row[1]", rows=keys).consume()
    return len(keys)


def fill_sort_keys(session: Session) -> int:
    """Set every missing sort key, CHUNK edges per transaction; how many were set."""
    done = 0
    for type_, et in schema().edges.items():
        for name in et.sort_keys:
            missing = (f"MATCH (s)-[a:{type_}]->(t) WHERE a.{name} IS NULL "
                       f"RETURN elementId(a) AS a, s.id AS s, properties(s) AS sp, t.id AS t, properties(t) AS tp, "
                       f"properties(a) AS ap LIMIT {CHUNK}")
            while rows := session.run(missing).data():
                done += _set(session, type_, name, et, rows)
    return done


def refresh_sort_keys(tx, label: str, node_id: str) -> None:
    """Compute again the sort keys of a node's edges (re-pointed to it, so their ends changed)."""
    for type_, et in schema().edges.items():
        if not et.sort_keys or label not in (*et.sources, *et.targets):
            continue
        rows = tx.run(f"MATCH (n:{label} {{id: $id}})-[a:{type_}]-() WITH DISTINCT a MATCH (s)-[a]->(t) "
                      "RETURN elementId(a) AS a, s.id AS s, properties(s) AS sp, t.id AS t, properties(t) AS tp, "
                      "properties(a) AS ap", id=node_id).data()
        for name in et.sort_keys:
            _set(tx, type_, name, et, rows)
