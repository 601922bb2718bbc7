"""A small run of the loopback load test (benchmarks/load_test.py): 10 clients, 200 requests, an
ingest landing mid-run. Every request gets an HTTP answer and none is a 5xx; latency is printed
by the benchmark, never asserted."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _load_test_module():
    spec = importlib.util.spec_from_file_location("load_test", REPO / "benchmarks" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_test"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_concurrent_clients_with_an_ingest_mid_run_get_no_errors(seeds, tmp_path):
    load_test = _load_test_module()
    mid_run = sorted((REPO.parent / "shared" / "dev-corpus" / "texts").glob("*.txt"))[:2]
    assert mid_run
    result = load_test.run_load(clients=10, requests=200, seeds=seeds, mid_run=mid_run, store_dir=tmp_path / "store")
    print("\n".join(result.lines()))
    assert result.errors == []
    assert result.server_errors == 0
    assert sum(result.statuses.values()) == 200 and set(result.statuses) == {200}
    assert result.ingest_exit == 0 and result.ingest_window is not None
