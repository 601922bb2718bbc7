"""Folder or files in, graph out: documents extracted (in parallel processes with --workers),
written in order, several documents per store commit, each document whole or not at all, so a bad
file is reported and skipped and never leaves half its facts behind."""
from __future__ import annotations

import multiprocessing
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from graph.model import SchemaError
from graph.store import Store, WriteResult
from graph.types import GraphBatch
from ingest.extract import extract
from ingest.reader import IngestError, SourceText, iter_sources, read_source
from ingest.resolve import resolve_title_citations

PROGRESS_THRESHOLD = 20  # show a progress bar only on runs longer than this many files
WRITE_GROUP = 100  # documents per store commit
IN_FLIGHT_PER_WORKER = 8  # texts handed to a worker ahead of time (bounds memory on huge corpora)


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


def _extract_checked(source: SourceText) -> tuple[GraphBatch | None, str | None]:
    """(batch, None) or (None, the problem): plain values, so they cross a process boundary."""
    try:
        batch = extract(source.text, str(source.path.resolve()), source.content_hash)
        batch.validate()
        return batch, None
    except (SchemaError, ValueError) as exc:
        return None, f"extraction produced an invalid graph: {exc}"
    except Exception as exc:  # a bug in one document's extraction must not stop the batch
        return None, f"internal error while reading it: {exc!r}"


def extract_all(
    sources: Iterable[SourceText], workers: int = 1
) -> Iterator[tuple[SourceText, GraphBatch | IngestError]]:
    """Each source with its batch (or the error naming its file), in the order given; with
    workers > 1 extraction runs in that many processes, a bounded number of texts ahead."""

    def outcome(source: SourceText, result: tuple[GraphBatch | None, str | None]):
        batch, problem = result
        return source, (batch if problem is None else IngestError(source.path, problem))

    if workers <= 1:
        for source in sources:
            yield outcome(source, _extract_checked(source))
        return
    sources = iter(sources)
    first = next(sources, None)
    if first is None:
        return
    # The first document is read here: it loads the tokenizer and lexicons once, before the fork,
    # so the workers share them instead of each loading its own.
    yield outcome(first, _extract_checked(first))
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with multiprocessing.get_context(method).Pool(workers) as pool:
        pending: deque = deque()
        for source in sources:
            pending.append((source, pool.apply_async(_extract_checked, (source,))))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                done, result = pending.popleft()
                yield outcome(done, result.get())
        while pending:
            done, result = pending.popleft()
            yield outcome(done, result.get())


def _sources_to_extract(store: Store, files: Iterable[Path], summary: IngestSummary,
                        previous_ids: dict[Path, str]) -> Iterator[SourceText]:
    """Read each file; skip those the store holds unchanged; report unreadable ones."""
    for path in files:
        try:
            source = read_source(path)
        except IngestError as exc:
            summary.rejected.append((exc.path, exc.problem))
            continue
        previous = store.document_for_source(str(path.resolve()))
        if previous and previous[1] == source.content_hash:
            summary.unchanged += 1
            summary.read += 1
            continue
        if previous:
            previous_ids[path] = previous[0]
        yield source


def ingest_paths(store: Store, paths: list[Path], progress: Callable | None = None, workers: int = 1) -> IngestSummary:
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
    previous_ids: dict[Path, str] = {}
    group: list[GraphBatch] = []

    def write_group() -> None:
        if group:
            summary.written += store.write_many(group)
            summary.read += len(group)
            group.clear()

    for source, result in extract_all(_sources_to_extract(store, iterator, summary, previous_ids), workers):
        if isinstance(result, IngestError):
            summary.rejected.append((result.path, result.problem))
        else:
            old = previous_ids.pop(source.path, None)
            if old is not None and old != result.doc_id:
                write_group()  # the old id's facts go only after what was read before them is in
                summary.written += store.delete_document(old)
            group.append(result)
            if len(group) >= WRITE_GROUP:
                write_group()
        if progress:
            progress(source.path)
    write_group()
    summary.resolved = resolve_title_citations(store)
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary
