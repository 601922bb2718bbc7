"""The FastAPI app: named queries over HTTP, health, schema. Routes only call the layers below."""
from __future__ import annotations

from typing import Any, Callable

from fastapi import FastAPI, HTTPException, Request

from api.deps import StoreDep
from graph.model import schema
from graph.store import Store, open_store
from queries import registry
from queries.params import QueryArgumentError


def create_app(store_factory: Callable[[], Store] = open_store) -> FastAPI:
    """The store is opened on the first request that needs it, not at start-up."""
    app = FastAPI(title="policykg", description="A knowledge graph of Chinese public-education policies.", version="0.1.0")
    app.state.store = None
    app.state.store_factory = store_factory

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/schema")
    def get_schema() -> dict[str, Any]:
        return schema().to_dict()

    @app.get("/queries")
    def list_queries() -> list[dict[str, Any]]:
        return [q.describe() for q in registry.registry().values()]

    @app.get("/queries/{name}")
    def run_query(name: str, request: Request, store: StoreDep) -> dict[str, Any]:
        try:
            query = registry.get(name)
        except registry.UnknownQueryError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from None
        try:
            rows = registry.run(store, name, dict(request.query_params))
        except QueryArgumentError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        return {"query": query.name, "columns": list(query.columns), "rows": rows}

    return app


def app_from_env() -> FastAPI:
    """Entry point for `uvicorn api.app:app_from_env --factory` (the Docker image uses it)."""
    return create_app()
