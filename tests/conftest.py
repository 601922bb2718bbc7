"""Shared fixtures: the seed corpus, and an embedded store with the seeds ingested once per session."""
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


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, seeds) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("embedded"))
    summary = ingest_paths(store, [seeds])
    assert summary.rejected == [], summary.rejected
    store.flush()
    return store
