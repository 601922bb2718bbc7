"""Request dependencies: the store, opened lazily on the first request that needs it."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.store import Store


def get_store(request: Request) -> Store:
    state = request.app.state
    if state.store is None:
        state.store = state.store_factory()
    return state.store


StoreDep = Annotated[Store, Depends(get_store)]
