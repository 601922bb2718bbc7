"""Shared fixtures: the seed corpus and the dev corpus, and an embedded store with the seeds ingested once per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.stores.embedded import EmbeddedStore
from ingest.pipeline import ingest_paths

REPO = Path(__file__).resolve().parents[1]


def seeds_dir() -> Path:
    path = Path(os.environ.get("POLICYKG_SEEDS", REPO.parent / "shared" / "seeds"))
    if not path.is_dir() or not any(path.glob("*.txt")):
        raise RuntimeError(f"seed corpus not found at {path}; set POLICYKG_SEEDS")
    return path


@pytest.fixture(scope="session")
def seeds() -> Path:
    return seeds_dir()


def dev_corpus_dir() -> Path:
    """The dev corpus: real policy texts (texts/) with gold read by hand (gold/, eval/)."""
    path = Path(os.environ.get("POLICYKG_DEV_CORPUS", REPO.parent / "shared" / "dev-corpus"))
    if not (path / "texts").is_dir() or not any((path / "gold").glob("*.json")):
        raise RuntimeError(f"dev corpus not found at {path}; set POLICYKG_DEV_CORPUS")
    return path


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    return dev_corpus_dir()


@pytest.fixture(scope="session")
def dev_store(tmp_path_factory, dev_corpus) -> EmbeddedStore:
    """The dev corpus ingested once into an embedded store."""
    store = EmbeddedStore(tmp_path_factory.mktemp("dev"))
    summary = ingest_paths(store, [dev_corpus / "texts"])
    assert summary.rejected == [], summary.rejected
    store.flush()
    return store


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, seeds) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("embedded"))
    summary = ingest_paths(store, [seeds])
    assert summary.rejected == [], summary.rejected
    store.flush()
    return store


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """A real Neo4j, built from Maven Central and started for this session; never skipped.

    NEO4J_TEST_URI points the suite at a server that is already running instead.
    """
    from graph import neo4j_local

    if os.environ.get("NEO4J_TEST_URI"):
        yield os.environ["NEO4J_TEST_URI"]
        return
    data = tmp_path_factory.mktemp("neo4j-session")
    info = neo4j_local.start(data, port=free_port(), http_port=free_port())
    try:
        yield info
    finally:
        neo4j_local.stop(data)


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_server) -> str:
    return neo4j_server if isinstance(neo4j_server, str) else neo4j_server.bolt_uri


@pytest.fixture(scope="session")
def _neo4j_store(neo4j_uri):
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_uri)
    store.clear()
    yield store
    store.close()


@pytest.fixture()
def neo4j_seeded(_neo4j_store, seeds):
    """The seeds in Neo4j, ingested the same way as into the embedded store. Re-ingesting is
    idempotent, so this costs a hash check per file unless another test cleared the database."""
    summary = ingest_paths(_neo4j_store, [seeds])
    assert summary.rejected == [], summary.rejected
    return _neo4j_store
