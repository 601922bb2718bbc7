"""Serving the app with uvicorn so that over-long request lines reach the app (and get 414)."""
from __future__ import annotations

import uvicorn
from fastapi import FastAPI

# h11 drops a request head larger than this with no HTTP answer the client can read (the unread
# bytes make the close a reset); the app's own limit (api/errors.py) answers 414 well below it.
MAX_REQUEST_HEAD_BYTES = 4 * 1024 * 1024


def config(app: FastAPI, host: str, port: int, **kwargs) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, http="h11", h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
                          **kwargs)


def serve(app: FastAPI, host: str, port: int, **kwargs) -> None:
    uvicorn.Server(config(app, host, port, **kwargs)).run()
