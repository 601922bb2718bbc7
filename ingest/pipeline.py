"""Folder or files in, graph out: documents are read one at a time and written in groups, one
transaction per group (`Store.write_many`), so a bad file is reported and skipped and never leaves
half its facts behind, and a crash loses at most the group being written."""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.model import SchemaError
from graph.store import Store, WriteResult
from ingest.extract import extract
from ingest.reader import IngestError, iter_sources, read_source
from ingest.resolve import resolve_title_citations

PROGRESS_THRESHOLD = 20  # show a progress bar only on runs longer than this many files
WRITE_GROUP = int(os.environ.get("POLICYKG_WRITE_GROUP", 64))  # documents per write transaction


@dataclass
class IngestSummary:
    read: int = 0
    unchanged: int = 0
    written: WriteResult = field(default_factory=WriteResult)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    resolved: int = 0  # title-only citations re-pointed to the document they name
    seconds: float = 0.0

    def lines(self) -> list[str]:
        w = self.written
        out = [
            f"documents read: {self.read} (unchanged, skipped: {self.unchanged}) in {self.seconds:.1f} s",
            f"nodes added: {w.nodes_added}, edges added: {w.edges_added}, edges replaced: {w.edges_removed}",
            f"title-only citations resolved to the document they name: {self.resolved}",
            f"files rejected: {len(self.rejected)}",
        ]
        out += [f"  {path}: {why}" for path, why in self.rejected]
        return out


@dataclass
class _Pending:
    """Documents read but not yet written: one `write_many` when the group is full."""

    batches: list = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # earlier ids of re-read sources

    def write(self, store: Store, summary: IngestSummary) -> None:
        for doc_id in self.replaced:
            summary.written += store.delete_document(doc_id)
        if self.batches:
            summary.written += store.write_many(self.batches)
        self.batches, self.replaced = [], []


def ingest_file(store: Store, path: Path, summary: IngestSummary, pending: _Pending | None = None) -> None:
    source = read_source(path)
    key = str(path.resolve())
    previous = store.document_for_source(key)
    if previous and previous[1] == source.content_hash:
        summary.unchanged += 1
        summary.read += 1
        return
    try:
        batch = extract(source.text, key, source.content_hash)
    except SchemaError as exc:
        raise IngestError(path, f"extraction produced an invalid graph: {exc}") from exc
    if pending is None:
        pending = _Pending()
        write_now = True
    else:
        batch.validate()  # a misfit is this file's fault: report it now, not when its group is written
        write_now = False
    if previous and previous[0] != batch.doc_id:
        pending.replaced.append(previous[0])
    pending.batches.append(batch)
    summary.read += 1
    if write_now:
        pending.write(store, summary)


def ingest_paths(store: Store, paths: list[Path], progress: Callable | None = None,
                 group: int = WRITE_GROUP) -> IngestSummary:
    summary = IngestSummary()
    started = time.perf_counter()
    files = iter_sources(paths)
    for p in paths:
        if not p.exists():
            summary.rejected.append((str(p), "no such file or folder"))
    iterator = files
    if progress is None and len(files) > PROGRESS_THRESHOLD and sys.stderr.isatty():
        from tqdm import tqdm

        iterator = tqdm(files, unit="doc", desc="ingest")
    pending = _Pending()
    for path in iterator:
        try:
            ingest_file(store, path, summary, pending)
        except IngestError as exc:
            summary.rejected.append((exc.path, exc.problem))
        except SchemaError as exc:
            summary.rejected.append((str(path), f"extraction produced an invalid graph: {exc}"))
        except Exception as exc:  # a bug in one document's extraction must not stop the batch
            summary.rejected.append((str(path), f"internal error while reading it: {exc!r}"))
        if len(pending.batches) >= group:
            pending.write(store, summary)
            store.flush()
        if progress:
            progress(path)
    pending.write(store, summary)
    summary.resolved = resolve_title_citations(store)
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary
