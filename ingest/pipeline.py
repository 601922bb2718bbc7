"""Folder or files in, graph out: one document at a time, one transaction per document, so a bad
file is reported and skipped and never leaves half its facts behind."""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.model import SchemaError
from graph.store import Store, WriteResult
from graph.types import GraphBatch
from ingest.extract import extract
from ingest.reader import IngestError, iter_sources, read_source
from ingest.resolve import Resolver

PROGRESS_THRESHOLD = 20  # show a progress bar only on runs longer than this many files


@dataclass
class IngestSummary:
    read: int = 0
    unchanged: int = 0
    written: WriteResult = field(default_factory=WriteResult)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    merged: int = 0  # document nodes found to be another (an ingested text, a citation with its 文号)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # in a folder, not read: type, hidden
    formats: Counter = field(default_factory=Counter)  # "text, gb18030", "pdf" … -> files read
    resolved: int = 0  # title-only citations re-pointed to the document they name
    seconds: float = 0.0

    def lines(self) -> list[str]:
        w = self.written
        out = [
            f"documents read: {self.read} (unchanged, skipped: {self.unchanged}) in {self.seconds:.1f} s",
            f"nodes added: {w.nodes_added}, edges added: {w.edges_added}, edges replaced: {w.edges_removed}",
            f"documents identified across texts: {self.merged} merged, {self.resolved} title-only citations re-pointed",
            f"files rejected: {len(self.rejected)}",
        ]
        if self.formats:
            out.insert(1, "formats read: " + ", ".join(f"{kind}: {n}" for kind, n in sorted(self.formats.items())))
        out += [f"  {path}: {why}" for path, why in self.rejected]
        if self.skipped:
            out.append(f"files skipped in folders (not read): {len(self.skipped)}")
            out += [f"  {path}: {why}" for path, why in self.skipped]
        return out


def ingest_file(store: Store, path: Path, summary: IngestSummary, resolver: Resolver | None = None) -> None:
    resolver = resolver or Resolver(store)
    source = read_source(path)
    summary.formats[f"{source.format} ({source.encoding})" if source.encoding else source.format] += 1
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
    _check_collision(store, batch, key, path)
    batch = resolver.resolve(batch)
    if previous and previous[0] != batch.doc_id:
        summary.written += store.delete_document(previous[0])
    summary.written += store.write(batch)
    resolver.after_write()
    summary.read += 1


def _check_collision(store: Store, batch: GraphBatch, key: str, path: Path) -> None:
    """Two files that claim one document's identity: never resolved by overwriting."""
    found = store.find("Document", "id", batch.doc_id) if batch.doc_id else []
    other = found[0].get("source_path") if found and found[0].get("ingested") else None
    if other and other != key and Path(other).exists():
        raise IngestError(path, f"claims the identity of the document already read from {other} "
                                f"(same title, 文号 and issuer, different text); not ingested, so neither is overwritten")


def ingest_paths(store: Store, paths: list[Path], progress: Callable | None = None) -> IngestSummary:
    summary = IngestSummary()
    started = time.perf_counter()
    skipped: list[tuple[Path, str]] = []
    files = iter_sources(paths, skipped)
    summary.skipped = [(str(p), why) for p, why in skipped]
    for p in paths:
        if not p.exists():
            summary.rejected.append((str(p), "no such file or folder"))
    iterator = files
    if progress is None and len(files) > PROGRESS_THRESHOLD and sys.stderr.isatty():
        from tqdm import tqdm

        iterator = tqdm(files, unit="doc", desc="ingest")
    resolver = Resolver(store)
    for path in iterator:
        try:
            ingest_file(store, path, summary, resolver)
        except IngestError as exc:
            summary.rejected.append((exc.path, exc.problem))
        except Exception as exc:  # a bug in one document's extraction must not stop the batch
            summary.rejected.append((str(path), f"internal error while reading it: {exc!r}"))
        if progress:
            progress(path)
    summary.merged, summary.resolved = resolver.result.merged, resolver.result.moved
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary
