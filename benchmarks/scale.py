#!/usr/bin/env python3
"""Scale benchmark: one command, one run, every figure beside its baseline, printed as tables.

On a generated corpus (benchmarks/generate_corpus.py; built if --corpus does not exist):

1. extraction MB/s on one core, beside one compiled regex pass and spaCy's bare blank("zh")
   tokenizer over the same texts (--sample texts);
2. extract_all with 2 worker processes against 1 over the same texts (speed-up);
3. Neo4j writes of the same rows, each from an empty database on one local server:
   the store's write path (`write_many` in the groups ingest makes, ingest/pipeline.py), a plain
   `UNWIND … MERGE` of 1,000 rows per transaction, the pre-bulk per-document write (--per-doc),
   and the offline `neo4j-admin database import` (CSV writing and the import timed apart);
   the node and relationship counts must agree;
4. p50/p99 of each named query, direct (registry.run on the store) and through HTTP
   (`policykg serve` in a subprocess), on the graph the store wrote;
5. peak RSS of `policykg ingest --workers 2` into Neo4j on --ingest-docs texts, with its wall time.

    python benchmarks/scale.py --count 10000 --corpus /tmp/policykg-10k
    python benchmarks/scale.py --count 1000 --corpus /tmp/policykg-1k --write-docs 1000
"""
from __future__ import annotations

import argparse
import os
import pickle
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402
from neo4j_write import LocalServer, _table  # noqa: E402

from graph.stores.neo4j import Neo4jStore  # noqa: E402
from graph.types import GraphBatch  # noqa: E402
from ingest.pipeline import extract_all, write_groups  # noqa: E402
from ingest.reader import iter_sources, read_source  # noqa: E402

# The cheapest scan that still looks at every character: citations, 文号 and years.
BARE_REGEX = re.compile(r"《[^》]{2,80}》|[\u4e00-\u9fff]{1,12}[〔\[（(]\d{4}[〕\]）)]\d{1,4}号|\d{4}年")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---------------------------------------------------------------------------- extraction


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def cpu_control(workers: int = 2, tasks: int = 4, n: int = 10_000_000) -> float:
    """Speed-up of `workers` processes over one on a pure Python loop, in the same minute: what
    the machine offers at that moment (1.0 when the other core is taken by other work)."""
    import multiprocessing

    one = timed(lambda: [_burn(n) for _ in range(tasks)])
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        many = timed(lambda: pool.map(_burn, [n] * tasks))
    return one / many


def bench_extraction(all_sources, sample: int, workers_sample: int) -> tuple[list[list[str]], list[list[str]]]:
    sources = all_sources[:sample]
    texts = [s.text for s in sources]
    size = mb(texts)

    def regex():
        for t in texts:
            for _ in BARE_REGEX.finditer(t):
                pass

    import spacy

    nlp = spacy.blank("zh")

    def tokenizer():
        for t in texts:
            nlp.tokenizer(t)

    def extraction():
        for _ in extract_all(sources, workers=1):
            pass

    for _ in extract_all(sources[:3], workers=1):  # tokenizer, lexicons and jieba loaded before timing
        pass
    rows = [["pass (one core)", "texts", "MB", "seconds", "MB/s", "vs regex"]]
    results = {}
    for name, fn in (("bare regex", regex), ('spaCy blank("zh") tokenizer', tokenizer), ("extract()", extraction)):
        log(f"  extraction: {name} ...")
        results[name] = timed(fn)
    base = size / results["bare regex"]
    for name, secs in results.items():
        rows.append([name, str(len(texts)), f"{size:.2f}", f"{secs:.2f}", f"{size / secs:.2f}", f"1/{base / (size / secs):.0f}"])

    part = all_sources[:workers_sample]
    psize = mb([s.text for s in part])
    wrows = [["extract_all", "texts", "MB", "seconds", "MB/s", "speed-up"]]
    one = None
    for workers in (1, 2):
        log(f"  extract_all workers={workers} on {len(part)} texts ...")
        secs = timed(lambda: [None for _ in extract_all(part, workers=workers)])
        one = one or secs
        wrows.append([f"--workers {workers}", str(len(part)), f"{psize:.2f}", f"{secs:.2f}", f"{psize / secs:.2f}", f"{one / secs:.2f}x"])
    wrows.append(["control: pure Python loop, 2 processes vs 1", "", "", "", "", f"{cpu_control():.2f}x"])
    return rows, wrows


# ---------------------------------------------------------------------------- Neo4j writes


def plain_rows(batches: list[GraphBatch]) -> tuple[dict[str, list[dict]], dict[tuple[str, str, str], list[dict]]]:
    """The rows the store writes, as plain UNWIND rows: each node once (its properties merged in
    document order, a document given twice keeping its last batch) per label, each edge once per
    (type, source label, target label)."""
    by_doc = {b.doc_id if b.doc_id is not None else ("no document", i): b for i, b in enumerate(batches)}
    nodes: dict[str, tuple[str, dict]] = {}
    for batch in by_doc.values():
        for node in batch.nodes.values():
            nodes.setdefault(node.id, (node.label, {}))[1].update(node.properties())
    node_rows: dict[str, list[dict]] = {}
    for node_id, (label, props) in nodes.items():
        node_rows.setdefault(label, []).append({"id": node_id, "props": props})
    edge_rows: dict[tuple[str, str, str], list[dict]] = {}
    seen: set[str] = set()
    for batch in by_doc.values():
        for key, edge in batch.edges.items():
            if key not in seen:
                seen.add(key)
                edge_rows.setdefault((edge.type, nodes[edge.source][0], nodes[edge.target][0]), []).append(
                    {"source": edge.source, "target": edge.target, "key": key, "props": edge.properties()})
    return node_rows, edge_rows


def plain_unwind_merge(store: Neo4jStore, batches: list[GraphBatch], rows_per_tx: int = 1000) -> None:
    """The issue's baseline: the same rows, `UNWIND … MERGE`, 1,000 rows per transaction."""
    node_stmts, edge_stmts = plain_rows(batches)
    with store.driver.session(database=store.database) as session:
        for label, node_rows in node_stmts.items():
            stmt = f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row.props"
            for i in range(0, len(node_rows), rows_per_tx):
                session.execute_write(lambda tx, c: tx.run(stmt, rows=c).consume(), node_rows[i : i + rows_per_tx])
        for (type_, src, dst), edge_rows in edge_stmts.items():
            stmt = (f"UNWIND $rows AS row MATCH (a:{src} {{id: row.source}}) MATCH (b:{dst} {{id: row.target}}) "
                    f"MERGE (a)-[r:{type_} {{key: row.key}}]->(b) SET r += row.props")
            for i in range(0, len(edge_rows), rows_per_tx):
                session.execute_write(lambda tx, c: tx.run(stmt, rows=c).consume(), edge_rows[i : i + rows_per_tx])


def store_write(store: Neo4jStore, batches: list[GraphBatch]) -> None:
    for part in write_groups(batches):
        store.write_many(part)


def per_document(store: Neo4jStore, batches: list[GraphBatch]) -> None:
    with store.driver.session(database=store.database) as session:
        for batch in batches:
            session.execute_write(Neo4jStore._write_tx, batch)


def bench_writes(uri: str, batches: list[GraphBatch], with_per_doc: bool, rounds: int = 2):
    store = Neo4jStore(uri)
    nodes = sum(len(b.nodes) for b in batches)
    edges = sum(len(b.edges) for b in batches)
    methods = [("store write_many", store_write), ("plain UNWIND MERGE, 1,000 rows/tx", plain_unwind_merge)]
    if with_per_doc:
        methods.append(("per-document write (before)", per_document))
    out, counts = {}, {}
    warm = batches[: min(100, len(batches))]
    # Rounds alternate the methods (A B A B), so neither gains from a server warmed by the other;
    # the best round counts. The slow pre-bulk write runs once.
    for round_ in range(rounds):
        for name, fn in methods:
            if round_ and fn is per_document:
                continue
            store.clear()
            store.ensure_schema()
            fn(store, warm)  # plans cached, JIT warm
            store.clear()
            log(f"  neo4j: {name} on {len(batches)} documents (round {round_ + 1}) ...")
            load = os.getloadavg()[0]
            secs = timed(lambda: fn(store, batches))
            log(f"    {secs:.1f} s")
            if name not in out or secs < out[name][0]:
                out[name] = (secs, load)
            counts[name] = store.counts()
    # Leave the store's own graph in place for the queries.
    store.clear()
    store_write(store, batches)
    return store, out, counts, nodes, edges


def bench_import(batches: list[GraphBatch]):
    from graph import neo4j_local
    from graph.neo4j_import import import_database, write_csv

    data = Path(tempfile.mkdtemp(prefix="policykg-bench-import-"))
    try:
        t = time.perf_counter()
        files = write_csv(batches, data / "csv")
        csv_secs = time.perf_counter() - t
        log(f"  neo4j-admin import of {files.node_rows} nodes, {files.relationship_rows} relationships ...")
        import_secs = import_database(files, data)
        with socket.socket() as s1, socket.socket() as s2:
            s1.bind(("127.0.0.1", 0))
            s2.bind(("127.0.0.1", 0))
            ports = s1.getsockname()[1], s2.getsockname()[1]
        info = neo4j_local.start(data, port=ports[0], http_port=ports[1])
        try:
            store = Neo4jStore(info.bolt_uri)
            schema_secs = timed(store.ensure_schema)
            counts = store.counts()
            store.close()
        finally:
            neo4j_local.stop(data)
        return csv_secs, import_secs, schema_secs, counts
    finally:
        shutil.rmtree(data, ignore_errors=True)


