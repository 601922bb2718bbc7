"""First load of a corpus into an empty local Neo4j: extract (in parallel with workers > 1),
resolve identity across the texts (ingest/resolve.py, against the corpus itself: the database is
empty), write import files with the merges and moves resolution decided already applied
(graph/import_rewrites.py), run the offline `neo4j-admin database import`, start the server and
create the constraints and indexes."""
from __future__ import annotations

import gc
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph import neo4j_local
from graph.neo4j_import import ImportFiles, ImportWriter, import_database
from graph.stores.neo4j import Neo4jStore
from ingest.claims import LocalClaims, SharedClaims
from ingest.pipeline import ClaimedEarlier, extract_all, extract_one
from ingest.reader import IngestError, iter_sources
from ingest.resolve import Resolver


FREEZE_EVERY = 256  # documents between two gc.freeze() calls of a first load
SHOWN_DUPLICATES = 20  # a corpus may repeat thousands of documents: the summary names a few


class _EmptyStore:
    """What the resolver may look up before the import: nothing is stored yet."""

    def find(self, label, prop, value, any_of=None):
        return []

    def edges_of(self, node_id):
        return []


@dataclass
class BulkImportSummary:
    files: ImportFiles
    server: neo4j_local.ServerInfo
    rejected: list[tuple[str, str]] = field(default_factory=list)
    resolved: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # extract+csv, import, start, schema

    def lines(self) -> list[str]:
        f = self.files
        out = [
            f"documents imported: {f.documents} ({f.node_rows} node rows, {f.relationship_rows} relationship rows)",
            "seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items()),
            f"documents identified across texts (merged or re-pointed, in the import files): {self.resolved}",
            f"files rejected: {len(self.rejected)}",
        ]
        out += [f"  {path}: {why}" for path, why in self.rejected]
        if f.duplicates:
            shown = list(dict.fromkeys(f.duplicates))[:SHOWN_DUPLICATES]
            out.append(f"files giving a document id an earlier file gave (first kept): {len(f.duplicates)}, "
                       f"{len(set(f.duplicates))} ids" + (f"; the first {len(shown)}:" if len(shown) < len(set(f.duplicates)) else ":"))
            out += [f"  {d}" for d in shown]
        out.append(f"neo4j running (pid {self.server.pid}): {self.server.bolt_uri}")
        return out


def write_import_files(paths: list[Path], csv_dir: Path, workers: int = 1,
                       rejected: list[tuple[str, str]] | None = None, stop_claimed: bool = True) -> ImportFiles:
    """Extract the files, resolve identity across them and write the import files (the merges and
    moves resolution decided applied); files that fail are added to `rejected`. `stop_claimed`
    False extracts every file whole (the same files, slower where a corpus repeats documents)."""
    rejected = rejected if rejected is not None else []
    writer = ImportWriter(csv_dir)
    resolver = Resolver(_EmptyStore())
    files = iter_sources(paths)
    # The workers read the files too: the parent only resolves and writes. A file whose document an
    # earlier file gives is stopped once its identity is read (the first is kept).
    claims = (SharedClaims(len(files)) if workers > 1 else LocalClaims()) if stop_claimed else None
    try:
        for n, (path, result) in enumerate(extract_all(files, workers, claims)):
            if n % FREEZE_EVERY == 0:
                # What the parent holds only grows (shared nodes, the resolver's index): frozen, the
                # collector stops re-scanning it while batches are unpickled (a third of their cost).
                gc.freeze()
            _add_result(writer, resolver, path, result, rejected)
    finally:
        gc.unfreeze()
    return writer.finish(resolver.take_ops())


def _add_result(writer: ImportWriter, resolver: Resolver, path: Path, result, rejected: list[tuple[str, str]]) -> None:
    if isinstance(result, ClaimedEarlier) and not writer.has_document(result.doc_id):
        result = extract_one(path)  # the earlier file failed after its claim: this one is the first
    if isinstance(result, IngestError):
        rejected.append((result.path, result.problem))
    elif isinstance(result, ClaimedEarlier) or writer.has_document(result.doc_id):
        # before resolving: a text that is not written must not move other texts' citations
        writer.add_duplicate(result.doc_id)
    else:
        writer.add(resolver.resolve(result), validated=True)  # by extract_all; resolving renames only


def bulk_import(paths: list[Path], data_dir: Path, port: int = 7687, http_port: int = 7474, workers: int = 1,
                overwrite: bool = False) -> BulkImportSummary:
    data_dir = Path(data_dir).resolve()
    rejected: list[tuple[str, str]] = [(str(p), "no such file or folder") for p in paths if not p.exists()]
    seconds: dict[str, float] = {}
    csv_dir = data_dir / "import-csv"
    shutil.rmtree(csv_dir, ignore_errors=True)
    t = time.perf_counter()
    files = write_import_files(paths, csv_dir, workers, rejected)
    seconds["extract+csv"] = time.perf_counter() - t
    seconds["import"] = import_database(files, data_dir, overwrite=overwrite)
    shutil.rmtree(csv_dir, ignore_errors=True)
    t = time.perf_counter()
    info = neo4j_local.start(data_dir, port=port, http_port=http_port)
    seconds["start"] = time.perf_counter() - t
    store = Neo4jStore(info.bolt_uri)
    try:
        t = time.perf_counter()
        store.ensure_schema()
        seconds["schema"] = time.perf_counter() - t
    finally:
        store.close()
    return BulkImportSummary(files, info, rejected, files.merged + files.moved, seconds)
