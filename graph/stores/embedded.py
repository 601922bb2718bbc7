"""The zero-setup store: one SQLite file in WAL mode (stdlib), written incrementally.

Every write call is one transaction, so a crash loses at most the call under way; readers see a
consistent snapshot per query and see each commit as soon as it lands (a running API needs no
restart); one writer at a time per folder (`writer_lock`), a second one waits, then fails loudly.
Tables and row mapping: `sqlite_schema`; the read view the query twins use: `sqlite_view`.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

import networkx as nx

from graph.store import GraphDump, StoreUnavailable, WriteResult
from graph.stores.sqlite_citing import CITING_TABLES, register
from graph.stores.sqlite_migrate import MIGRATES_FROM, fill_sort_keys, migrate, renew_definitions, stale_definitions
from graph.stores.sqlite_schema import (
    DB_FILE, EDGE_COLUMNS, EDGE_JOINS, FORMAT_VERSION, INDEXED_PROPS, NO_DOC, TABLES, edge_extra, edge_props,
    encode_props,
)
from graph.stores.legacy_json import LEGACY_FILE, legacy_batch
from graph.stores.sqlite_view import SqliteView
from graph.stores.writer_lock import WriterLock
from graph.types import GraphBatch

BUSY_TIMEOUT_MS = 30_000
READ_MMAP_BYTES = 1 << 34  # address space only: pages come from the OS cache as they are read
READ_CACHE_KB = 32 * 1024
_CHUNK = 500  # ids per `IN (...)` look-up, below SQLite's bound-variable limit


class StoreFormatError(RuntimeError):
    """The store file exists but is not a policykg graph this version can read."""


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class EmbeddedStore:
    kind = "embedded"

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.path = self.directory / DB_FILE
        self._lock = WriterLock(self.directory)
        self._local = threading.local()  # one reading connection per thread (the API's worker threads)
        self._conns: list[sqlite3.Connection] = []
        self._conns_guard = threading.Lock()
        self._writer: sqlite3.Connection | None = None
        legacy = self.directory / LEGACY_FILE
        if legacy.exists() and not self.path.exists():
            self._import_legacy(legacy)

    def _import_legacy(self, legacy: Path) -> None:
        """An earlier version's graph.json becomes the new store's content (renamed once read)."""
        try:
            batch = legacy_batch(legacy)
        except ValueError as exc:
            raise StoreFormatError(str(exc)) from exc
        self.write_many([batch])
        legacy.rename(legacy.with_name(legacy.name + ".imported"))
        self._lock.release()  # opening (say, by the API) does not make this store the writer

    # -- connections -----------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: durable across a process crash
            conn.execute("PRAGMA foreign_keys = OFF")
            # A table with triggers makes every row written open a statement journal, a temporary
            # file unless kept in memory: in memory, writing an edge costs a third of what it did.
            conn.execute("PRAGMA temp_store = MEMORY")
            register(conn)  # the citation order's triggers compute keys with it
            self._ensure_tables(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreFormatError(f"{self.path}: cannot read the embedded store: {exc}") from exc
        with self._conns_guard:
            self._conns.append(conn)
        return conn

    def _ensure_tables(self, conn: sqlite3.Connection) -> None:
        has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if has_meta:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is not None and row[0] in MIGRATES_FROM:
                self._migrate(conn)
            elif row is None or row[0] != str(FORMAT_VERSION):
                raise StoreFormatError(f"{self.path}: store format {row and row[0]!r}, expected {FORMAT_VERSION}")
            elif stale_definitions(conn):
                self._renew(conn)
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for stmt in (*TABLES, *CITING_TABLES):
                conn.execute(stmt)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (str(FORMAT_VERSION),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _renew(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            renew_definitions(conn, stale_definitions(conn))  # asked again: another writer may have renewed them
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()[0]
            if found != str(FORMAT_VERSION):  # another connection may have migrated it meanwhile
                migrate(conn, found)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @property
    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            # A query over a large fan-in touches pages all over the file: map it (shared by every
            # reader through the OS cache) and keep more of it per connection than SQLite's 2 MB.
            conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
            conn.execute(f"PRAGMA cache_size = -{READ_CACHE_KB}")
        return conn

    @contextmanager
    def _write_tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken under the folder's writer lock (held until close)."""
        self._lock.acquire()
        if self._writer is None:
            self._writer = self._connect()
        conn = self._writer
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"{self.path}: cannot start a write: {exc}") from exc
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def snapshot(self) -> Iterator[SqliteView]:
        """A read view of one committed state of the store, for the length of the block."""
        conn = self._reader
        if conn.in_transaction:  # nested use, or the writer's own transaction: read what it sees
            yield SqliteView(conn)
            return
        conn.execute("BEGIN")
        try:
            yield SqliteView(conn)
        finally:
            conn.execute("COMMIT")

    @property
    def graph(self) -> SqliteView:
        """A read view outside any transaction; it caches what it reads, so take one per question
        (or use `snapshot()`, which also pins one committed state)."""
        return SqliteView(self._reader)

    # -- writing ---------------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteResult:
        return self.write_many([batch])

    def write_many(self, batches: list[GraphBatch]) -> WriteResult:
        for batch in batches:
            batch.validate()  # everything that can fail happens before the store is touched
        result = WriteResult()
        with self._write_tx() as conn:
            for batch in batches:
                result += self._write_batch(conn, batch)
        return result

    def _write_batch(self, conn: sqlite3.Connection, batch: GraphBatch) -> WriteResult:
        result, touched = WriteResult(), set()
        if batch.doc_id is not None:
            result, touched = self._remove_facts(conn, batch.doc_id)
        nids = self._upsert_nodes(conn, batch, result)
        # The writer holds the store exclusively, so new row ids can be handed out here and the
        # rows inserted with one executemany each.
        next_sid = conn.execute("SELECT coalesce(max(sid), 0) FROM sentences").fetchone()[0] + 1
        dids: dict[str, int] = {}
        sids: dict[tuple[int, str], int] = {}
        edges = []
        for edge in batch.edges.values():
            p = edge.provenance
            derived = batch.derived(edge)
            extra = edge_extra({**edge.props, **derived}) if edge.props or derived else None
            if p is None:
                edges.append((nids[edge.source], edge.type, nids[edge.target], NO_DOC, -1, -1, None, extra))
                continue
            did = dids.get(p.doc_id) or self._doc(conn, p.doc_id, dids)
            sid = sids.get((did, p.sentence))
            if sid is None:
                sid = sids[(did, p.sentence)] = next_sid
                next_sid += 1
            edges.append((nids[edge.source], edge.type, nids[edge.target], did, p.start, p.end, sid, extra))
        conn.executemany("INSERT INTO sentences(sid, did, text) VALUES (?, ?, ?)",
                         [(sid, did, text) for (did, text), sid in sids.items()])
        before = conn.total_changes
        conn.executemany(
            "INSERT OR IGNORE INTO edges(src, type, dst, did, start, stop, sid, props) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", edges
        )
        result.edges_added += conn.total_changes - before
        # Orphans are dropped only after the new facts are in, so nodes still supported survive.
        result.nodes_removed += self._drop_orphans(conn, touched)
        return result

    def _upsert_nodes(self, conn: sqlite3.Connection, batch: GraphBatch, result: WriteResult) -> dict[str, int]:
        ids = list(batch.nodes)
        existing: dict[str, tuple[int, str]] = {}
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for nid, node_id, props in conn.execute(f"SELECT nid, id, props FROM nodes WHERE id IN ({marks})", chunk):
                existing[node_id] = (nid, props)
        next_nid = conn.execute("SELECT coalesce(max(nid), 0) FROM nodes").fetchone()[0] + 1
        nids: dict[str, int] = {}
        inserts, updates = [], []
        for node in batch.nodes.values():
            props = node.properties()
            encoded = encode_props(props)
            if node.id in existing:
                nid, old = existing[node.id]
                if encoded != old:  # most shared nodes (regions, agencies) arrive unchanged
                    merged = encode_props({**json.loads(old), **props})
                    if merged != old:
                        updates.append((merged, nid))
            else:
                nid, next_nid = next_nid, next_nid + 1
                inserts.append((nid, node.id, node.label, encoded))
            nids[node.id] = nid
        conn.executemany("INSERT INTO nodes(nid, id, label, props) VALUES (?, ?, ?, ?)", inserts)
        conn.executemany("UPDATE nodes SET props = ? WHERE nid = ?", updates)
        result.nodes_added += len(inserts)
        return nids

    @staticmethod
    def _doc(conn: sqlite3.Connection, doc_id: str, cache: dict[str, int]) -> int:
        did = cache.get(doc_id)
        if did is None:
            row = conn.execute("SELECT did FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
            did = row[0] if row else conn.execute("INSERT INTO docs(doc_id) VALUES (?)", (doc_id,)).lastrowid
            cache[doc_id] = did
        return did

    def _remove_facts(self, conn: sqlite3.Connection, doc_id: str) -> tuple[WriteResult, set[int]]:
        """Remove the edges and observations read from doc_id; return the nodes they touched."""
        result = WriteResult()
        touched: set[int] = set()
        row = conn.execute("SELECT did FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is not None:
            did = row[0]
            for src, dst in conn.execute("SELECT src, dst FROM edges WHERE did = ?", (did,)):
                touched.update((src, dst))
            result.edges_removed += conn.execute("DELETE FROM edges WHERE did = ?", (did,)).rowcount
            conn.execute("DELETE FROM sentences WHERE did = ?", (did,))
        observations = [r[0] for r in conn.execute(
            "SELECT nid FROM nodes WHERE label = 'Observation' AND json_extract(props, '$.doc_id') = ?", (doc_id,)
        )]
        for nid in observations:
            for src, dst in conn.execute("SELECT src, dst FROM edges WHERE src = ?1 OR dst = ?1", (nid,)):
                touched.update((src, dst))
            result.edges_removed += conn.execute("DELETE FROM edges WHERE src = ?1 OR dst = ?1", (nid,)).rowcount
            conn.execute("DELETE FROM nodes WHERE nid = ?", (nid,))
        result.nodes_removed += len(observations)
        touched.difference_update(observations)
        doc = conn.execute("SELECT nid FROM nodes WHERE id = ?", (doc_id,)).fetchone()
        if doc is not None:
            touched.discard(doc[0])
        return result, touched

    @staticmethod
    def _drop_orphans(conn: sqlite3.Connection, candidates: Iterable[int]) -> int:
        removed = 0
        for nid in candidates:
            removed += conn.execute(
                "DELETE FROM nodes WHERE nid = ?1 AND coalesce(json_extract(props, '$.ingested'), 0) = 0 "
                "AND NOT EXISTS (SELECT 1 FROM edges WHERE src = ?1) AND NOT EXISTS (SELECT 1 FROM edges WHERE dst = ?1)",
                (nid,),
            ).rowcount
        return removed

    def delete_document(self, doc_id: str) -> WriteResult:
        with self._write_tx() as conn:
            result, touched = self._remove_facts(conn, doc_id)
            result.nodes_removed += self._drop_orphans(conn, touched)
            doc = conn.execute("SELECT nid FROM nodes WHERE id = ? AND json_extract(props, '$.ingested')", (doc_id,)).fetchone()
            if doc is not None:
                result.edges_removed += conn.execute("DELETE FROM edges WHERE src = ?1 OR dst = ?1", (doc[0],)).rowcount
                conn.execute("DELETE FROM nodes WHERE nid = ?", (doc[0],))
                result.nodes_removed += 1
        return result

    def _repoint(self, conn: sqlite3.Connection, from_nid: int, into_nid: int, only_did: int | None,
                 result: WriteResult) -> None:
        """Move edges touching from_nid (those read from only_did, or all) onto into_nid, in place; an
        edge into_nid already has (same type, ends and span: the same key) is dropped instead."""
        where = "(src = ?1 OR dst = ?1)" + (" AND did = ?3" if only_did is not None else "")
        moved = conn.execute(
            "UPDATE OR IGNORE edges SET src = CASE WHEN src = ?1 THEN ?2 ELSE src END, "
            f"dst = CASE WHEN dst = ?1 THEN ?2 ELSE dst END WHERE {where}",
            (from_nid, into_nid) + ((only_did,) if only_did is not None else ())).rowcount
        repeated = conn.execute(f"DELETE FROM edges WHERE {where}",
                                (from_nid, into_nid, only_did) if only_did is not None else (from_nid,)).rowcount
        result.edges_removed += moved + repeated  # counted as before: each edge out, the moved ones in again
        result.edges_added += moved

    def move_facts(self, doc_id: str, label: str, from_id: str, into_id: str) -> WriteResult:
        result = WriteResult()
        if from_id == into_id:
            return result
        with self._write_tx() as conn:
            ends = self._nids(conn, [from_id, into_id])
            did = conn.execute("SELECT did FROM docs WHERE doc_id = ?", (doc_id,)).fetchone()
            if len(ends) < 2 or did is None:
                return result
            self._repoint(conn, ends[from_id], ends[into_id], did[0], result)
            fill_sort_keys(conn, ends[into_id])  # keys hold their ends' ids and properties
            result.nodes_removed += self._drop_orphans(conn, [ends[from_id]])
        return result

    def merge_nodes(self, from_id: str, into_id: str) -> WriteResult:
        """Re-point every edge of from_id to into_id, give into_id the properties it lacks, drop from_id."""
        result = WriteResult()
        if from_id == into_id:
            return result
        with self._write_tx() as conn:
            ends = self._nids(conn, [from_id, into_id])
            if len(ends) < 2:
                return result
            self._repoint(conn, ends[from_id], ends[into_id], None, result)
            fill_sort_keys(conn, ends[into_id])
            (from_props,), (into_props,) = (
                conn.execute("SELECT props FROM nodes WHERE nid = ?", (ends[i],)).fetchone() for i in (from_id, into_id)
            )
            merged = json.loads(into_props)
            for k, v in json.loads(from_props).items():
                if merged.get(k) is None:
                    merged[k] = v
            conn.execute("UPDATE nodes SET props = ? WHERE nid = ?", (encode_props(merged), ends[into_id]))
            conn.execute("DELETE FROM nodes WHERE nid = ?", (ends[from_id],))
            result.nodes_removed += 1
        return result

    @staticmethod
    def _nids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, int]:
        marks = ",".join("?" * len(ids))
        return {i: n for n, i in conn.execute(f"SELECT nid, id FROM nodes WHERE id IN ({marks})", ids)}

    def flush(self) -> None:
        """Commits are already durable against a crash; a checkpoint folds the log into the file."""
        if self._writer is not None:
            self._writer.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        self.flush()
        with self._conns_guard:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.close()
            except sqlite3.ProgrammingError:  # a thread's connection still in use elsewhere
                pass
        self._writer = None
        self._local = threading.local()
        self._lock.release()

    # -- reading ---------------------------------------------------------------------------

    def find(self, label: str, prop: str, value: Any, any_of=None) -> list[dict[str, Any]]:
        """Properties (id included) of every `label` node whose `prop` equals value (indexed), and
        with `any_of`, that has every property of one of those maps (None: absent)."""
        with self.snapshot() as view:
            return [dict(props) for _, props in view.find(label, prop, value, any_of)]

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        with self.snapshot() as view:
            conn = view.conn
            nids = self._nids(conn, [node_id])
            if not nids:
                return []
            nid = nids[node_id]
            return list(self._iter_edges(conn, "WHERE e.src = ? OR e.dst = ?", (nid, nid)))

    def document_for_source(self, source_path: str) -> tuple[str, str] | None:
        found = self.find("Document", "source_path", source_path)
        if not found:
            return None
        return found[0]["id"], found[0].get("content_hash", "")

    def node(self, node_id: str) -> dict[str, Any] | None:
        with self.snapshot() as view:
            return dict(view.props(node_id)) if view.has(node_id) else None

    def _iter_edges(self, conn: sqlite3.Connection, where: str = "", args: tuple = ()) -> Iterator[dict[str, Any]]:
        sql = (f"SELECT a.id, b.id, {EDGE_COLUMNS} FROM edges e JOIN nodes a ON a.nid = e.src "
               f"JOIN nodes b ON b.nid = e.dst {EDGE_JOINS} {where} ORDER BY e.eid")
        for source, target, type_, start, stop, extra, doc_id, sentence in conn.execute(sql, args):
            yield {"source": source, "target": target, "type": type_,
                   "properties": edge_props(source, target, type_, start, stop, extra, doc_id, sentence)}

    def dump(self) -> GraphDump:
        with self.snapshot() as view:
            conn = view.conn
            nodes = [{"id": i, "labels": [label], "properties": json.loads(props)}
                     for i, label, props in conn.execute("SELECT id, label, props FROM nodes ORDER BY nid")]
            return GraphDump(nodes, list(self._iter_edges(conn)))

    def counts(self) -> dict[str, int]:
        with self.snapshot() as view:
            out = dict(view.conn.execute("SELECT label, count(*) FROM nodes GROUP BY label").fetchall())
            out.update(view.conn.execute("SELECT type, count(*) FROM edges GROUP BY type").fetchall())
        return dict(sorted(out.items()))

    def to_networkx(self, doc_ids: list[str] | None = None) -> nx.MultiDiGraph:
        """The store (or the facts read from `doc_ids` and the nodes they touch) as a networkx
        MultiDiGraph for analytics and export: nodes with `label` and `props`, edges with `type`,
        `props` and their key."""
        g = nx.MultiDiGraph()
        with self.snapshot() as view:
            conn = view.conn
            if doc_ids is None:
                edges = list(self._iter_edges(conn))
                node_rows = conn.execute("SELECT id, label, props FROM nodes").fetchall()
            else:
                edges = []
                for doc_id in doc_ids:
                    edges += self._iter_edges(conn, "WHERE d.doc_id = ?", (doc_id,))
                wanted = sorted({e["source"] for e in edges} | {e["target"] for e in edges} | set(doc_ids))
                node_rows = []
                for chunk in _chunks(wanted):
                    marks = ",".join("?" * len(chunk))
                    node_rows += conn.execute(f"SELECT id, label, props FROM nodes WHERE id IN ({marks})", chunk).fetchall()
        for node_id, label, props in node_rows:
            g.add_node(node_id, label=label, props=json.loads(props))
        for e in edges:
            g.add_edge(e["source"], e["target"], key=e["properties"]["key"], type=e["type"], props=e["properties"])
        return g


__all__ = ["EmbeddedStore", "StoreFormatError", "INDEXED_PROPS", "DB_FILE"]