# ---------------------------------------------------------------------------- queries


def query_cases(store: Neo4jStore) -> list[tuple[str, dict]]:
    top = store.cypher(
        "MATCH (:Document)-[:CITES]->(d:Document) WHERE d.doc_number IS NOT NULL "
        "RETURN d.doc_number AS n, count(*) AS c ORDER BY c DESC, n LIMIT 1", {})
    city = store.cypher("MATCH (r:Region {level: 'city'})<-[:REPORTS_ON|PART_OF*1..2]-() "
                        "RETURN r.name AS name, count(*) AS c ORDER BY c DESC, name LIMIT 1", {})
    doc = top[0]["n"] if top else "国办发〔2015〕71号"
    return [
        ("citing-regions", {"doc": doc}),
        ("adopters", {"initiative": "双减"}),
        ("lineage", {"doc": doc}),
        ("region", {"region": city[0]["name"] if city else "杭州市"}),
        ("indicator", {"indicator": "毛入园率"}),
    ]


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(round(0.99 * (len(samples) - 1))))]
    return statistics.median(samples), p99


def bench_queries(store: Neo4jStore, uri: str, repeats: int):
    import httpx

    from queries import registry

    cases = query_cases(store)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--neo4j", uri, "--port", str(port)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    rows = [["query", "args", "rows", "direct p50 ms", "direct p99 ms", "HTTP p50 ms", "HTTP p99 ms", "answer KB"]]
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        deadline = time.time() + 60
        while True:
            try:
                client.get("/health")
                break
            except httpx.TransportError:
                if time.time() > deadline:
                    raise
                time.sleep(0.3)
        for name, args in cases:
            log(f"  query {name} {args} x{repeats} ...")
            result = registry.run(store, name, args)
            direct, http = [], []
            for _ in range(repeats):
                t = time.perf_counter()
                registry.run(store, name, args)
                direct.append((time.perf_counter() - t) * 1000)
            size = 0
            for _ in range(repeats):
                t = time.perf_counter()
                r = client.get(f"/queries/{name}", params=args)
                http.append((time.perf_counter() - t) * 1000)
                size = len(r.content)
            d50, d99 = percentiles(direct)
            h50, h99 = percentiles(http)
            rows.append([name, " ".join(args.values()), str(len(result)), f"{d50:.1f}", f"{d99:.1f}",
                         f"{h50:.1f}", f"{h99:.1f}", f"{size / 1024:.0f}"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


# ---------------------------------------------------------------------------- end to end


def bench_ingest(uri: str, corpus: Path, docs: int, workers: int):
    """`policykg ingest --workers N` into the (cleared) server on the first `docs` texts: wall, peak RSS."""
    part = Path(tempfile.mkdtemp(prefix="policykg-bench-ingest-"))
    try:
        for i, f in enumerate(iter_sources([corpus])[:docs]):
            (part / f"{i:06d}.txt").symlink_to(f)
        store = Neo4jStore(uri)
        store.clear()
        store.close()
        log(f"  policykg ingest --workers {workers} of {docs} texts into Neo4j ...")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "api.cli", "ingest", "--neo4j", uri, "--workers", str(workers),
                               str(part)], cwd=REPO, capture_output=True, text=True)
        secs = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if proc.returncode != 0:
            raise RuntimeError(f"ingest failed: {proc.stderr[-2000:]}")
        return secs, max(peak, before) / 1024, proc.stdout.strip().splitlines()
    finally:
        shutil.rmtree(part, ignore_errors=True)


# ---------------------------------------------------------------------------- main


def load_batches(corpus: Path, docs: int, workers: int) -> list[GraphBatch]:
    cache = corpus / f".batches-{docs}.pickle"
    if cache.exists():
        return _distinct(pickle.loads(cache.read_bytes()))
    sources = (read_source(p) for p in iter_sources([corpus])[:docs])
    batches, failed = [], 0
    t = time.perf_counter()
    for _s, result in extract_all(sources, workers=workers):
        if isinstance(result, GraphBatch):
            batches.append(result)
        else:
            failed += 1
    log(f"  extracted {len(batches)} documents ({failed} rejected) in {time.perf_counter() - t:.0f} s")
    cache.write_bytes(pickle.dumps(batches, protocol=pickle.HIGHEST_PROTOCOL))
    return _distinct(batches)


