"""Finds queries/*.cypher, pairs each with its embedded twin, and runs a query by name on any store.

The CLI, the API and the tests all go through `run`, so every caller gets the same rows.
"""
from __future__ import annotations

import json
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from graph.store import Store
import importlib
import pkgutil

import queries
from queries.params import PREPARE, QueryArgumentError

QUERY_DIR = Path(__file__).parent
_HEADER = re.compile(r"^//\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")


class UnknownQueryError(KeyError):
    def __str__(self) -> str:
        return f"unknown query {self.args[0]!r}; known: {', '.join(sorted(registry()))}"


@dataclass(frozen=True)
class Param:
    name: str
    required: bool
    default: str | None
    doc: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    sets: tuple[str, ...]  # list columns whose order carries no meaning
    cypher: str
    path: Path

    def bind(self, args: dict[str, str]) -> dict[str, Any]:
        """Check the user's arguments and turn them into query parameters."""
        unknown = set(args) - {p.name for p in self.params}
        if unknown:
            raise QueryArgumentError(f"{self.name}: unknown argument(s) {sorted(unknown)}; takes {[p.name for p in self.params]}")
        out: dict[str, Any] = {}
        for p in self.params:
            value = args.get(p.name, p.default)
            if value is None:
                raise QueryArgumentError(f"{self.name}: missing required argument {p.name!r} ({p.doc})")
            out.update(PREPARE[p.name](str(value)))
        return out

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name, "description": self.description, "columns": list(self.columns),
            "params": [{"name": p.name, "required": p.required, "default": p.default, "doc": p.doc} for p in self.params],
            "cypher": self.cypher,
        }


def _parse(path: Path) -> NamedQuery:
    meta: dict[str, list[str]] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line)
        if m and not body:
            meta.setdefault(m["key"], []).append(m["value"].strip())
        else:
            body.append(line)
    params = []
    for spec in meta.get("param", []):
        name, mode, doc = (s.strip() for s in spec.split("|", 2))
        default = mode.split("=", 1)[1] if mode.startswith("default=") else None
        if name not in PREPARE:
            raise ValueError(f"{path}: parameter {name!r} has no preparation in queries/params.py")
        params.append(Param(name, mode == "required", default, doc))
    name = meta["name"][0]
    if name != path.stem:
        raise ValueError(f"{path}: header names the query {name!r}; the file must be called {name}.cypher")

    def split(key: str) -> tuple[str, ...]:
        return tuple(c.strip() for c in ",".join(meta.get(key, [])).split(",") if c.strip())

    return NamedQuery(name, meta["description"][0], tuple(params), split("columns"), split("sets"), "\n".join(body).strip(), path)


@lru_cache(maxsize=1)
def implementations() -> dict[str, Any]:
    """Embedded twins: `IMPLEMENTATIONS` of queries/embedded.py and of every queries/twins_*.py."""
    found: dict[str, Any] = {}
    modules = ["queries.embedded"] + sorted(
        f"queries.{m.name}" for m in pkgutil.iter_modules(queries.__path__) if m.name.startswith("twins_")
    )
    for name in modules:
        for query, fn in importlib.import_module(name).IMPLEMENTATIONS.items():
            if query in found:
                raise RuntimeError(f"{name}: query {query!r} has a twin elsewhere already")
            found[query] = fn
    return found


@lru_cache(maxsize=1)
def registry() -> dict[str, NamedQuery]:
    named = {q.name: q for q in map(_parse, sorted(QUERY_DIR.glob("*.cypher")))}
    missing = set(named) ^ set(implementations())
    if missing:
        raise RuntimeError(f"queries without both a .cypher file and an embedded twin: {sorted(missing)}")
    return named


def get(name: str) -> NamedQuery:
    try:
        return registry()[name]
    except KeyError:
        raise UnknownQueryError(name) from None


def run(store: Store, name: str, args: dict[str, str]) -> list[dict[str, Any]]:
    query = get(name)
    params = query.bind(args)
    if store.kind == "embedded":
        with store.snapshot() as view:  # type: ignore[attr-defined]  # one consistent state per query
            rows = implementations()[name](view, params)
    else:
        rows = store.cypher(query.cypher, params)  # type: ignore[attr-defined]
    return [_normalise(query, row) for row in rows]


@contextmanager
def one_state(store: Store) -> Iterator[None]:
    """Named queries run inside the block read one committed state of the embedded store (its
    snapshot, which `run` joins), so an answer made of several cannot straddle an ingest. Neo4j
    reads are read-committed whatever the transaction, so there each query sees the latest commit."""
    with store.snapshot() if store.kind == "embedded" else nullcontext():  # type: ignore[attr-defined]
        yield


def _normalise(query: NamedQuery, row: dict[str, Any]) -> dict[str, Any]:
    """Columns in declared order; set-valued lists sorted, so backends compare equal."""
    out = {c: row.get(c) for c in query.columns}
    for c in query.sets:
        if isinstance(out.get(c), list):
            out[c] = sorted(out[c], key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return out
