"""The Neo4j store: official driver, constraints derived from the schema, rows batched across
documents (UNWIND of many rows per statement, graph/stores/neo4j_group.py), one transaction per
`write_many` call so a failure never leaves half a document.

Labels and relationship types in the Cypher text come only from the schema (never from user
input); every value travels as a parameter. A server that cannot be reached, or keeps failing with
transient errors past the retry window, raises StoreUnavailable naming the URI.
"""
from __future__ import annotations

import os
import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import ClientError, ConstraintError, ServiceUnavailable, SessionExpired, TransientError

from graph.model import schema
from graph.store import LOOKUP_INDEXES, GraphDump, StoreUnavailable, WriteResult
from graph.stores.neo4j_group import FIXED_PLAN, EndsVanished, existing_nodes, write_edges, write_nodes
from graph.stores.neo4j_rows import Rows
from graph.stores.neo4j_sort_keys import fill_sort_keys, refresh_sort_keys
from graph.types import Edge, GraphBatch

BATCH_SIZE = 1000
BULK_ROWS = 5000  # documents per fact-removal statement in write_many
GROUP_ATTEMPTS = 3  # a write_many that met a concurrent writer's change is run again this often
# Managed transactions are retried by the driver (exponential backoff from 1 s) on transient
# errors and lost connections for this long; reads give up sooner so a down server is reported fast.
WRITE_RETRY_SECONDS = float(os.environ.get("NEO4J_RETRY_SECONDS", "20"))
READ_RETRY_SECONDS = 2.0
CONNECT_TIMEOUT_SECONDS = 5.0
# Looked up by value in queries and in fact replacement: indexed.
NODE_INDEXES = {
    "Document": ("doc_number", "title_key", "title_core", "source_path"),
    "Observation": ("doc_id",),
    "Initiative": ("name",),
    "Indicator": ("name",),
    "Region": ("adcode",),
}


def schema_statements() -> list[str]:
    """Constraints and indexes, derived from graph/schema.yaml."""
    s = schema()
    out = [
        f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.{nt.key} IS UNIQUE"
        for label, nt in s.nodes.items()
    ]
    for label, props in NODE_INDEXES.items():
        s.node(label)
        out += [f"CREATE INDEX {label.lower()}_{p} IF NOT EXISTS FOR (n:{label}) ON (n.{p})" for p in props]
    for label, groups in LOOKUP_INDEXES.items():
        s.node(label)
        out += [f"CREATE INDEX {label.lower()}_{'_'.join(g)} IF NOT EXISTS FOR (n:{label}) ON ({', '.join('n.' + p for p in g)})"
                for g in groups]
    for type_, et in s.edges.items():
        out.append(f"CREATE INDEX {type_.lower()}_key IF NOT EXISTS FOR ()-[r:{type_}]-() ON (r.key)")
        if et.provenance:
            out.append(f"CREATE INDEX {type_.lower()}_doc IF NOT EXISTS FOR ()-[r:{type_}]-() ON (r.doc_id)")
        out += [f"CREATE INDEX {type_.lower()}_{p} IF NOT EXISTS FOR ()-[r:{type_}]-() ON (r.{p})" for p in et.indexes]
    return out


# Nodes by id whatever their label, through each label's key constraint rather than a scan.
_FIND_BY_IDS = (
    "CALL () { " + " UNION ALL ".join(f"MATCH (n:{label}) WHERE n.id IN $ids RETURN n" for label in schema().nodes) + " } "
    "RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props"
)


def _any_label(var: str, param: str) -> str:
    """A subquery finding the node with id ${param} whatever its label, through each label's key index."""
    branches = [f"MATCH ({var}:{label} {{id: ${param}}}) RETURN {var}" for label in schema().nodes]
    return f"CALL () {{ {' UNION '.join(branches)} }}"


def _remove_facts_query() -> str:
    """One statement deleting every edge read from the documents $doc_ids, using each type's doc_id index."""
    branches = [
        f"UNWIND $doc_ids AS d MATCH (a)-[r:{t} {{doc_id: d}}]->(b) USING INDEX r:{t}(doc_id) RETURN r, a, b"
        for t, et in schema().edges.items() if et.provenance
    ]
    return (
        FIXED_PLAN + "CALL () { " + " UNION ALL ".join(branches) + " } "
        "WITH r, [labels(a)[0], a.id] AS a, [labels(b)[0], b.id] AS b DELETE r "
        "RETURN count(r) AS n, collect(a) + collect(b) AS ends"
    )


