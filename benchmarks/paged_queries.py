#!/usr/bin/env python3
"""Benchmark: the named queries at N generated documents, paged, on the embedded store and on Neo4j,
each direct and through the HTTP API. A script, not a test:

    python benchmarks/paged_queries.py --n 100000 --dir /tmp/pkg-bench --neo4j-data /tmp/pkg-bench-neo4j

The graph is the one benchmarks/embedded_store.py generates (its docstring says how); the embedded
store is built there once and reused from --dir. Neo4j gets the same replicated batches through the
offline import (graph/neo4j_import.py) into its own data folder, on the ports given, also reused
when it is complete. Per query and setup it prints p50/p99 wall time over --samples calls and CPU
time: p50 / p99 per call for the direct embedded calls (this process), and the mean per call of the
servers for the others (Neo4j's JVM, and the API process when through HTTP), read from /proc. The
1-minute load average is printed beside each line; results also go to <dir>/paged-<n>.json.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
for path in (REPO, REPO / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import embedded_store as gen  # noqa: E402

PAGE = 50


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return 1000 * times[len(times) // 2], 1000 * times[max(0, int(len(times) * 0.99) - 1)]


def targets(base, n: int, samples: int) -> dict[str, list[dict]]:
    """Prepared parameters (as the twins and the Cypher take them) and the API path for each call.
    Regions asked for through the API are world 0's, whose adcodes are real ones."""
    rng = random.Random(17)
    w = gen.worlds(n)
    at = lambda key, world: f"{key}#{world}" if world else key  # noqa: E731
    cited, regions, initiatives = {}, set(), set()
    for b in base:
        for e in b.edges.values():
            tgt = b.nodes[e.target]
            if e.type == "CITES" and tgt.props.get("doc_number") and tgt.id != b.doc_id:
                cited[tgt.props["doc_number"]] = tgt.id
            if e.type == "REPORTS_ON":
                regions.add(tgt.id.split(":", 1)[1])
            if e.type == "ADOPTED":
                initiatives.add(tgt.props["name"])
    pick = lambda pool: sorted(pool)[rng.randrange(len(pool))]  # noqa: E731
    out: dict[str, list[dict]] = {name: [] for name in ("citing-regions", "adopters", "region", "lineage")}
    for _ in range(samples):
        number, world = pick(cited), rng.randrange(w)
        doc = quote(at(cited[number], world), safe=":")
        out["citing-regions"].append({"params": {"number": at(number, world), "title": None},
                                      "path": f"/documents/{doc}/citing-regions?level=province&limit={PAGE}"})
        initiative = pick(initiatives)
        out["adopters"].append({"params": {"initiative": initiative},
                                "path": f"/initiatives/{quote(initiative)}/adopters?limit={PAGE}"})
        region = pick(regions)
        out["region"].append({"params": {"adcode": at(region, rng.randrange(w))}, "path": f"/regions/{region}"})
        number, world = pick(cited), rng.randrange(w)
        out["lineage"].append({"params": {"number": at(number, world), "title": None, "direction": "both"},
                               "path": f"/documents/{quote(at(cited[number], world), safe=':')}/lineage?depth=4"})
    return out


def _paged(name: str, params: dict, skip: int = 0) -> dict:
    from queries.registry import get

    return {**params, "limit": PAGE, "skip": skip} if "limit" in {p.name for p in get(name).params} else params


def direct(store, calls: dict[str, list[dict]], server_pids: list[int] = ()) -> dict[str, dict]:
    """Each call's wall and CPU time; with server_pids (Neo4j), CPU is the server's mean per call."""
    from queries.registry import get, implementations

    out = {}
    for name, todo in calls.items():
        times, cpu, rows = [], [], 0
        server = sum(_cpu_seconds(p) for p in server_pids)
        for call in todo:
            params = _paged(name, call["params"])
            t, c = time.perf_counter(), time.process_time()
            if store.kind == "embedded":
                with store.snapshot() as view:
                    rows += len(implementations()[name](view, params))
            else:
                rows += len(store.cypher(get(name).cypher, params))
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        p50, p99 = _percentiles(times)
        c50, c99 = _percentiles(cpu)
        spent = sum(_cpu_seconds(p) for p in server_pids) - server
        out[name] = {"p50": p50, "p99": p99, "rows": rows / len(todo), "load": os.getloadavg()[0],
                     "cpu": f"{1000 * spent / len(todo):.1f} mean" if server_pids else f"{c50:.1f} / {c99:.1f}"}
    return out


