"""Folder or files in, graph out: read → extract (in parallel processes with --workers) → resolve
(identity across texts, ingest/resolve.py) → write, in groups of documents per store commit
(`Store.write_many`), each document whole or not at all: a bad file is reported and skipped and
never leaves half its facts behind, and a crash loses at most the group being written."""
from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import re
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator

from graph.model import SchemaError
from graph.store import Store, StoreUnavailable, WriteResult
from graph.types import GraphBatch
from ingest.claims import Claims
from ingest.extract import ClaimedByEarlierFile, ClaimedEarlier, extract
from ingest.normalise import fold
from ingest.reader import IngestError, SourceText, iter_sources, read_source
from ingest.resolve import Resolver

PROGRESS_THRESHOLD = 20  # show a progress bar only on runs longer than this many files
# A write transaction (Store.write_many) closes at WRITE_GROUP documents or WRITE_ROWS nodes and
# edges, whichever comes first: the row limit bounds a group of long documents. Larger groups
# measured no faster on Neo4j (docs/benchmarks.md, "Neo4j write pairs").
WRITE_GROUP = int(os.environ.get("POLICYKG_WRITE_GROUP", 64))
WRITE_ROWS = int(os.environ.get("POLICYKG_WRITE_ROWS", 20000))
IN_FLIGHT_PER_WORKER = 4  # tasks handed to a worker ahead of time (bounds memory on huge corpora)
TEXTS_PER_TASK = 4  # one task and one reply for several texts: the pool's per-task overhead is the parent's


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
    rows: int = 0

    def full(self, group: int, rows: int) -> bool:
        return group_full(len(self.batches), self.rows, group, rows)

    def write(self, store: Store, summary: IngestSummary) -> None:
        for doc_id in self.replaced:
            summary.written += store.delete_document(doc_id)
        if self.batches:
            summary.written += store.write_many(self.batches)
        self.resolver.after_write()
        self.batches, self.replaced, self.texts, self.rows = [], [], {}, 0


def _add_document(store: Store, source: SourceText, batch: GraphBatch, previous_id: str | None,
                  summary: IngestSummary, pending: _Pending) -> None:
    """One extracted document: another source of a document already read, or resolved and queued."""
    key = str(source.path.resolve())
    if _another_source_of(store, pending, batch, key, source.path, source.text, summary):
        summary.read += 1
        summary.other_sources += 1
        return
    batch = pending.resolver.resolve(batch)
    if previous_id and previous_id != batch.doc_id:
        pending.replaced.append(previous_id)
    pending.batches.append(batch)
    pending.rows += len(batch.nodes) + len(batch.edges)
    pending.texts[batch.doc_id] = (key, source.text)
    summary.read += 1


_RUN_CLAIMS: Claims | None = None  # the run's claims (ingest/claims.py), inherited by forked workers


def _extract_checked(source: SourceText | Path, index: int | None = None) -> tuple:
    """(batch, None, None), (None, the problem, None) or, when the run claims document ids and an
    earlier file gives this one's, (None, None, ClaimedEarlier): plain values, so they
    cross a process boundary. A path is read here, in the worker, for a caller that needs only the
    batch (a first load)."""
    claim = (_RUN_CLAIMS.claim, index) if _RUN_CLAIMS is not None and index is not None else None
    try:
        if isinstance(source, Path):
            source = read_source(source)
        return extract(source.text, str(source.path.resolve()), source.content_hash, claim), None, None  # validated there
    except ClaimedByEarlierFile as exc:
        return None, None, exc.claimed
    except IngestError as exc:
        return None, exc.problem, None
    except (SchemaError, ValueError) as exc:
        return None, f"extraction produced an invalid graph: {exc}", None
    except Exception as exc:  # a bug in one document's extraction must not stop the batch
        return None, f"internal error while reading it: {exc!r}", None


