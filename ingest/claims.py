"""Which file of a run first gave each document identity, shared by the run's worker processes.

A first load keeps the first file that gives a document id and reports the others. A text's
identity (heading, 文号, issuers) is known after the first of the pipeline's stages, so a worker
that finds an earlier file's claim on it can stop there instead of extracting a document that
will be dropped. A claim only ever saves work: the caller still decides in file order, and
re-extracts a file whose earlier claimant did not give a document after all (it failed later).

The table is an open-addressing hash table in shared memory, created before the workers fork:
ids are kept as 64-bit hashes, so a rare collision can only make a file look claimed, which the
caller's check in file order catches like any other claimant that gave no document.
"""
from __future__ import annotations

import hashlib
import multiprocessing
from typing import Protocol

_EMPTY = -1


def _hash(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


class Claims(Protocol):
    def claim(self, doc_id: str, index: int) -> int:
        """Record that file `index` gives `doc_id`; the earliest index known to give it (≤ index)."""


class LocalClaims:
    """One process: a dict."""

    def __init__(self) -> None:
        self._first: dict[str, int] = {}

    def claim(self, doc_id: str, index: int) -> int:
        first = self._first.setdefault(doc_id, index)
        if index < first:
            self._first[doc_id] = first = index
        return first


class SharedClaims:
    """Across processes forked after it was made: capacity for `files` distinct claims."""

    def __init__(self, files: int, context=None):
        ctx = context or multiprocessing
        size = 1 << max(4, (2 * max(files, 1) - 1).bit_length())  # at most half full
        self._mask = size - 1
        self._keys = ctx.RawArray("q", size)
        self._firsts = ctx.RawArray("q", [_EMPTY] * size)
        self._used = ctx.RawValue("q", 0)
        self._lock = ctx.Lock()

    def claim(self, doc_id: str, index: int) -> int:
        key = _hash(doc_id)
        slot = key & self._mask
        with self._lock:
            while self._firsts[slot] != _EMPTY and self._keys[slot] != key:
                slot = (slot + 1) & self._mask
            first = self._firsts[slot]
            if first == _EMPTY:
                if self._used.value >= self._mask:  # more claims than it was made for: claim nothing
                    return index
                self._used.value += 1
            elif first <= index:
                return first
            self._keys[slot], self._firsts[slot] = key, index
            return index
