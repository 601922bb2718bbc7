"""POST /cypher: a researcher's own read-only Cypher on Neo4j; off unless POLICYKG_CYPHER=1."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from api import models
from api.deps import StoreDep
from queries.readonly import CypherInvalid, CypherNeedsNeo4j, CypherRefused, CypherTimedOut, run_read_only

router = APIRouter()


@router.post("/cypher", response_model=models.CypherResult, tags=["cypher"], responses={
    400: {"model": models.Problem, "description": "the database cannot plan the query, or the store is not Neo4j"},
    403: {"model": models.Problem, "description": "the query writes or administers, or /cypher is off"},
    408: {"model": models.Problem, "description": "the query ran past the timeout"},
})
def post_cypher(body: models.CypherRequest, request: Request, store: StoreDep) -> dict[str, Any]:
    """Read-only Cypher with parameters, in a READ transaction with a timeout and a row cap. The
    database decides what is read-only (EXPLAIN's query type and plan), not keywords."""
    if not request.app.state.cypher_enabled:
        raise HTTPException(status_code=403, detail="POST /cypher is off; start the server with POLICYKG_CYPHER=1")
    try:
        result = run_read_only(store, body.query, body.params)
    except CypherRefused as exc:
        raise HTTPException(status_code=403, detail=f"refused: {exc}") from None
    except (CypherInvalid, CypherNeedsNeo4j) as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    except CypherTimedOut as exc:
        raise HTTPException(status_code=408, detail=str(exc)) from None
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
