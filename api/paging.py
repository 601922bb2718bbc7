"""Pages over a list in its query's stable order: `limit` items after an opaque `cursor`."""
from __future__ import annotations

import base64
from typing import Annotated, Any, Sequence

from fastapi import Query

from api.errors import invalid

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


def page(items: Sequence[Any], limit: int, cursor: str | None) -> dict[str, Any]:
    start = _decode(cursor) if cursor else 0
    end = start + limit
    return {"items": list(items[start:end]), "total": len(items), "next_cursor": _encode(end) if end < len(items) else None}