def _extract_task(task: list[tuple[int, SourceText | Path]]) -> bytes:
    """A worker's results for one task, pickled here, so the parent unpickles them itself
    (`_unpickled`) rather than in the pool's result thread."""
    return pickle.dumps([_extract_checked(source, i) for i, source in task], protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(blob: bytes) -> list[tuple]:
    """A task's results, with the collector paused: unpickling a batch makes thousands of objects,
    all alive, so the passes it would trigger (several a text, and a full one every few dozen texts
    over the parent's whole heap) would free nothing; they were most of the parent's receiving cost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(blob)
    finally:
        if enabled:
            gc.enable()


def _tasks(indexed: Iterator[tuple[int, SourceText | Path]], size: int) -> Iterator[list[tuple[int, SourceText | Path]]]:
    return iter(lambda: list(islice(indexed, size)), [])  # itertools.batched from Python 3.12


def _outcome(source: SourceText | Path, result: tuple) -> GraphBatch | IngestError | ClaimedEarlier:
    batch, problem, earlier = result
    if earlier is not None:
        return earlier
    return batch if problem is None else IngestError(source if isinstance(source, Path) else source.path, problem)


def extract_one(source: SourceText | Path) -> GraphBatch | IngestError:
    """One source's batch or the error naming its file, claiming nothing."""
    return _outcome(source, _extract_checked(source))


def extract_all(
    sources: Iterable[SourceText | Path], workers: int = 1, claims: Claims | None = None
) -> Iterator[tuple[SourceText | Path, GraphBatch | IngestError | ClaimedEarlier]]:
    """Each source (a text read, or a file to read) with its batch or the error naming its file,
    in the order given; with workers > 1 extraction runs in that many processes, a bounded number
    of texts ahead. With `claims` (made before this call, ingest/claims.py) a source whose
    document id an earlier source gives comes back as ClaimedEarlier, its extraction stopped once
    its identity was read; the caller decides in order (the earlier one may still fail)."""
    global _RUN_CLAIMS

    def outcome(source: SourceText | Path, result: tuple):
        return source, _outcome(source, result)

    _RUN_CLAIMS, froze = claims, False
    try:
        indexed = enumerate(sources)
        if workers <= 1:
            for i, source in indexed:
                yield outcome(source, _extract_checked(source, i))
            return
        first = next(indexed, None)
        if first is None:
            return
        # The first document is read here: it loads the tokenizer and lexicons once, before the fork,
        # so the workers share them instead of each loading its own.
        yield outcome(first[1], _extract_checked(first[1], first[0]))
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        # Frozen, what the process holds (lexicons, the texts a caller read) is not scanned by the
        # collector again while batches come back, nor are the workers' copies written to by it.
        gc.freeze()
        froze = True
        with multiprocessing.get_context(method).Pool(workers) as pool:
            pending: deque = deque()
            for task in _tasks(indexed, TEXTS_PER_TASK):
                pending.append(([source for _, source in task], pool.apply_async(_extract_task, (task,))))
                if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    done, results = pending.popleft()
                    yield from map(outcome, done, _unpickled(results.get()))
            while pending:
                done, results = pending.popleft()
                yield from map(outcome, done, _unpickled(results.get()))
    finally:
        _RUN_CLAIMS = None
        if froze:
            gc.unfreeze()


def _sources_to_extract(store: Store, files: Iterable[Path], summary: IngestSummary,
                        previous_ids: dict[Path, str]) -> Iterator[SourceText]:
    """Read each file; skip those the store holds unchanged; report unreadable ones."""
    for path in files:
        try:
            source = read_source(path)
        except IngestError as exc:
            summary.rejected.append((exc.path, exc.problem))
            continue
        summary.formats[f"{source.format} ({source.encoding})" if source.encoding else source.format] += 1
        previous = store.document_for_source(str(path.resolve()))
        if previous and previous[1] == source.content_hash:
            summary.unchanged += 1
            summary.read += 1
            continue
        if previous:
            previous_ids[path] = previous[0]
        yield source


SAME_TEXT = 0.97  # share of sentences two sources of one document have in common (layout aside)


def _another_source_of(store: Store, pending: _Pending, batch: GraphBatch, key: str, path: Path, text: str,
                       summary: IngestSummary) -> bool:
    """A file claiming the identity of a document already read from another file: the same text
    (a .txt and a PDF of one notice) adds a source to that document; a different text (a draft and
    the final version) is rejected with both paths named. Never resolved by overwriting."""
    if batch.doc_id in pending.texts:
        pending.write(store, summary)  # the first claimant is in this group: write it first
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


def group_full(docs: int, rows: int, group: int | None = None, max_rows: int | None = None) -> bool:
    return docs >= (group or WRITE_GROUP) or rows >= (max_rows or WRITE_ROWS)


def write_groups(batches: list[GraphBatch], group: int | None = None, rows: int | None = None) -> Iterator[list[GraphBatch]]:
    """The batches cut into write groups as ingest_paths cuts them."""
    start, held = 0, 0
    for i, batch in enumerate(batches):
        held += len(batch.nodes) + len(batch.edges)
        if group_full(i + 1 - start, held, group, rows):
            yield batches[start : i + 1]
            start, held = i + 1, 0
    if start < len(batches):
        yield batches[start:]


def ingest_paths(store: Store, paths: list[Path], progress: Callable | None = None,
                 group: int | None = None, workers: int = 1, rows: int | None = None) -> IngestSummary:
    group, rows = group or WRITE_GROUP, rows or WRITE_ROWS
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
    previous_ids: dict[Path, str] = {}
    for source, result in extract_all(_sources_to_extract(store, iterator, summary, previous_ids), workers):
        try:
            if isinstance(result, IngestError):
                raise result
            _add_document(store, source, result, previous_ids.pop(source.path, None), summary, pending)
        except IngestError as exc:
            summary.rejected.append((exc.path, exc.problem))
        except StoreUnavailable:
            raise  # the store is gone: stop; documents committed so far stay, a re-run skips them
        except Exception as exc:  # a bug in one document's resolution must not stop the batch
            summary.rejected.append((str(source.path), f"internal error while reading it: {exc!r}"))
        if pending.full(group, rows):
            pending.write(store, summary)
            store.flush()
        if progress:
            progress(source.path)
    pending.write(store, summary)
    summary.merged, summary.resolved = resolver.result.merged, resolver.result.moved
    store.flush()
    summary.seconds = time.perf_counter() - started
    return summary
