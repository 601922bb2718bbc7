"""Faults on a real Neo4j: a server that is down gives StoreUnavailable naming the URI within
seconds; a server killed mid-ingest leaves only whole documents, and a re-run completes the
corpus; a short outage during a write is ridden out by the driver's retries."""
import os
import shutil
import signal
import threading
import time

import pytest

from api.cli import main
from graph import neo4j_local
from graph.store import StoreUnavailable
from graph.stores.embedded import EmbeddedStore
from graph.stores.neo4j import Neo4jStore
from ingest import pipeline
from ingest.pipeline import extract_all, ingest_paths
from ingest.reader import iter_sources, read_source

from conftest import REPO, free_port

pytestmark = pytest.mark.neo4j

DEV_TEXTS = REPO.parent / "shared" / "dev-corpus" / "texts"


@pytest.fixture()
def own_server(tmp_path):
    """A server of this test's own, since the test stops it."""
    data = tmp_path / "neo4j"
    ports = (free_port(), free_port())
    info = neo4j_local.start(data, port=ports[0], http_port=ports[1])
    yield data, ports, info
    neo4j_local.stop(data)


@pytest.fixture()
def corpus(tmp_path, seeds):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for f in sorted(DEV_TEXTS.glob("*.txt"))[:20] + sorted(seeds.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    return folder


def test_a_down_server_is_reported_quickly_with_its_uri(tmp_path, seeds, capsys):
    uri = f"bolt://127.0.0.1:{free_port()}"
    store = Neo4jStore(uri)
    started = time.perf_counter()
    with pytest.raises(StoreUnavailable, match=uri):
        ingest_paths(store, [seeds])
    assert time.perf_counter() - started < 10
    store.close()
    started = time.perf_counter()
    assert main(["ingest", "--neo4j", uri, str(seeds)]) == 1
    assert time.perf_counter() - started < 10
    assert uri in capsys.readouterr().err


def _facts_per_document(store):
    rows = store.cypher(
        "MATCH (d:Document {ingested: true}) "
        "OPTIONAL MATCH ()-[r {doc_id: d.id}]->() RETURN d.id AS id, count(r) AS n", {}
    )
    return {r["id"]: r["n"] for r in rows}


def test_a_server_killed_mid_ingest_keeps_only_whole_documents_and_a_rerun_completes(
    own_server, corpus, tmp_path, monkeypatch
):
    data, (port, http_port), info = own_server
    expected = {}
    for _source, batch in extract_all([read_source(p) for p in iter_sources([corpus])]):
        expected[batch.doc_id] = sum(1 for e in batch.edges.values() if e.provenance is not None)
    monkeypatch.setattr(pipeline, "WRITE_GROUP", 3)  # several commits, so the kill lands between and within them
    store = Neo4jStore(info.bolt_uri, retry_seconds=1)
    killed = threading.Event()

    def kill_after_a_few(path):
        if not killed.is_set() and len(_facts_per_document(store)) >= 6:
            killed.set()
            os.kill(neo4j_local.status(data).pid, signal.SIGKILL)

    with pytest.raises(StoreUnavailable, match=info.bolt_uri):
        ingest_paths(store, [corpus], progress=kill_after_a_few)
    store.close()
    assert killed.is_set()

    info = neo4j_local.start(data, port=port, http_port=http_port)
    store = Neo4jStore(info.bolt_uri)
    after_crash = _facts_per_document(store)
    assert 6 <= len(after_crash) < len(expected)
    assert after_crash == {d: expected[d] for d in after_crash}  # every document whole
    summary = ingest_paths(store, [corpus])
    assert summary.rejected == [] and summary.unchanged == len(after_crash)
    assert _facts_per_document(store) == expected

    reference = EmbeddedStore(tmp_path / "reference")
    ingest_paths(reference, [corpus])
    assert store.counts() == reference.counts()
    store.close()


def test_a_short_outage_during_a_write_is_retried(own_server, seeds):
    data, (port, http_port), info = own_server
    batches = [b for _s, b in extract_all([read_source(p) for p in iter_sources([seeds])])]
    store = Neo4jStore(info.bolt_uri, retry_seconds=90)
    store.write_many(batches[:1])
    neo4j_local.stop(data)
    restarted = threading.Thread(target=neo4j_local.start, args=(data,), kwargs={"port": port, "http_port": http_port})
    started = time.perf_counter()
    restarted.start()
    result = store.write_many(batches[1:])  # fails until the server is back, then the driver retries it
    waited = time.perf_counter() - started
    restarted.join()
    print(f"write retried through a restart: done {waited:.1f} s after the server went down")
    assert result.edges_added > 0
    assert set(_facts_per_document(store)) == {b.doc_id for b in batches}
    store.close()