def over_http(url: str, calls: dict[str, list[dict]], server_pids: list[int]) -> dict[str, dict]:
    out = {}
    with httpx.Client(base_url=url, timeout=120) as client:
        client.get("/initiatives?limit=1").raise_for_status()  # opens the store: not timed
        for name, todo in calls.items():
            times, statuses, size = [], {}, 0
            cpu = [_cpu_seconds(p) for p in server_pids]
            for call in todo:
                t = time.perf_counter()
                r = client.get(call["path"])
                times.append(time.perf_counter() - t)
                statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                size += len(r.content)
            spent = sum(_cpu_seconds(p) for p in server_pids) - sum(cpu)
            p50, p99 = _percentiles(times)
            out[name] = {"p50": p50, "p99": p99, "cpu": f"{1000 * spent / len(todo):.1f} mean", "statuses": statuses,
                         "kb": size / len(todo) / 1024, "load": os.getloadavg()[0]}
    return out


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen([str(Path(sys.executable).parent / "policykg"), "serve", "--port", str(port)],
                            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the API did not start: {proc.stderr.read().decode()[-2000:]}")


def neo4j_loaded(args, base) -> tuple[object, dict]:
    """A local Neo4j holding the same generated graph, imported offline once into --neo4j-data."""
    from graph import neo4j_local
    from graph.neo4j_import import import_database, write_csv

    data = Path(args.neo4j_data)
    done, figures = data / "imported.json", {}
    if not done.exists():
        csv_dir = Path(args.dir) / f"csv-{args.n}"
        t, c = time.perf_counter(), gen.cpu_s()
        files = write_csv(gen.generate(base, args.n), csv_dir)
        figures["csv_s"], figures["csv_cpu_s"] = time.perf_counter() - t, gen.cpu_s() - c
        figures["import_s"] = import_database(files, data, overwrite=True)
        figures["rows"] = (files.node_rows, files.relationship_rows)
    info = neo4j_local.start(data, port=args.bolt_port, http_port=args.http_port, heap="1g", page_cache="2g")
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore(info.bolt_uri)
    if not done.exists():
        t = time.perf_counter()
        try:
            store.ensure_schema()
        except Exception:  # noqa: BLE001  indexes over 9 M relationships outlast ensure_schema's 120 s wait
            pass
        store.cypher("CALL db.awaitIndexes(3600)", {})
        store._ready = True
        figures["schema_s"] = time.perf_counter() - t
        figures["load"] = os.getloadavg()[0]
        shutil_rm(Path(args.dir) / f"csv-{args.n}")
        done.write_text(json.dumps(figures))
    return store, {**json.loads(done.read_text()), "pid": info.pid}


def shutil_rm(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _java_pid(launcher_pid: int) -> list[int]:
    """The launcher's process and its children (the JVM runs in the launcher here)."""
    out = [launcher_pid]
    children = Path(f"/proc/{launcher_pid}/task/{launcher_pid}/children")
    if children.exists():
        out += [int(p) for p in children.read_text().split()]
    return out


def table(results: dict[str, dict[str, dict]]) -> str:
    lines = ["| query | setup | p50 ms | p99 ms | CPU ms | rows / KB per answer | load (1 min) |", "|---|---|---|---|---|---|---|"]
    for name in ("citing-regions", "adopters", "region", "lineage"):
        for setup, found in results.items():
            r = found.get(name)
            if r is None:
                continue
            size = f"{r['rows']:.1f} rows" if "rows" in r else f"{r['kb']:.1f} KB {r['statuses']}"
            lines.append(f"| {name} | {setup} | {r['p50']:.1f} | {r['p99']:.1f} | {r['cpu']} | {size} | {r['load']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dir", default="/tmp/policykg-embedded-bench")
    ap.add_argument("--neo4j-data", default=None, help="a data folder of your own for the local Neo4j (none: skip Neo4j)")
    ap.add_argument("--bolt-port", type=int, default=17687)
    ap.add_argument("--http-port", type=int, default=17474)
    ap.add_argument("--api-port", type=int, default=18000)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--skip-embedded", action="store_true", help="only Neo4j")
    ap.add_argument("--sources", type=Path, nargs="+",
                    default=[REPO.parent / "shared" / "seeds", REPO.parent / "shared" / "dev-corpus" / "texts"])
    args = ap.parse_args(argv)
    from graph.stores.embedded import EmbeddedStore

    work = Path(args.dir)
    base = gen.base_batches(work, args.sources)
    store_dir = gen.built_store(work, args.sources, args.n)
    build = json.loads((store_dir / gen.BUILT).read_text())
    print(f"{args.n:,} documents: {build['nodes']:,} nodes, {build['edges']:,} edges; embedded build "
          f"{build['seconds']:.0f} s wall, {build['cpu_s']:.0f} s CPU; pages of {PAGE}; {os.cpu_count()} cores", flush=True)
    calls = targets(base, args.n, args.samples)
    # The generated fixtures (hundreds of MB of objects) are not what is timed: without this the
    # collector's full passes over them land inside query timings, as ~20 ms spikes.
    gc.collect()
    gc.freeze()
    results: dict[str, dict[str, dict]] = {}
    if not args.skip_embedded:
        store = EmbeddedStore(store_dir)
        results["embedded, direct"] = direct(store, calls)
        store.close()
        api = serve({"POLICYKG_STORE": str(store_dir)}, args.api_port)
        try:
            results["embedded, HTTP"] = over_http(f"http://127.0.0.1:{args.api_port}", calls, [api.pid])
        finally:
            api.terminate()
            api.wait()
        print(table(results), flush=True)
    if args.neo4j_data:
        neo, loaded = neo4j_loaded(args, base)
        print(f"Neo4j: {json.dumps({k: v for k, v in loaded.items() if k != 'pid'})}", flush=True)
        results["Neo4j, direct"] = direct(neo, calls, _java_pid(loaded["pid"]))
        api = serve({"NEO4J_URI": neo.uri}, args.api_port)
        try:
            results["Neo4j, HTTP"] = over_http(f"http://127.0.0.1:{args.api_port}", calls,
                                               [api.pid, *_java_pid(loaded["pid"])])
        finally:
            api.terminate()
            api.wait()
            neo.close()
        print(table(results), flush=True)
    (work / f"paged-{args.n}{'-neo4j' if args.skip_embedded else ''}.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
