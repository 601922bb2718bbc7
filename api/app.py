"""The FastAPI app: the research resources, the citation checker, read-only Cypher, named queries,
health and schema. Routes only call the layers below."""
from __future__ import annotations

import os
import threading
from typing import Any, Callable

from fastapi import FastAPI, HTTPException, Request

from api import citations, cypher, errors, models, research
from api.deps import StoreDep
from graph.model import schema
from graph.store import Store, open_store
from queries import registry
from queries.params import QueryArgumentError


def create_app(store_factory: Callable[[], Store] = open_store, cypher_enabled: bool | None = None) -> FastAPI:
    """The store is opened on the first request that needs it, not at start-up. POST /cypher is
    off unless `cypher_enabled` (default: POLICYKG_CYPHER=1 in the environment)."""
    app = FastAPI(title="policykg", description="A knowledge graph of Chinese public-education policies.", version="0.1.0")
    app.state.store = None
    app.state.store_factory = store_factory
    app.state.store_lock = threading.Lock()
    if cypher_enabled is None:
        cypher_enabled = os.environ.get("POLICYKG_CYPHER", "") == "1"
    app.state.cypher_enabled = cypher_enabled
    errors.install(app)
    app.include_router(research.router)
    app.include_router(cypher.router)

    @app.post("/citations", response_model=models.CitationReport, tags=["citations"])
    def check_citations(body: models.CitationRequest, store: StoreDep) -> dict[str, Any]:
        """Every citation in the text (《title》 or 文号), normalised, and the Document it names or
        `unresolved`. Nothing is written."""
        return citations.check(store, body.text)

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
            raise errors.invalid(str(exc)) from None
        return {"query": query.name, "columns": list(query.columns), "rows": rows}

    return app


def app_from_env() -> FastAPI:
    """Entry point for `uvicorn api.app:app_from_env --factory` (the Docker image uses it)."""
    return create_app()