_REMOVE_FACTS = _remove_facts_query()


def _chunks(rows: list, size: int = BATCH_SIZE) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class Neo4jStore:
    kind = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, database: str | None = None,
                 retry_seconds: float = WRITE_RETRY_SECONDS):
        auth = (user, password or "") if user else None
        # A property no document has yet (content_hash on a fresh database) is not worth a warning.
        self.driver = GraphDatabase.driver(
            uri, auth=auth, notifications_disabled_categories=["UNRECOGNIZED"],
            connection_timeout=CONNECT_TIMEOUT_SECONDS, connection_acquisition_timeout=2 * CONNECT_TIMEOUT_SECONDS,
        )
        self.database = database or None
        self.uri = uri
        self.retry_seconds = retry_seconds
        self._ready = False

    def _session(self, retry_seconds: float | None = None):
        return self.driver.session(
            database=self.database,
            max_transaction_retry_time=self.retry_seconds if retry_seconds is None else retry_seconds,
        )

    @contextmanager
    def _reachable(self, what: str) -> Iterator[None]:
        """Driver errors that mean "the server cannot be used now" become StoreUnavailable."""
        try:
            yield
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} cannot be reached while {what}: {exc}") from exc
        except TransientError as exc:
            raise StoreUnavailable(
                f"Neo4j at {self.uri} kept failing while {what} (retried {self.retry_seconds:.0f} s): {exc}"
            ) from exc

    def _run_schema(self, session, stmt: str) -> None:
        """One schema statement; a deadlock with a client creating the same rules at that moment
        (two first ingests into an empty database) is retried for up to retry_seconds. Not a
        managed transaction: that would also retry a server that is down, which must be reported
        at once."""
        deadline, pause = time.monotonic() + self.retry_seconds, 0.1
        while True:
            try:
                session.run(stmt).consume()
                return
            except TransientError:
                if time.monotonic() + pause > deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 2.0)

    def ensure_schema(self) -> None:
        if self._ready:
            return
        with self._reachable("creating constraints"), self._session() as session:
            for stmt in schema_statements():
                try:
                    self._run_schema(session, stmt)
                except ClientError as exc:
                    # Two clients creating the same index at once: the other one's is the same rule.
                    if "EquivalentSchemaRuleAlreadyExists" not in (exc.code or "") and "already exists" not in str(exc):
                        raise
            session.run("CALL db.awaitIndexes(120)").consume()
            fill_sort_keys(session)
        self._ready = True

    # -- writing ---------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteResult:
        return self.write_many([batch])

    def write_many(self, batches: list[GraphBatch]) -> WriteResult:
        """All batches in one transaction: a document is written whole or not at all."""
        rows = Rows.of(batches)  # checks every batch against the schema first
        if not rows.nodes and not rows.edges and not rows.doc_ids:
            return WriteResult()
        self.ensure_schema()
        with self._reachable(f"writing {len(rows.doc_ids)} document(s)"), self._session() as session:
            for attempt in range(1, GROUP_ATTEMPTS + 1):
                try:
                    return session.execute_write(self._write_rows_tx, rows)
                except (EndsVanished, ConstraintError):
                    # A concurrent writer removed a node this transaction had read, or created one
                    # it was about to create (the schema's only constraints are unique keys).
                    if attempt == GROUP_ATTEMPTS:
                        raise
        raise AssertionError("unreachable")

    def delete_document(self, doc_id: str) -> WriteResult:
        self.ensure_schema()
        with self._reachable(f"deleting {doc_id}"), self._session() as session:
            return session.execute_write(self._delete_tx, doc_id)

    @staticmethod
    def _remove_facts(tx: ManagedTransaction, doc_id: str) -> tuple[WriteResult, dict[str, set[str]]]:
        result = WriteResult()
        touched: dict[str, set[str]] = defaultdict(set)
        rec = tx.run(_REMOVE_FACTS, doc_ids=[doc_id]).single()
        result.edges_removed += rec["n"]
        for label, node_id in rec["ends"]:
            touched[label].add(node_id)
        # Observations belong to one document; their edges went with the loop above.
        rec = tx.run(
            "MATCH (o:Observation {doc_id: $doc_id}) DETACH DELETE o RETURN count(*) AS n", doc_id=doc_id
        ).single()
        result.nodes_removed += rec["n"]
        touched["Document"].discard(doc_id)
        touched.pop("Observation", None)
        return result, touched

    @staticmethod
    def _drop_orphans(tx: ManagedTransaction, touched: dict[str, set[str]]) -> int:
        removed = 0
        for label, ids in touched.items():
            schema().node(label)
            rec = tx.run(
                FIXED_PLAN + f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) USING INDEX n:{label}(id) "
                "WHERE NOT (n)--() AND coalesce(n.ingested, false) = false "
                "DELETE n RETURN count(*) AS n",
                ids=sorted(ids),
            ).single()
            removed += rec["n"]
        return removed

    @staticmethod
    def _remove_many_facts(tx: ManagedTransaction, doc_ids: list[str]) -> tuple[WriteResult, dict[str, set[str]]]:
        result = WriteResult()
        touched: dict[str, set[str]] = defaultdict(set)
        for chunk in _chunks(doc_ids, BULK_ROWS):
            rec = tx.run(_REMOVE_FACTS, doc_ids=chunk).single()
            result.edges_removed += rec["n"]
            for label, node_id in rec["ends"]:
                touched[label].add(node_id)
            rec = tx.run(
                FIXED_PLAN + "UNWIND $doc_ids AS d MATCH (o:Observation {doc_id: d}) USING INDEX o:Observation(doc_id) "
                "DETACH DELETE o RETURN count(o) AS n",
                doc_ids=chunk,
            ).single()
            result.nodes_removed += rec["n"]
        touched["Document"].difference_update(doc_ids)
        touched.pop("Observation", None)
        return result, touched

    @classmethod
    def _write_rows_tx(cls, tx: ManagedTransaction, rows: Rows) -> WriteResult:
        existing = existing_nodes(tx, rows)
        # Facts are written with their Document node: only documents already there have facts to replace.
        present = [d for d in rows.doc_ids if d in existing and existing[d][0] == "Document"]
        result, touched = cls._remove_many_facts(tx, present) if present else (WriteResult(), {})
        elements, result.nodes_added, fresh = write_nodes(tx, rows, existing, set(present))
        result.edges_added += write_edges(tx, rows.edges, elements, fresh)
        result.nodes_removed += cls._drop_orphans(tx, touched)
        return result

    @classmethod
    def _write_tx(cls, tx: ManagedTransaction, batch: GraphBatch) -> WriteResult:
        """The per-document write before write_many batched across documents (kept as the
        benchmark's baseline)."""
        result, touched = WriteResult(), {}
        # A document seen for the first time has no facts to replace: skip the delete.
        if batch.doc_id is not None and tx.run("MATCH (d:Document {id: $id}) RETURN d.id", id=batch.doc_id).peek():
            result, touched = cls._remove_facts(tx, batch.doc_id)
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node in batch.nodes.values():
            by_label[node.label].append({"id": node.id, "props": node.properties()})
        for label, rows in by_label.items():
            for chunk in _chunks(rows):
                summary = tx.run(
                    f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props", rows=chunk
                ).consume()
                result.nodes_added += summary.counters.nodes_created
        labels = {n.id: n.label for n in batch.nodes.values()}
        result.edges_added += cls._merge_edges(tx, [(e, labels[e.source], labels[e.target]) for e in batch.edges.values()],
                                               {e.key: batch.derived(e) for e in batch.edges.values()})
        result.nodes_removed += cls._drop_orphans(tx, touched)
        return result

    @staticmethod
    def _merge_edges(tx: ManagedTransaction, edges: list[tuple[Edge, str, str]], derived: dict | None = None) -> int:
        """MERGE edges by key, batched per (type, source label, target label); returns how many were new.
        `derived`: the batch's derived properties by edge key (moved edges get theirs afterwards)."""
        by_shape: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for edge, src, dst in edges:
            props = {**edge.properties(), **(derived or {}).get(edge.key, {})}
            by_shape[(edge.type, src, dst)].append({"source": edge.source, "target": edge.target, "key": edge.key, "props": props})
        created = 0
        for (type_, src, dst), rows in by_shape.items():
            schema().edge(type_)  # labels and types reach the query text only once known to the schema
            schema().node(src)
            schema().node(dst)
            for chunk in _chunks(rows):
                summary = tx.run(
                    f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}}) MATCH (b:{dst} {{id: row.target}}) "
                    f"MERGE (a)-[r:{type_} {{key: row.key}}]->(b) SET r += row.props",
                    rows=chunk,
                ).consume()
                created += summary.counters.relationships_created
        return created

    def move_facts(self, doc_id: str, label: str, from_id: str, into_id: str) -> WriteResult:
        schema().node(label)
        self.ensure_schema()
        with self._reachable(f"moving facts of {doc_id}"), self._session() as session:
            return session.execute_write(self._move_tx, doc_id, label, from_id, into_id)

    @classmethod
    def _move_tx(cls, tx: ManagedTransaction, doc_id: str, label: str, from_id: str, into_id: str) -> WriteResult:
        result = WriteResult()
        if from_id == into_id or not tx.run(f"MATCH (n:{label} {{id: $id}}) RETURN n.id", id=into_id).peek():
            return result
        rels = tx.run(
            f"MATCH (d:{label} {{id: $id}})-[r {{doc_id: $doc_id}}]-(o) "
            "WITH r, startNode(r) = d AS outgoing, o "
            "RETURN type(r) AS type, outgoing, o.id AS other, labels(o)[0] AS other_label, properties(r) AS props",
            id=from_id, doc_id=doc_id,
        ).data()
        moved = []
        for r in rels:
            if r["outgoing"]:
                moved.append((Edge.from_properties(r["type"], into_id, r["other"], r["props"]), label, r["other_label"]))
            else:
                moved.append((Edge.from_properties(r["type"], r["other"], into_id, r["props"]), r["other_label"], label))
        tx.run(f"MATCH (d:{label} {{id: $id}})-[r {{doc_id: $doc_id}}]-() DELETE r", id=from_id, doc_id=doc_id).consume()
        result.edges_removed += len(rels)
        result.edges_added += cls._merge_edges(tx, moved)
        refresh_sort_keys(tx, label, into_id)  # keys hold their ends' ids and properties
        result.nodes_removed += cls._drop_orphans(tx, {label: {from_id}})
        return result

    def merge_nodes(self, from_id: str, into_id: str) -> WriteResult:
        """Re-point every edge of from_id to into_id, give into_id the properties it lacks, drop from_id."""
        self.ensure_schema()
        with self._session() as session:
            return session.execute_write(self._merge_tx, from_id, into_id)

    @classmethod
    def _merge_tx(cls, tx: ManagedTransaction, from_id: str, into_id: str) -> WriteResult:
        result = WriteResult()
        ends = {r["id"]: r["label"] for r in tx.run(_FIND_BY_IDS, ids=[from_id, into_id])}
        if from_id == into_id or len(ends) < 2:
            return result
        src_label, into_label = ends[from_id], ends[into_id]
        schema().node(src_label)
        schema().node(into_label)
        rels = tx.run(
            f"MATCH (d:{src_label} {{id: $id}})-[r]-(o) "
            "WITH DISTINCT r, d, o "  # a self-loop matches in both directions
            "RETURN type(r) AS type, startNode(r) = d AS outgoing, endNode(r) = startNode(r) AS loop, "
            "o.id AS other, labels(o)[0] AS other_label, properties(r) AS props",
            id=from_id,
        ).data()
        moved = []
        for r in rels:
            if r["loop"]:
                moved.append((Edge.from_properties(r["type"], into_id, into_id, r["props"]), into_label, into_label))
            elif r["outgoing"]:
                moved.append((Edge.from_properties(r["type"], into_id, r["other"], r["props"]), into_label, r["other_label"]))
            else:
                moved.append((Edge.from_properties(r["type"], r["other"], into_id, r["props"]), r["other_label"], into_label))
        props = {r["id"]: r["props"] for r in tx.run(_FIND_BY_IDS, ids=[from_id, into_id])}
        lacking = {k: v for k, v in props[from_id].items() if props[into_id].get(k) is None}
        tx.run(f"MATCH (i:{into_label} {{id: $id}}) SET i += $extra", id=into_id, extra=lacking).consume()
        rec = tx.run(
            f"MATCH (d:{src_label} {{id: $id}}) DETACH DELETE d RETURN count(*) AS n", id=from_id
        ).single()
        result.edges_removed += len(rels)
        result.nodes_removed += rec["n"]
        result.edges_added += cls._merge_edges(tx, moved)
        refresh_sort_keys(tx, into_label, into_id)
        return result

    @classmethod
    def _delete_tx(cls, tx: ManagedTransaction, doc_id: str) -> WriteResult:
        result, touched = cls._remove_facts(tx, doc_id)
        result.nodes_removed += cls._drop_orphans(tx, touched)
        rec = tx.run(
            "MATCH (d:Document {id: $id}) WHERE d.ingested DETACH DELETE d RETURN count(*) AS n", id=doc_id
        ).single()
        result.nodes_removed += rec["n"]
        return result

    def clear(self) -> None:
        """Remove everything (tests and benchmarks start from an empty database)."""
        # Relationships first: DETACH DELETE of a shared region or initiative node would pull its
        # tens of thousands of relationships into one transaction and exhaust the heap.
        with self._reachable("clearing the database"), self._session() as session:
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def flush(self) -> None:
        """Every write is its own committed transaction: nothing to flush."""

    def close(self) -> None:
        self.driver.close()

    # -- reading ---------------------------------------------------------------------------

    def cypher(self, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.ensure_schema()
        with self._reachable("reading"), self._session(READ_RETRY_SECONDS) as session:
            return session.execute_read(lambda tx: [r.data() for r in tx.run(text, params)])

    def find(self, label: str, prop: str, value: Any, any_of=None) -> list[dict[str, Any]]:
        """Properties (id included) of every `label` node whose `prop` equals value, and with
        `any_of`, that has every property of one of those maps (None: absent)."""
        known = schema().node(label).properties
        if prop not in known:
            return []  # a property the schema does not know reaches no query text
        if any_of is None:
            rows = self.cypher(f"MATCH (n:{label}) WHERE n.{prop} = $value RETURN properties(n) AS p", {"value": value})
            return [r["p"] for r in rows]
        found: dict[str, dict[str, Any]] = {}
        for wanted in any_of:
            if not set(wanted) <= set(known):
                continue
            where = " AND ".join(f"n.{p} IS NULL" if v is None else f"n.{p} = $w{i}" for i, (p, v) in enumerate(wanted.items()))
            params = {"value": value, **{f"w{i}": v for i, (p, v) in enumerate(wanted.items()) if v is not None}}
            for r in self.cypher(f"MATCH (n:{label}) WHERE n.{prop} = $value AND {where} RETURN properties(n) AS p", params):
                found.setdefault(r["p"]["id"], r["p"])
        return list(found.values())

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        return self.cypher(
            f"{_any_label('n', 'id')} MATCH (n)-[r]-() RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, "
            "properties(r) AS properties", {"id": node_id},
        )

    def document_for_source(self, source_path: str) -> tuple[str, str] | None:
        rows = self.cypher(
            "MATCH (d:Document {source_path: $p}) RETURN d.id AS id, d.content_hash AS hash LIMIT 1", {"p": source_path}
        )
        return (rows[0]["id"], rows[0]["hash"] or "") if rows else None

    def dump(self) -> GraphDump:
        nodes = self.cypher("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties", {})
        edges = self.cypher(
            "MATCH (a)-[r]->(b) RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS properties", {}
        )
        return GraphDump(nodes, edges)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.cypher("MATCH (n) RETURN labels(n)[0] AS k, count(*) AS c", {}):
            out[row["k"]] = row["c"]
        for row in self.cypher("MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS c", {}):
            out[row["k"]] = row["c"]
        return dict(sorted(out.items()))
