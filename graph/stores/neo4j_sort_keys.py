"""Sort keys (graph/schema.yaml `sort_keys`) for edges a database holds without them: those
written before the key was declared. Writers fill them; this brings an older database level, as the
embedded store's format migration does (graph/stores/sqlite_migrate.py)."""
from __future__ import annotations

from neo4j import Session

from graph.model import schema

CHUNK = 10_000


def fill_sort_keys(session: Session) -> int:
    """Set every missing sort key, CHUNK edges per transaction; how many were set."""
    done = 0
    for type_, et in schema().edges.items():
        for name in et.sort_keys:
            missing = (f"MATCH (s)-[a:{type_}]->(t) WHERE a.{name} IS NULL "
                       f"RETURN elementId(a) AS a, s.id AS s, properties(s) AS sp, t.id AS t, properties(t) AS tp, "
                       f"properties(a) AS ap LIMIT {CHUNK}")
            while rows := session.run(missing).data():
                keys = [[r["a"], et.derived(r["s"], r["t"], r["ap"], r["sp"], r["tp"])[name]] for r in rows]
                session.run(f"UNWIND $rows AS row MATCH ()-[a:{type_}]->() WHERE elementId(a) = row[0] "
                            f"SET a.{name} = row[1]", rows=keys).consume()
                done += len(keys)
    return done
