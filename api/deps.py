"""Request dependencies: the store, opened once (under a lock) by the first request that needs it."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request

from graph.store import Store
from queries import registry


def get_store(request: Request) -> Store:
    state = request.app.state
    if state.store is None:
        with state.store_lock:  # fifty requests on a cold server open one store, not several
            if state.store is None:
                state.store = state.store_factory()
    return state.store


StoreDep = Annotated[Store, Depends(get_store)]


def rows(store: Store, query: str, **args: Any) -> list[dict[str, Any]]:
    """A named query's rows; arguments left None take the query's defaults."""
    return registry.run(store, query, {k: str(v) for k, v in args.items() if v is not None})
