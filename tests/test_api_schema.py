"""The OpenAPI schema fuzzed by schemathesis against the app with the seeds ingested: no request,
however odd, gets a 5xx, and every answer matches the response model the schema states."""
import tempfile
from functools import lru_cache
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api.app import create_app
from conftest import seeds_dir
from graph.stores.embedded import EmbeddedStore
from ingest.pipeline import ingest_paths


@lru_cache(maxsize=1)
def seeded() -> EmbeddedStore:
    """The seeds in a store of their own, ingested on the first request (the schema loads without it)."""
    store = EmbeddedStore(Path(tempfile.mkdtemp(prefix="policykg-schemathesis-")))
    assert ingest_paths(store, [seeds_dir()]).rejected == []
    return store


schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(seeded, cypher_enabled=False))


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_responses_match_the_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
