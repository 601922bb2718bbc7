#!/usr/bin/env python3
"""Benchmark: the named queries on an embedded store an ingest built (not the replicated graph
benchmarks/paged_queries.py generates), direct and through the HTTP API. A script, not a test:

    policykg ingest /tmp/pk-100k --store /tmp/pk-store --workers 2
    python benchmarks/ingested_queries.py /tmp/pk-store --samples 200
    policykg neo4j-import /tmp/pk-100k --data /tmp/pk-neo4j --workers 2       # optional: the same texts in Neo4j
    python benchmarks/ingested_queries.py /tmp/pk-store --samples 200 --neo4j-data /tmp/pk-neo4j

Targets are drawn at random (seeded) from the store: cited documents (asked for directly by their
文号, else their title, as a user would; through the API by id), initiatives that were adopted,
regions that were reported on. It prints the time to open the store and give a first answer,
then p50/p99 wall time per query over two passes direct and two through HTTP (pages of 50).
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import sqlite3
import sys
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import paged_queries as pq  # noqa: E402

from graph.stores.embedded import DB_FILE, EmbeddedStore  # noqa: E402
from queries import registry  # noqa: E402


def _targets(db: sqlite3.Connection, samples: int) -> dict[str, list[tuple[dict, str]]]:
    cited = sorted(c for c in db.execute(
        "SELECT DISTINCT n.id, coalesce(json_extract(n.props, '$.doc_number'), json_extract(n.props, '$.title')) "
        "FROM edges e JOIN nodes n ON n.nid = e.dst WHERE e.type = 'CITES' AND n.label = 'Document'") if c[1])
    adopted = sorted(r[0] for r in db.execute(
        "SELECT DISTINCT json_extract(n.props, '$.name') FROM edges e JOIN nodes n ON n.nid = e.dst WHERE e.type = 'ADOPTED'"))
    regions = sorted(r[0] for r in db.execute(
        "SELECT DISTINCT json_extract(n.props, '$.adcode') FROM edges e JOIN nodes n ON n.nid = e.dst WHERE e.type = 'REPORTS_ON'"))
    print(f"targets: {len(cited)} cited documents, {len(adopted)} adopted initiatives, {len(regions)} regions reported on")
    rng = random.Random(17)
    calls: dict[str, list[tuple[dict, str]]] = {k: [] for k in ("citing-regions", "adopters", "region", "lineage")}
    for _ in range(samples):
        doc, ref = rng.choice(cited)
        calls["citing-regions"].append(({"doc": ref, "limit": "50"}, f"/documents/{quote(doc, safe=':')}/citing-regions?limit=50"))
        name = rng.choice(adopted)
        calls["adopters"].append(({"initiative": name, "limit": "50"}, f"/initiatives/{quote(name)}/adopters?limit=50"))
        adcode = rng.choice(regions)
        calls["region"].append(({"region": adcode, "limit": "50"}, f"/regions/{adcode}?limit=50"))
        doc, ref = rng.choice(cited)
        calls["lineage"].append(({"doc": ref, "limit": "50"}, f"/documents/{quote(doc, safe=':')}/lineage?depth=4"))
    return calls


def _direct(store, calls: dict[str, list[tuple[dict, str]]], setup: str) -> None:
    for rnd in ("first pass", "second pass"):
        for name, todo in calls.items():
            times, rows = [], 0
            for params, _ in todo:
                t = time.perf_counter()
                rows += len(registry.run(store, name, params))
                times.append(time.perf_counter() - t)
            p50, p99 = pq._percentiles(times)
            print(f"{setup} direct, {rnd}: {name:15s} p50 {p50:7.1f}  p99 {p99:7.1f} ms  slowest {1000 * max(times):7.1f}  "
                  f"rows {rows / len(todo):.1f}  load {os.getloadavg()[0]:.1f}", flush=True)


def _http(env: dict[str, str], calls: dict[str, list[tuple[dict, str]]], port: int, setup: str, pids: list[int]) -> None:
    """Two passes, as direct: the first is the first time the server meets these paths (a Neo4j
    plans each query text once, and reads their pages into its cache), the second is steady state."""
    api = pq.serve(env, port)
    paths = {k: [{"path": p} for _, p in v] for k, v in calls.items()}
    try:
        for rnd in ("first pass", "second pass"):
            for name, r in pq.over_http(f"http://127.0.0.1:{port}", paths, [api.pid, *pids]).items():
                print(f"{setup} HTTP, {rnd}: {name:15s} p50 {r['p50']:7.1f}  p99 {r['p99']:7.1f} ms  statuses {r['statuses']}  "
                      f"{r['kb']:.1f} KB  load {r['load']:.1f}", flush=True)
    finally:
        api.terminate()
        api.wait()


def _page_cache(data: Path) -> str:
    """Neo4j's advice: a page cache that holds the whole store (its files, not the transaction logs)."""
    store = sum(f.stat().st_size for f in (data / "data" / "databases").rglob("*") if f.is_file())
    return f"{max(1, -(-store * 11 // 10 // 2**30))}g"


def _neo4j(args, calls: dict[str, list[tuple[dict, str]]]) -> None:
    """The same calls on a local Neo4j holding the same corpus (`policykg neo4j-import`)."""
    from graph import neo4j_local
    from graph.stores.neo4j import Neo4jStore

    page_cache = args.page_cache or _page_cache(args.neo4j_data)
    print(f"Neo4j: heap 1g, page cache {page_cache}")
    info = neo4j_local.start(args.neo4j_data, port=args.bolt_port, http_port=args.http_port, heap="1g", page_cache=page_cache)
    try:
        store = Neo4jStore(info.bolt_uri)
        _direct(store, calls, "Neo4j")
        store.close()
        _http({"NEO4J_URI": info.bolt_uri}, calls, args.api_port, "Neo4j", pq._java_pid(info.pid))
    finally:
        neo4j_local.stop(args.neo4j_data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--api-port", type=int, default=18011)
    ap.add_argument("--neo4j-data", type=Path, help="also on a local Neo4j: the --data folder `policykg neo4j-import` "
                                                    "filled from the same texts")
    ap.add_argument("--page-cache", help="Neo4j's page cache (default: the size of its store, plus a tenth)")
    ap.add_argument("--bolt-port", type=int, default=17697)
    ap.add_argument("--http-port", type=int, default=17484)
    args = ap.parse_args()
    db = sqlite3.connect(f"file:{args.store / DB_FILE}?mode=ro", uri=True)
    first = db.execute("SELECT json_extract(props, '$.name') FROM nodes WHERE label = 'Initiative' LIMIT 1").fetchone()[0]
    registry.get("adopters").bind({"initiative": first})  # loads the gazetteer the parameters need: not the store's opening
    t = time.perf_counter()
    store = EmbeddedStore(args.store)
    opened = time.perf_counter() - t
    registry.run(store, "adopters", {"initiative": first, "limit": "50"})
    answered = time.perf_counter() - t
    documents = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    print(f"{documents:,} documents; open {opened * 1000:.1f} ms, open and a first answer {answered:.3f} s")
    calls = _targets(db, args.samples)
    gc.collect()
    gc.freeze()  # the targets are not what is timed
    _direct(store, calls, "embedded")
    store.close()
    _http({"POLICYKG_STORE": str(args.store)}, calls, args.api_port, "embedded", [])
    if args.neo4j_data:
        _neo4j(args, calls)
    return 0


if __name__ == "__main__":
    sys.exit(main())
