"""Pages in a query's stable order: `limit` items after an opaque `cursor` (an offset).

`page` slices a list already in hand (small answers); `query_page` asks a paged named query for
one page, so the store produces only that page, and takes the total from the page's rows."""
from __future__ import annotations

import base64
from typing import Annotated, Any, Callable, Sequence

from fastapi import Query

from api.deps import rows
from api.errors import invalid
from graph.store import Store

Limit = Annotated[int, Query(ge=1, le=500, description="items per page")]
Cursor = Annotated[str | None, Query(max_length=64, description="next_cursor of the previous page")]


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        if not raw.startswith("o") or not raw[1:].isdigit():
            raise ValueError
        return int(raw[1:])
    except (ValueError, UnicodeDecodeError):
        raise invalid(f"not a cursor this API gave out: {cursor!r}", "query", "cursor") from None


def offset_of(cursor: str | None) -> int:
    """Where the page a cursor asks for starts (0 for the first page)."""
    return _decode(cursor) if cursor else 0


def cursor_after(end: int, total: int) -> str | None:
    """The cursor of the page starting at `end`, None when nothing is left."""
    return _encode(end) if end < total else None


def _shaped(items: list[Any], total: int, end: int) -> dict[str, Any]:
    return {"items": items, "total": total, "next_cursor": cursor_after(end, total)}


def page(items: Sequence[Any], limit: int, cursor: str | None) -> dict[str, Any]:
    start = offset_of(cursor)
    return _shaped(list(items[start:start + limit]), len(items), start + limit)


def query_page(store: Store, query: str, limit: int, cursor: str | None,
               shape: Callable[[list[dict[str, Any]]], list[Any]] = list, **args: Any) -> dict[str, Any]:
    """One page of a paged named query (one that declares `limit` and `skip` and gives `total`).
    `shape` turns the page's rows into items; past the end, one more row is asked for the total."""
    start = offset_of(cursor)
    found = rows(store, query, limit=limit, skip=start, **args)
    if found:
        total = found[0]["total"]
    else:
        first = rows(store, query, limit=1, skip=0, **args) if start else []
        total = first[0]["total"] if first else 0
    return _shaped(shape(found), total, start + limit)
