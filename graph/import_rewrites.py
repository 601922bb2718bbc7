"""Merges and moves applied to import files before `neo4j-admin` reads them.

A first load resolves identity across the whole corpus before anything is written
(ingest/resolve.py), but some of what it decides (a citation that turns out to be a text read
later: merge; a bare title's citations that belong to a document found later: move) touches rows
already streamed to the files. Running them on the imported graph costs a transaction per
operation, each re-pointing every edge of a document cited by thousands of texts; here they are
applied to the rows instead, with the outcome `Store.merge_nodes` and `Store.move_facts` give when
run in the same order:
- merge(a, b), both present: every edge of a goes to b, b gains the properties it lacks, a goes;
- move(text, a, b), both present: the edges of a read from `text` go to b; a goes if it is left
  with no edge and is not an ingested text;
- an edge whose key, once re-pointed, is already held stays as it was (the first one is kept).

Only the files holding an edge of a node named in an operation are rewritten, and of those only
the rows touching such a node are parsed; the rest is copied as bytes.
"""
from __future__ import annotations

import mmap
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from graph.model import schema

Op = tuple[str, ...]  # ("merge", from, into) or ("move", text, from, into), as ingest/resolve.py decides them


class EdgeFile(Protocol):
    path: Path
    type: str
    offsets: Sequence[int]  # byte offset of each row, and of the end of the file last
    document_ends: set[str]  # ids of the Document nodes its rows touch


@dataclass
class _Row:
    file: int
    source: str
    target: str
    tail: str  # the key after type|source|target: |doc|start|end for a fact read from a text, else ""
    rest: bytes  # the row after its key field, as written

    def key(self, type_: str) -> str:
        return f"{type_}|{self.source}|{self.target}{self.tail}"

    def doc(self) -> str | None:
        return self.tail.split("|")[1] if self.tail else None


def _field(row: bytes, start: int) -> tuple[str, int]:
    """The quoted field at `start` and where the next one begins (doubled quotes are one quote)."""
    out, pos = [], start + 1
    while True:
        close = row.index(b'"', pos)
        if row[close + 1 : close + 2] == b'"':
            out.append(row[pos : close + 1])
            pos = close + 2
            continue
        out.append(row[pos:close])
        return b"".join(out).decode("utf-8"), close + 2


def _ends(row: bytes) -> tuple[str, str, int]:
    source, at = _field(row, 0)
    target, at = _field(row, at)
    return source, target, at


class _Rewrite:
    def __init__(self, files: list[EdgeFile], nodes: dict[str, tuple[str, dict]]):
        self.files = files
        self.nodes = nodes
        self.rows: list[_Row | None] = []
        self.by_node: dict[str, set[int]] = {}
        self.by_key: dict[tuple[int, str], int] = {}  # (file's type, key) is unique per type
        self.merged = 0
        self.moved = 0

    def collect(self, touched: set[str]) -> dict[int, Path]:
        """Copy each affected file without the rows touching `touched`, which are kept here."""
        rewritten: dict[int, Path] = {}
        for n, f in enumerate(self.files):
            if not (f.document_ends & touched):
                continue
            if schema().edge(f.type).sort_keys:
                # a re-pointed row would keep the key derived from its old end
                raise NotImplementedError(f"re-pointing {f.type} rows in import files: its sort keys would go stale")
            tmp = f.path.with_name(f.path.name + ".rewrite")
            with f.path.open("rb") as src, tmp.open("wb") as out, mmap.mmap(src.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                offsets = f.offsets
                keep_from = 0
                for i in range(len(offsets) - 1):
                    start, end = offsets[i], offsets[i + 1]
                    row = mm[start:end]
                    source, target, at = _ends(row)
                    if source not in touched and target not in touched:
                        continue
                    out.write(mm[keep_from:start])
                    keep_from = end
                    key, after = _field(row, at)
                    self._add(_Row(n, source, target, key[len(f"{f.type}|{source}|{target}"):], row[after - 1 :]))
                out.write(mm[keep_from : offsets[-1]])
            rewritten[n] = tmp
        return rewritten

    def _add(self, row: _Row) -> None:
        i = len(self.rows)
        self.rows.append(row)
        self.by_key[(self._type(row), row.key(self._type(row)))] = i
        for end in {row.source, row.target}:
            self.by_node.setdefault(end, set()).add(i)

    def _type(self, row: _Row) -> str:
        return self.files[row.file].type

    def _repoint(self, i: int, old: str, new: str) -> None:
        row = self.rows[i]
        type_ = self._type(row)
        del self.by_key[(type_, row.key(type_))]
        for end in {row.source, row.target}:
            self.by_node[end].discard(i)
        row.source = new if row.source == old else row.source
        row.target = new if row.target == old else row.target
        if (type_, row.key(type_)) in self.by_key:  # already held: that one stays
            self.rows[i] = None
            return
        self.by_key[(type_, row.key(type_))] = i
        for end in {row.source, row.target}:
            self.by_node.setdefault(end, set()).add(i)

    def run(self, ops: Iterable[Op]) -> None:
        for op in ops:
            if op[0] == "merge":
                self._merge(op[1], op[2])
            else:
                self._move(op[1], op[2], op[3])

    def _merge(self, a: str, b: str) -> None:
        if a == b or a not in self.nodes or b not in self.nodes:
            return
        for i in sorted(self.by_node.get(a, ())):
            self._repoint(i, a, b)
        into = self.nodes[b][1]
        for k, v in self.nodes.pop(a)[1].items():
            if into.get(k) is None:
                into[k] = v
        self.merged += 1

    def _move(self, text: str, a: str, b: str) -> None:
        self.moved += 1
        if a == b or a not in self.nodes or b not in self.nodes:
            return
        for i in sorted(self.by_node.get(a, ())):
            if self.rows[i].doc() == text:
                self._repoint(i, a, b)
        if not self.by_node.get(a) and not self.nodes[a][1].get("ingested"):
            del self.nodes[a]

    def write(self, rewritten: dict[int, Path]) -> dict[int, int]:
        """Append the kept rows, re-pointed, to their files; put the files in place; rows per file."""
        outs = {n: tmp.open("ab") for n, tmp in rewritten.items()}
        added = dict.fromkeys(rewritten, 0)
        for row in self.rows:
            if row is None:
                continue
            type_ = self._type(row)
            fields = (row.source, row.target, row.key(type_))
            outs[row.file].write(",".join('"' + v.replace('"', '""') + '"' for v in fields).encode("utf-8") + row.rest)
            added[row.file] += 1
        for n, out in outs.items():
            out.close()
            os.replace(rewritten[n], self.files[n].path)
        return added


def apply(ops: list[Op], files: list[EdgeFile], nodes: dict[str, tuple[str, dict]]) -> tuple[int, int, dict[int, int]]:
    """Apply the operations to the edge files and to `nodes` (id -> (label, properties), changed in
    place). Returns (nodes merged, moves run, {file index: rows left in it} for rewritten files)."""
    touched = {i for op in ops for i in (op[1:] if op[0] == "merge" else op[2:])}
    if not touched:
        return 0, 0, {}
    rw = _Rewrite(files, nodes)
    rewritten = rw.collect(touched)
    collected = {n: sum(1 for r in rw.rows if r.file == n) for n in rewritten}
    rw.run(ops)
    added = rw.write(rewritten)
    return rw.merged, rw.moved, {n: len(files[n].offsets) - 1 - collected[n] + added[n] for n in rewritten}
