"""Failures as HTTP answers: bad arguments 422, store down 503, over-long URLs 414 — never 500."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import DatabaseUnavailable, ServiceUnavailable, SessionExpired

from graph.store import StoreUnavailable
from queries.params import QueryArgumentError

MAX_URL_BYTES = 8192
UNAVAILABLE = (StoreUnavailable, ServiceUnavailable, SessionExpired, DatabaseUnavailable)


def invalid(message: str, *loc: str) -> RequestValidationError:
    """A 422 in the shape FastAPI's own validation errors have (the schema states that shape)."""
    return RequestValidationError([{"type": "value_error", "loc": list(loc or ("query",)), "msg": message}])


def install(app: FastAPI) -> None:
    @app.exception_handler(QueryArgumentError)
    async def bad_argument(request: Request, exc: QueryArgumentError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": invalid(str(exc)).errors()})

    for kind in UNAVAILABLE:
        app.add_exception_handler(kind, _unavailable)

    app.add_middleware(URLLengthLimit)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=503, headers={"Retry-After": "5"},
        content={"detail": f"the graph store cannot be reached: {exc}".strip()},
    )


class URLLengthLimit:
    """Answers 414 for a request target longer than MAX_URL_BYTES, before any routing."""

    def __init__(self, app, max_bytes: int = MAX_URL_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string") or b"")
            if size > self.max_bytes:
                response = JSONResponse(
                    status_code=414, content={"detail": f"URL of {size} bytes; the limit is {self.max_bytes}"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
