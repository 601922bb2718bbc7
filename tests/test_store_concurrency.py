"""A store shared by real processes: two ingests at once, an API running while an ingest lands, and
`kill -9` in the middle of a long ingest. Each on the embedded store and on a real Neo4j."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, free_port
from graph.store import open_store
from ingest.pipeline import ingest_paths

DEV_TEXTS = Path(os.environ.get("POLICYKG_DEV_CORPUS", REPO.parent / "shared" / "dev-corpus")) / "texts"


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request, tmp_path):
    """(environment for a `policykg` process, function opening the same store here)."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    if request.param == "embedded":
        env["POLICYKG_STORE"] = str(tmp_path / "store")
        yield env, lambda: open_store(tmp_path / "store")
        return
    store = request.getfixturevalue("_neo4j_store")
    uri = request.getfixturevalue("neo4j_uri")
    store.clear()
    env["NEO4J_URI"] = uri
    yield env, lambda: open_store(neo4j_uri=uri)
    store.clear()  # the parity tests expect the seeds alone


def policykg(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "api.cli", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def corpus(dest: Path, files: list[Path]) -> Path:
    dest.mkdir(parents=True)
    for f in files:
        shutil.copy(f, dest / f.name)
    return dest


def ingested(store, folder: Path) -> dict[str, str]:
    """source path -> document id, for each file of the folder found in the store."""
    out = {}
    for f in sorted(folder.glob("*.txt")):
        found = store.document_for_source(str(f.resolve()))
        if found:
            out[str(f.resolve())] = found[0]
    return out


def facts_by_document(store, doc_ids) -> dict[str, set]:
    """What was read from each document: (type, start, end, sentence) of its edges, whatever they point to."""
    out: dict[str, set] = {d: set() for d in doc_ids}
    for e in store.dump().edges:
        p = e["properties"]
        if p.get("doc_id") in out:
            out[p["doc_id"]].add((e["type"], p["start"], p["end"], p["sentence"]))
    return out


def test_two_ingests_at_once_keep_both_documents(backend, tmp_path, seeds):
    env, open_here = backend
    first = corpus(tmp_path / "a", sorted(seeds.glob("*.txt")))
    second = corpus(tmp_path / "b", sorted(DEV_TEXTS.glob("*.txt"))[:8])
    procs = [policykg(env, "ingest", str(first)), policykg(env, "ingest", str(second))]
    outcomes = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outcomes):
        # Waiting for the other writer is expected; if it ever gave up, it must say so, never succeed silently.
        assert proc.returncode == 0 or "another writer holds the store" in err, (out, err)
    assert all(p.returncode == 0 for p in procs), outcomes
    store = open_here()
    try:
        assert len(ingested(store, first)) == 5
        assert len(ingested(store, second)) == 8
        docs = {**ingested(store, first), **ingested(store, second)}
        assert all(facts_by_document(store, docs.values()).values()), "every document keeps its facts"
    finally:
        store.close()


def _query(port: int, name: str, **args) -> list[dict]:
    url = f"http://127.0.0.1:{port}/queries/{name}?{urllib.parse.urlencode(args)}"
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())["rows"]


def _wait_for_health(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the API did not come up")


def test_a_running_api_answers_with_a_document_ingested_after_it_started(backend, tmp_path, seeds):
    env, _ = backend
    before = corpus(tmp_path / "before", [seeds / "000_9fd6141abc141271.txt"])
    later = corpus(tmp_path / "later", [seeds / "003_44c63be4e2eb7023.txt"])
    out, err = policykg(env, "ingest", str(before)).communicate(timeout=300)
    assert "documents read: 1" in out, err
    port = free_port()
    server = policykg(env, "serve", "--port", str(port))
    try:
        _wait_for_health(port, server)
        assert _query(port, "citing-regions", doc="津教督导室(2021)40号") == []
        assert _query(port, "adopters", initiative="嵌入式幼儿园"), "the first document is served"
        out, err = policykg(env, "ingest", str(later)).communicate(timeout=300)
        assert "documents read: 1" in out, err
        rows = _query(port, "citing-regions", doc="津教督导室(2021)40号")
        assert [r["region"] for r in rows] == ["东丽区"]
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_kill_9_mid_ingest_keeps_committed_groups_and_leaves_no_temp_files(backend, tmp_path, seeds):
    env, open_here = backend
    files = sorted(DEV_TEXTS.glob("*.txt")) + sorted(seeds.glob("*.txt"))
    folder = corpus(tmp_path / "long", files)
    proc = policykg({**env, "POLICYKG_WRITE_GROUP": "2"}, "ingest", str(folder))
    watcher = open_here()
    try:
        deadline = time.monotonic() + 240
        while len(ingested(watcher, folder)) < 4:
            assert proc.poll() is None, ("the ingest ended before it could be killed", proc.communicate())
            assert time.monotonic() < deadline, "no group committed in time"
            time.sleep(0.05)
        seen = len(ingested(watcher, folder))
    finally:
        watcher.close()
    assert proc.poll() is None, "the ingest must still be running when it is killed"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)

    store = open_here()
    try:
        present = ingested(store, folder)
        assert seen <= len(present) < len(files)
        kept = facts_by_document(store, present.values())
    finally:
        store.close()
    if env.get("POLICYKG_STORE"):
        left = sorted(p.name for p in Path(env["POLICYKG_STORE"]).iterdir())
        assert left == ["graph.sqlite", "writer.lock"], left
    # Every document that is there is there whole: the same facts as reading those files afresh.
    reference = open_store(tmp_path / "reference")
    try:
        ingest_paths(reference, [Path(p) for p in present])
        expected = facts_by_document(reference, present.values())
    finally:
        reference.close()
    assert kept == expected