def _distinct(batches: list[GraphBatch]) -> list[GraphBatch]:
    """One batch per document id (the last), so every method writes the same documents: a
    document given twice is replaced by the store but kept first by the offline import."""
    return list({b.doc_id: b for b in batches}.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000, help="generated texts (default 10000)")
    ap.add_argument("--corpus", type=Path, help="folder of the generated corpus (built if missing)")
    ap.add_argument("--sample", type=int, default=200, help="texts for the one-core extraction figures")
    ap.add_argument("--workers-sample", type=int, default=200, help="texts for the --workers speed-up")
    ap.add_argument("--write-docs", type=int, help="documents written to Neo4j (default: all --count)")
    ap.add_argument("--per-doc", action="store_true", help="also time the pre-bulk per-document write")
    ap.add_argument("--rounds", type=int, default=2, help="timed rounds of each write method, best counts (default 2)")
    ap.add_argument("--repeats", type=int, default=50, help="runs of each query per way (default 50)")
    ap.add_argument("--ingest-docs", type=int, default=500, help="texts for the end-to-end ingest (0: skip)")
    args = ap.parse_args(argv)
    corpus = args.corpus or Path(tempfile.gettempdir()) / f"policykg-corpus-{args.count}"
    started = time.perf_counter()
    if not corpus.exists():
        log(f"generating {args.count} texts into {corpus} ...")
        secs = timed(lambda: generate(args.count, corpus))
        log(f"  generated in {secs:.0f} s")
    files = iter_sources([corpus])
    size = sum(f.stat().st_size for f in files) / 1e6
    print(f"corpus: {len(files)} generated texts, {size:.1f} MB, in {corpus}; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start\n")

    sources = [read_source(p) for p in files[: max(args.sample, args.workers_sample)]]
    one_core, workers = bench_extraction(sources, args.sample, args.workers_sample)
    print(_table(one_core) + "\n")
    print(_table(workers) + "\n")

    write_docs = args.write_docs or len(files)
    batches = load_batches(corpus, write_docs, workers=2)
    with LocalServer() as info:
        store, writes, counts, nodes, edges = bench_writes(info.bolt_uri, batches, args.per_doc, args.rounds)
        csv_secs, import_secs, schema_secs, import_counts = bench_import(batches)
        base = writes["plain UNWIND MERGE, 1,000 rows/tx"][0]
        rows = [["Neo4j write (best round)", "docs", "node rows", "edge rows", "seconds", "edges/s", "vs plain UNWIND", "load avg"]]
        for name, (secs, load) in writes.items():
            rows.append([name, str(len(batches)), str(nodes), str(edges), f"{secs:.1f}", f"{edges / secs:.0f}",
                         f"{base / secs:.2f}x", f"{load:.1f}"])
        rows.append(["neo4j-admin import (CSV + import)", str(len(batches)), str(nodes), str(edges),
                     f"{csv_secs:.1f}+{import_secs:.1f}", f"{edges / (csv_secs + import_secs):.0f}",
                     f"{base / (csv_secs + import_secs):.2f}x", f"{os.getloadavg()[0]:.1f}"])
        print(_table(rows))
        print(f"  (after the import: constraints and indexes built in {schema_secs:.1f} s)")
        reference = counts["store write_many"]
        agree = all(c == reference for c in counts.values()) and import_counts == reference
        print(f"  counts agree across methods: {agree}: "
              f"{sum(v for k, v in reference.items() if k[0].isupper() and not k.isupper())} nodes, "
              f"{sum(v for k, v in reference.items() if k.isupper())} relationships\n")
        if not agree:
            for name, c in {**counts, "import": import_counts}.items():
                print(f"  {name}: {c}")
        print(_table(bench_queries(store, info.bolt_uri, args.repeats)) + "\n")
        if args.ingest_docs:
            secs, peak, summary = bench_ingest(info.bolt_uri, corpus, args.ingest_docs, 2)
            part = sum(f.stat().st_size for f in files[: args.ingest_docs]) / 1e6
            print(f"end to end: policykg ingest --workers 2 of {args.ingest_docs} texts ({part:.1f} MB) into Neo4j: "
                  f"{secs:.1f} s ({args.ingest_docs / secs:.1f} texts/s, {part / secs:.2f} MB/s), "
                  f"peak RSS {peak:.0f} MB (largest process)")
            print("  " + "\n  ".join(summary))
        store.close()
    print(f"\nwhole run: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
