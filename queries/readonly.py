"""Researchers' own Cypher on Neo4j, read-only: the database itself says whether a statement only
reads (EXPLAIN's query type and plan), and it runs in a READ transaction with a timeout and a row cap."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from neo4j import READ_ACCESS, ManagedTransaction, unit_of_work
from neo4j.exceptions import ClientError, CypherSyntaxError, Neo4jError

from graph.store import Store

TIMEOUT_SECONDS = 5.0
MAX_ROWS = 1000
# Plan operators a read-only query type still allows but a researcher's query must not run:
# reading files or URLs, ending other users' transactions, administration listings.
_REFUSED_OPERATORS = ("LoadCSV", "TerminateTransactions", "AdministrationCommand")
_REFUSED_PREFIXES = ("Show",)


class CypherRefused(ValueError):
    """The statement writes, changes the schema, administers the server or reads outside the graph."""


class CypherInvalid(ValueError):
    """The database cannot plan the statement (syntax, unknown procedure, missing parameter)."""


class CypherTimedOut(RuntimeError):
    """The statement ran past the timeout and the database stopped it."""


class CypherNeedsNeo4j(RuntimeError):
    """The store is not Neo4j."""


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


def _operators(plan: dict[str, Any]) -> list[str]:
    out = [plan.get("operatorType", "").split("@")[0]]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


def _check(tx: ManagedTransaction, text: str, params: dict[str, Any]) -> None:
    summary = tx.run("EXPLAIN " + text, params).consume()
    if summary.query_type != "r":
        raise CypherRefused(f"only read queries run here; the database plans this one as query type {summary.query_type!r}")
    for op in _operators(summary.plan or {}):
        if op in _REFUSED_OPERATORS or op.startswith(_REFUSED_PREFIXES):
            raise CypherRefused(f"the plan uses {op}, which is not allowed here")


def _plain(value: Any) -> Any:
    """JSON-ready values: nodes and relationships as property maps, temporal and spatial as text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def run_read_only(store: Store, text: str, params: dict[str, Any] | None = None,
                  timeout: float = TIMEOUT_SECONDS, max_rows: int = MAX_ROWS) -> CypherResult:
    driver = getattr(store, "driver", None)
    if store.kind != "neo4j" or driver is None:
        raise CypherNeedsNeo4j("POST /cypher needs a Neo4j store; this server uses the embedded one")
    params = params or {}

    @unit_of_work(timeout=timeout)
    def work(tx: ManagedTransaction) -> CypherResult:
        _check(tx, text, params)
        result = tx.run(text, params)
        rows: list[dict[str, Any]] = []
        truncated = False
        for record in result:
            if len(rows) == max_rows:
                truncated = True
                break
            rows.append(_plain(record.data()))
        return CypherResult(list(result.keys()), rows, truncated)

    try:
        with driver.session(database=getattr(store, "database", None), default_access_mode=READ_ACCESS) as session:
            return session.execute_read(work)
    except CypherSyntaxError as exc:
        raise CypherInvalid(exc.message or str(exc)) from None
    except ClientError as exc:
        if "TransactionTimedOut" in (exc.code or "") or "Terminated" in (exc.code or ""):
            raise CypherTimedOut(f"stopped after {timeout:g} s: {exc.message}") from None
        if "Forbidden" in (exc.code or "") or "WriteOnReadOnlyAccessDbException" in (exc.code or ""):
            raise CypherRefused(exc.message or str(exc)) from None
        raise CypherInvalid(exc.message or str(exc)) from None
    except Neo4jError as exc:
        if "TransactionTimedOut" in (exc.code or "") or "Terminated" in (exc.code or ""):
            raise CypherTimedOut(f"stopped after {timeout:g} s: {exc.message}") from None
        raise
