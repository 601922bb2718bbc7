"""Folder or files in, graph out: documents are read one at a time and written in groups, one
transaction per group (`Store.write_many`), so a bad file is reported and skipped and never leaves
half its facts behind, and a crash loses at most the group being written."""
from __future__ import annotations

import os
import re
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
from ingest.normalise import fold
from ingest.reader import IngestError, iter_sources, read_source
from ingest.resolve import Resolver

PROGRESS_THRESHOLD = 20  # show a progress bar only on runs longer than this many files
WRITE_GROUP = int(os.environ.get("POLICYKG_WRITE_GROUP", 64))  # documents per write transaction


@dataclass
class IngestSummary:
    read: int = 0
    unchanged: int = 0
    written: WriteResult = field(default_factory=WriteResult)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    other_sources: int = 0  # files that are another copy of a document already read (a PDF of a .txt)
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
            f"documents identified across texts: {self.merged} merged, {self.resolved} title-only citations re-pointed, "
            f"{self.other_sources} files another source of a document read",
            f"files rejected: {len(self.rejected)}",
        ]
        if self.formats:
            out.insert(1, "formats read: " + ", ".join(f"{kind}: {n}" for kind, n in sorted(self.formats.items())))
        out += [f"  {path}: {why}" for path, why in self.rejected]
        if self.skipped:
            out.append(f"files skipped in folders (not read): {len(self.skipped)}")
            out += [f"  {path}: {why}" for path, why in self.skipped]
        return out


@dataclass
class _Pending:
    """Documents read and resolved but not yet written: one `write_many` when the group is full.
    The resolver's merges and moves of earlier citations run right after the group is written."""

    resolver: Resolver
    batches: list = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # earlier ids of re-read sources
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # doc id -> (source key, text)

    def write(self, store: Store, summary: IngestSummary) -> None:
        for doc_id in self.replaced:
            summary.written += store.delete_document(doc_id)
        if self.batches:
            summary.written += store.write_many(self.batches)
        self.resolver.after_write()
        self.batches, self.replaced, self.texts = [], [], {}


def ingest_file(store: Store, path: Path, summary: IngestSummary, pending: _Pending | None = None) -> None:
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
    write_now = pending is None
    if pending is None:
        pending = _Pending(Resolver(store))
    batch.validate()  # a misfit is this file's fault: report it now, not when its group is written
    if _another_source_of(store, pending, batch, key, path, source.text):
        summary.read += 1
        summary.other_sources += 1
        return
    batch = pending.resolver.resolve(batch)
    if previous and previous[0] != batch.doc_id:
        pending.replaced.append(previous[0])
    pending.batches.append(batch)
    pending.texts[batch.doc_id] = (key, source.text)
    summary.read += 1
    if write_now:
        pending.write(store, summary)


SAME_TEXT = 0.97  # share of sentences two sources of one document have in common (layout aside)


def _another_source_of(store: Store, pending: _Pending, batch: GraphBatch, key: str, path: Path, text: str) -> bool:
    """A file claiming the identity of a document already read from another file: the same text
    (a .txt and a PDF of one notice) adds a source to that document; a different text (a draft and
    the final version) is rejected with both paths named. Never resolved by overwriting."""
    if batch.doc_id in pending.texts:
        pending.write(store, IngestSummary())  # the first claimant is in this group: write it first
    found = store.find("Document", "id", batch.doc_id) if batch.doc_id else []
    if not found or not found[0].get("ingested"):
        return False
    first = found[0].get("source_path")
    sources = set(found[0].get("sources") or []) | {first}
    if first is None or key in sources:
        return key in sources and key != first
    try:
        earlier = read_source(Path(first)).text
    except IngestError:
        return False  # the first file is gone: this one replaces it
    if _sentence_overlap(earlier, text) < SAME_TEXT:
        raise IngestError(path, f"claims the identity of the document already read from {first} "
                                f"(same title, 文号 and issuer, different text); not ingested, so neither is overwritten")
    node = GraphBatch()
    node.add_node("Document", batch.doc_id, sources=sorted(sources | {key}))
    store.write(node)
    return True


def _sentence_overlap(a: str, b: str) -> float:
    def sentences(t: str) -> Counter:
        return Counter(x for x in re.split(r"[。！？；!?;]", re.sub(r"\s+", "", fold(t))) if len(x) >= 4)
    sa, sb = sentences(a), sentences(b)
    common = sum((sa & sb).values())
    return common / max(sum(sa.values()), sum(sb.values()), 1)


def ingest_paths(store: Store, paths: list[Path], progress: Callable | None = None,
                 group: int = WRITE_GROUP) -> IngestSummary:
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
    pending = _Pending(resolver)
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
    summary.merged, summary.resolved = resolver.result.merged, resolver.result.moved
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary
