#!/usr/bin/env python3
"""Benchmark: the embedded store (SQLite, WAL) at 10k and 100k documents.

The seed reports and the dev corpus are extracted once (cached in the work folder) and
replicated to N documents. Copy i lives in "world" w = i mod W (W = N / 250): its report, its
Observations and their provenance are its own (suffix ~i); the regions, agencies, schools and
cited documents it mentions are its world's (suffix #w, ids and doc_number/title_key alike), so
every cited document has ~250 copies' worth of citers and every region ~250 copies' reports, as
when many counties cite one provincial notice; initiatives and indicators stay shared by all.
World 0 keeps the ids and 文号 as extracted, so the API (which looks regions up in the gazetteer)
can be asked about its regions.

Per size, each phase in its own process (so peak RSS is that phase's):
  build   write the N documents with `write_many`, 64 per transaction; wall time, edges/s, RSS
  open    a fresh process: construct the store and answer one query (and the same from `python -c`)
  query   p50/p99 over --samples calls per named query with targets drawn across worlds
Prints a table. A script, not a test:

    python benchmarks/embedded_store.py --docs 10000 100000 --dir /tmp/pkg-bench [--reuse]

With --reuse a complete store of that size already in --dir (its build figures in built.json) is
kept and its build figures reported again; benchmarks/paged_queries.py builds through here too.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from graph.types import Edge, GraphBatch, Node, Provenance  # noqa: E402

GROUP = 64
COPIES_PER_WORLD = 250
SHARED_LABELS = {"Initiative", "Indicator"}
WORLD_PROPS = ("doc_number", "title_key", "adcode")  # a region of world w answers to its own adcode
BUILT = "built.json"  # the build's figures, written once the store is complete


def base_batches(work: Path, sources: list[Path]) -> list[GraphBatch]:
    cache = work / "base.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from ingest.extract import extract
    from ingest.reader import iter_sources, read_source

    out = []
    for path in iter_sources(sources):
        source = read_source(path)
        out.append(extract(source.text, str(path.resolve()), source.content_hash))
    work.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def worlds(n: int) -> int:
    return max(1, n // COPIES_PER_WORLD)


def relabel(batch: GraphBatch, i: int, w: int) -> GraphBatch:
    own = {batch.doc_id} | {n.id for n in batch.nodes.values() if n.label == "Observation"}

    world = f"#{w}" if w else ""  # world 0 keeps the real ids, so the API can name its regions and 文号

    def new_id(node: Node) -> str:
        if node.id in own:
            return f"{node.id}~{i}"
        return node.id if node.label in SHARED_LABELS else f"{node.id}{world}"

    ids = {n.id: new_id(n) for n in batch.nodes.values()}
    doc_id = ids[batch.doc_id]
    out = GraphBatch(doc_id=doc_id)
    for node in batch.nodes.values():
        props = dict(node.props)
        suffix = f"~{i}" if node.id in own else world
        if node.label not in SHARED_LABELS:
            for p in WORLD_PROPS:
                if props.get(p) is not None:
                    props[p] = f"{props[p]}{suffix}"
        if props.get("source_path"):
            props["source_path"] = f"{props['source_path']}~{i}"
        if props.get("doc_id"):
            props["doc_id"] = doc_id
        out.nodes[ids[node.id]] = Node(node.label, ids[node.id], props)
    for edge in batch.edges.values():
        p = edge.provenance
        prov = None if p is None else Provenance(doc_id, p.start, p.end, p.sentence)
        copy = Edge(edge.type, ids[edge.source], ids[edge.target], prov, dict(edge.props))
        out.edges[copy.key] = copy
    return out


def generate(base: list[GraphBatch], n: int):
    w = worlds(n)
    for i in range(n):
        yield relabel(base[i % len(base)], i, i % w)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def phase_build(args) -> dict:
    from graph.stores.embedded import EmbeddedStore

    base = base_batches(Path(args.dir), args.sources)
    store_dir = Path(args.dir) / f"store-{args.n}"
    built = store_dir / BUILT
    if args.reuse and built.exists():
        return json.loads(built.read_text())
    shutil.rmtree(store_dir, ignore_errors=True)
    store = EmbeddedStore(store_dir)
    edges = nodes = 0
    started, cpu = time.perf_counter(), cpu_s()
    group: list[GraphBatch] = []
    for batch in generate(base, args.n):
        group.append(batch)
        if len(group) == GROUP:
            r = store.write_many(group)
            edges, nodes, group = edges + r.edges_added, nodes + r.nodes_added, []
    if group:
        r = store.write_many(group)
        edges, nodes = edges + r.edges_added, nodes + r.nodes_added
    store.close()
    seconds, cpu = time.perf_counter() - started, cpu_s() - cpu
    size = sum(p.stat().st_size for p in store_dir.iterdir())
    figures = {"seconds": seconds, "cpu_s": cpu, "nodes": nodes, "edges": edges, "edges_per_s": edges / seconds,
               "docs_per_s": args.n / seconds, "file_mb": size / 2**20, "rss_mb": rss_mb(), "load": os.getloadavg()[0]}
    built.write_text(json.dumps(figures))  # written last: its presence means the store is complete
    return figures


def built_store(work: Path, sources: list[Path], n: int) -> Path:
    """The store of `n` generated documents in `work`, built (in a child process) unless a
    complete one is there already."""
    args = argparse.Namespace(dir=str(work), sources=sources, samples=0, reuse=True)
    run_phase("build", args, n)
    return work / f"store-{n}"


def _targets(base: list[GraphBatch], n: int, samples: int) -> dict[str, list[dict]]:
    """Query arguments (already prepared, as the twins take them) drawn across the worlds."""
    rng = random.Random(17)
    w = worlds(n)
    at = lambda key, world: f"{key}#{world}" if world else key  # noqa: E731
    cited, lineage_docs, regions, initiatives = set(), set(), set(), set()
    for b in base:
        for e in b.edges.values():
            tgt = b.nodes[e.target]
            if e.type == "CITES" and tgt.props.get("doc_number") and tgt.id != b.doc_id:
                cited.add(tgt.props["doc_number"])
            if e.type in ("CITES", "FORWARDS", "IMPLEMENTS", "SUPERSEDES") and tgt.props.get("doc_number"):
                lineage_docs.add(tgt.props["doc_number"])
            if e.type == "REPORTS_ON":
                regions.add(tgt.id.split(":", 1)[1])
            if e.type == "ADOPTED":
                initiatives.add(tgt.props["name"])
    pick = lambda pool: sorted(pool)[rng.randrange(len(pool))]  # noqa: E731
    return {
        "citing-regions": [{"number": at(pick(cited), rng.randrange(w)), "title": None} for _ in range(samples)],
        "adopters": [{"initiative": pick(initiatives)} for _ in range(samples)],
        "region": [{"adcode": at(pick(regions), rng.randrange(w))} for _ in range(samples)],
        "lineage": [{"number": at(pick(lineage_docs), rng.randrange(w)), "title": None, "direction": "both"}
                    for _ in range(samples)],
    }


def phase_query(args) -> dict:
    started = time.perf_counter()
    from graph.stores.embedded import EmbeddedStore
    from queries.registry import implementations

    imported = time.perf_counter()
    store = EmbeddedStore(Path(args.dir) / f"store-{args.n}")
    twins = implementations()
    base = base_batches(Path(args.dir), args.sources)
    targets = _targets(base, args.n, args.samples)
    first = time.perf_counter()
    with store.snapshot() as view:
        twins["citing-regions"](view, targets["citing-regions"][0])
    opened = time.perf_counter() - first
    out = {"open_s": opened, "import_s": imported - started, "queries": {}}
    load = os.getloadavg()[0]
    for name, calls in targets.items():
        times, cpu, rows = [], [], 0
        for params in calls:
            t, c = time.perf_counter(), time.process_time()
            with store.snapshot() as view:
                rows += len(twins[name](view, params))
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        times.sort()
        cpu.sort()
        p99 = max(0, int(len(times) * 0.99) - 1)
        out["queries"][name] = {"p50_ms": 1000 * times[len(times) // 2], "p99_ms": 1000 * times[p99],
                                "cpu_p50_ms": 1000 * cpu[len(cpu) // 2], "cpu_p99_ms": 1000 * cpu[p99],
                                "max_ms": 1000 * times[-1], "rows_mean": rows / len(calls)}
    out["rss_mb"] = rss_mb()
    out["load"] = (load, os.getloadavg()[0])
    store.close()
    return out


def run_phase(phase: str, args, n: int) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--n", str(n), "--dir", str(args.dir), "--samples", str(args.samples),
           "--sources", *map(str, args.sources)] + (["--reuse"] if args.reuse else [])
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{phase} at {n} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold_open(args, n: int) -> float:
    """Wall time of `python -c` that imports the store, opens it and answers counts of one label."""
    code = ("import sys,time; t=time.perf_counter(); sys.path.insert(0, %r); from graph.stores.embedded import EmbeddedStore; "
            "s=EmbeddedStore(%r); s.find('Region','adcode','x'); print(time.perf_counter()-t)") % (str(REPO), str(Path(args.dir) / f"store-{n}"))
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--dir", default="/tmp/policykg-embedded-bench")
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--sources", type=Path, nargs="+",
                    default=[REPO.parent / "shared" / "seeds", REPO.parent / "shared" / "dev-corpus" / "texts"])
    ap.add_argument("--reuse", action="store_true", help="keep a complete store of that size already in --dir")
    ap.add_argument("--phase", choices=["build", "query"], help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.phase:
        print(json.dumps((phase_build if args.phase == "build" else phase_query)(args)))
        return 0
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    base = base_batches(Path(args.dir), args.sources)
    print(f"base: {len(base)} extracted documents, {sum(len(b.edges) for b in base)} edges; "
          f"{COPIES_PER_WORLD} copies per world; SQLite {__import__('sqlite3').sqlite_version}", flush=True)
    for n in args.docs:
        b = run_phase("build", args, n)
        q = run_phase("query", args, n)
        cold = cold_open(args, n)
        print(f"\n## {n:,} documents: {b['nodes']:,} nodes, {b['edges']:,} edges", flush=True)
        print(f"build: {b['seconds']:.0f} s wall, {b['cpu_s']:.0f} s CPU ({b['docs_per_s']:.0f} docs/s, {b['edges_per_s']:,.0f} edges/s wall), "
              f"peak RSS {b['rss_mb']:.0f} MB; file {b['file_mb']:.0f} MB")
        print(f"open: first answer {1000 * q['open_s']:.1f} ms after constructing the store; "
              f"cold `python -c` import+open+find {cold:.2f} s; query process peak RSS {q['rss_mb']:.0f} MB; "
              f"1-min load average {q['load'][0]:.1f} -> {q['load'][1]:.1f} on {os.cpu_count()} cores")
        print("| query | wall p50 ms | wall p99 ms | CPU p50 ms | CPU p99 ms | rows (mean) |\n|---|---|---|---|---|---|")
        for name, r in q["queries"].items():
            print(f"| {name} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['cpu_p50_ms']:.1f} | {r['cpu_p99_ms']:.1f} | {r['rows_mean']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
