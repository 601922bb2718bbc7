#!/usr/bin/env python3
"""Benchmark: the store's write_many against a plain 1,000-row `UNWIND … MERGE` of the same rows,
in paired rounds on one local Neo4j, each write from an empty database.

The corpus is extracted once and cached (benchmarks/scale.py load_batches); the rounds only time
writes. Rounds alternate the order (store first, then plain first, …), each method is warmed up
on the first 100 documents before its timed write, a first paired round (--warmup) is shown but
not counted (the server's JIT is still compiling: both methods took 23-24 s of server CPU in it,
4-17 s later), and every write ends with the same counts and the same graph content (a digest
of every node and relationship with its properties) or the script exits 1. Prints one line per
write with wall time, CPU of this process and of the server, and the 1-minute load average, then
each round's ratio:

    python benchmarks/neo4j_write_pairs.py --corpus /tmp/wr-1k --rounds 6
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from neo4j_write import LocalServer, _table  # noqa: E402
from scale import load_batches, plain_unwind_merge  # noqa: E402

from graph.stores.neo4j import Neo4jStore  # noqa: E402
from graph.types import GraphBatch  # noqa: E402
from ingest.pipeline import WRITE_GROUP, WRITE_ROWS, write_groups  # noqa: E402


def server_cpu(pid: int) -> float:
    """User + system CPU seconds of the server process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def store_write(store: Neo4jStore, batches: list[GraphBatch], group: int, rows: int) -> None:
    for part in write_groups(batches, group, rows):  # as ingest groups them
        store.write_many(part)


def content_digest(store: Neo4jStore) -> str:
    """One hash of every node (labels, properties) and relationship (ends, type, properties)."""
    dump = store.dump()
    nodes = sorted(repr((n["id"], sorted(n["labels"]), sorted(n["properties"].items()))) for n in dump.nodes)
    edges = sorted(repr((e["source"], e["type"], e["target"], sorted(e["properties"].items()))) for e in dump.edges)
    return hashlib.sha256("\n".join(nodes + edges).encode()).hexdigest()[:16]


def timed_write(store: Neo4jStore, pid: int, write, batches: list[GraphBatch]) -> dict:
    store.clear()
    store.ensure_schema()
    write(store, batches[:100])  # plans cached, JIT warm
    store.clear()
    load = os.getloadavg()[0]
    s0, c0, t0 = server_cpu(pid), time.process_time(), time.perf_counter()
    write(store, batches)
    wall = time.perf_counter() - t0
    return {"wall": wall, "client": time.process_time() - c0, "server": server_cpu(pid) - s0, "load": load,
            "counts": store.counts(), "digest": content_digest(store)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of generated texts (benchmarks/generate_corpus.py)")
    ap.add_argument("--docs", type=int, default=1000, help="texts to extract from it (default 1000)")
    ap.add_argument("--rounds", type=int, default=6, help="paired rounds, order alternating (default 6)")
    ap.add_argument("--warmup", type=int, default=1,
                    help="paired rounds first, shown but not counted: the server's JIT is still compiling (default 1)")
    ap.add_argument("--group", type=int, default=WRITE_GROUP,
                    help=f"at most this many documents per write_many call (default {WRITE_GROUP}, as ingest)")
    ap.add_argument("--rows", type=int, default=WRITE_ROWS,
                    help=f"or until the group holds this many nodes and edges (default {WRITE_ROWS}, as ingest)")
    args = ap.parse_args(argv)
    batches = load_batches(args.corpus, args.docs, workers=2)
    methods = {
        f"store write_many (≤{args.group} docs, ≤{args.rows} rows/tx)": lambda s, b: store_write(s, b, args.group, args.rows),
        "plain UNWIND MERGE, 1,000 rows/tx": plain_unwind_merge,
    }
    names = list(methods)
    nodes, edges = sum(len(b.nodes) for b in batches), sum(len(b.edges) for b in batches)
    print(f"{len(batches)} documents, {nodes} node rows, {edges} edge rows; {os.cpu_count()} CPUs")
    rows = [["round", "method", "seconds", "client CPU s", "server CPU s", "load avg", "plain / store"]]
    ratios, results = [], []
    with LocalServer() as info:
        store = Neo4jStore(info.bolt_uri)
        for round_ in range(1 - args.warmup, args.rounds + 1):
            order = names if round_ % 2 else names[::-1]
            got = {name: timed_write(store, info.pid, methods[name], batches) for name in order}
            ratio = got[names[1]]["wall"] / got[names[0]]["wall"]
            if round_ > 0:
                ratios.append(ratio)
            for i, name in enumerate(order):
                r = got[name]
                rows.append([(str(round_) if round_ > 0 else "warm-up") if i == 0 else "", name, f"{r['wall']:.1f}",
                             f"{r['client']:.1f}", f"{r['server']:.1f}", f"{r['load']:.1f}", f"{ratio:.2f}x" if i == 1 else ""])
            results += got.values()
            print(f"  round {round_}: {ratio:.2f}x", file=sys.stderr, flush=True)
        store.close()
    print(_table(rows))
    print(f"plain / store over {len(ratios)} rounds: min {min(ratios):.2f}x, median {statistics.median(ratios):.2f}x, "
          f"max {max(ratios):.2f}x")
    same = all(r["counts"] == results[0]["counts"] and r["digest"] == results[0]["digest"] for r in results)
    c = results[0]["counts"]
    print(f"same graph after every write (counts and content digest {results[0]['digest']}): {same}: "
          f"{sum(v for k, v in c.items() if not k.isupper())} nodes, {sum(v for k, v in c.items() if k.isupper())} relationships")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
