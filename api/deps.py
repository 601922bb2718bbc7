"""Request dependencies: the store, opened once (under a lock) by the first request that needs it."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired

from graph.store import Store, StoreUnavailable
from queries import registry


def get_store(request: Request) -> Store:
    state = request.app.state
    if state.store is None:
        with state.store_lock:  # fifty requests on a cold server open one store, not several
            if state.store is None:
                store = state.store_factory()
                if store.kind == "embedded":
                    store.counts()  # reads the graph from disk now, inside the lock, not once per racing request
                state.store = store
    _check_reachable(state.store)
    return state.store


def _check_reachable(store: Store) -> None:
    """A server that is down answers 503 at once: a query would first retry for half a minute."""
    verify = getattr(getattr(store, "driver", None), "verify_connectivity", None)
    if verify is None:
        return
    try:
        verify()
    except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
        raise StoreUnavailable(f"Neo4j at {getattr(store, 'uri', '?')}: {exc}") from None


StoreDep = Annotated[Store, Depends(get_store)]


def rows(store: Store, query: str, **args: Any) -> list[dict[str, Any]]:
    """A named query's rows; arguments left None take the query's defaults."""
    return registry.run(store, query, {k: str(v) for k, v in args.items() if v is not None})
