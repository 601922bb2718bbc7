#!/usr/bin/env python3
"""Benchmark: writing documents to Neo4j with batched UNWIND vs one MERGE statement per row.

The seed reports are extracted once and replicated to N documents (default 1,000): every copy
gets its own report identity (report id, provenance doc_id, Observation ids, source_path) while
cited documents, regions, agencies, schools, initiatives and indicators stay shared, as in a
real corpus where many reports cite the same documents.

Two methods, same process, same server, each from an empty database:

  unwind         Neo4jStore.write(batch) per document: one transaction per document,
                 `UNWIND $rows ... MERGE` per label and per (type, source label, target label).
  per-statement  the same per-document transaction, but one `MERGE` per node and one
                 `MATCH ... MATCH ... MERGE` per edge (parameterised; labels/types from the schema).

Prints documents/s, nodes/s, edges/s and wall time for each, the unwind/per-statement ratio, and
checks that both end with identical counts() (exit 1 if not). This is a script, not a test:

    python benchmarks/neo4j_write.py                    # starts a local Neo4j in a temp dir
    python benchmarks/neo4j_write.py --uri bolt://127.0.0.1:7687 --docs 200
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import platform
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from graph.model import schema  # noqa: E402
from graph.types import Edge, GraphBatch, Node, stable_id  # noqa: E402

DEFAULT_SEEDS = Path(os.environ.get("POLICYKG_SEEDS", REPO.parent / "shared" / "seeds"))


# ------------------------------------------------------------------------------- the corpus


def load_seed_batches(seeds: Path) -> list[GraphBatch]:
    """Extract every seed once (not timed)."""
    from ingest.extract import extract
    from ingest.reader import iter_sources, read_source

    batches = []
    for path in iter_sources([seeds]):
        source = read_source(path)
        batches.append(extract(source.text, str(path.resolve()), source.content_hash))
    if not batches:
        raise SystemExit(f"no seed documents found in {seeds}")
    return batches


def replicate(seeds: list[GraphBatch], n: int, tag: str = "copy") -> list[GraphBatch]:
    """N batches cycling through the seeds, each with a distinct report identity.

    Rewritten per copy: the report's Document id and source_path, the provenance doc_id of every
    fact edge (hence the edge keys), the Observations' ids (derived from the copy's doc id) and
    their doc_id. Everything else (cited documents, regions, agencies, schools,
    initiatives, indicators, PART_OF edges) keeps its id, so copies share those nodes.
    """
    out = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        old = seed.doc_id
        new = stable_id("doc", "bench", tag, old, i)
        ids = {old: new}
        nodes: dict[str, Node] = {}
        for node in seed.nodes.values():
            props = dict(node.props)
            node_id = node.id
            if node.id == old:
                node_id = new
                props["source_path"] = f"{props.get('source_path', '')}#{tag}{i:06d}"
            elif node.label == "Observation":
                node_id = stable_id("obs", new, node.id)
                ids[node.id] = node_id
                props["doc_id"] = new
            nodes[node_id] = Node(node.label, node_id, props)
        batch = GraphBatch(doc_id=new, nodes=nodes)
        for edge in seed.edges.values():
            prov = edge.provenance
            if prov is not None:
                if prov.doc_id != old:
                    raise ValueError(f"seed {old}: edge {edge.key} has provenance from another document")
                prov = dataclasses.replace(prov, doc_id=new)
            source, target = ids.get(edge.source, edge.source), ids.get(edge.target, edge.target)
            copy = Edge(edge.type, source, target, prov, dict(edge.props))
            batch.edges[copy.key] = copy
        out.append(batch)
    return out


def expected_counts(batches: list[GraphBatch]) -> dict[str, int]:
    """What counts() must say once these batches are written to an empty database."""
    labels: dict[str, str] = {}
    edge_types: dict[str, str] = {}
    for b in batches:
        labels.update((n.id, n.label) for n in b.nodes.values())
        edge_types.update((k, e.type) for k, e in b.edges.items())
    return dict(sorted((Counter(labels.values()) + Counter(edge_types.values())).items()))


# ------------------------------------------------------------------------------- the methods


def _check_names(batch: GraphBatch) -> None:
    """Labels and types go into Cypher text: only names the schema declares."""
    s = schema()
    for node in batch.nodes.values():
        s.node(node.label)
    for edge in batch.edges.values():
        s.edge(edge.type)


def per_statement_tx(tx, batch: GraphBatch) -> None:
    """Neo4jStore._write_tx, with one statement per node and per edge instead of UNWIND."""
    from graph.stores.neo4j import Neo4jStore

    touched: dict[str, set[str]] = {}
    if batch.doc_id is not None and tx.run("MATCH (d:Document {id: $id}) RETURN d.id", id=batch.doc_id).peek():
        _, touched = Neo4jStore._remove_facts(tx, batch.doc_id)
    for node in batch.nodes.values():
        tx.run(f"MERGE (n:{node.label} {{id: $id}}) SET n += $props", id=node.id, props=node.properties()).consume()
    labels = {n.id: n.label for n in batch.nodes.values()}
    for edge in batch.edges.values():
        tx.run(
            f"MATCH (a:{labels[edge.source]} {{id: $source}}) MATCH (b:{labels[edge.target]} {{id: $target}}) "
            f"MERGE (a)-[r:{edge.type} {{key: $key}}]->(b) SET r += $props",
            source=edge.source, target=edge.target, key=edge.key, props=edge.properties(),
        ).consume()
    Neo4jStore._drop_orphans(tx, touched)


def make_writers(store) -> dict[str, Callable[[GraphBatch], Any]]:
    def unwind(batch: GraphBatch) -> None:
        store.write(batch)

    def per_statement(batch: GraphBatch) -> None:
        batch.validate()  # as Neo4jStore.write does
        _check_names(batch)
        store.ensure_schema()
        with store.driver.session(database=store.database) as session:
            session.execute_write(per_statement_tx, batch)

    return {"unwind": unwind, "per-statement": per_statement}


@dataclasses.dataclass
class Result:
    method: str
    docs: int
    nodes: int  # node rows written (MERGEd), summed over documents
    edges: int  # edge rows written (MERGEd), summed over documents
    seconds: float
    counts: dict[str, int]
    counts_at: dict[int, dict[str, int]]  # counts() snapshots taken (untimed) after k documents
    load: tuple[float, float]  # 1-minute load average before and after the timed run
    client_cpu: float  # CPU seconds this Python process spent during the timed writes

    def rate(self, x: int) -> float:
        return x / self.seconds if self.seconds else float("inf")


def run_method(store, name: str, write: Callable, warmup: list[GraphBatch], batches: list[GraphBatch],
               checkpoints: set[int], budget: float | None = None, progress: bool = True) -> Result:
    """Clear, warm up, clear, then write `batches` timed. At each checkpoint (a document count)
    the clock stops while counts() is recorded, and the run ends early once `budget` seconds
    of writing have passed."""
    store.clear()
    store.ensure_schema()
    for batch in warmup:  # not timed: plans cached, JIT warm, connection pool filled
        write(batch)
        _check_pending()
    store.clear()
    counts_at: dict[int, dict[str, int]] = {}
    load_before = os.getloadavg()[0]
    elapsed = 0.0
    step = max(1, len(batches) // 10)
    done = 0
    cpu = 0.0
    t0, c0 = time.perf_counter(), time.process_time()
    for done, batch in enumerate(batches, 1):
        write(batch)
        _check_pending()
        if done in checkpoints or (progress and done % step == 0):
            elapsed += time.perf_counter() - t0
            cpu += time.process_time() - c0
            if done in checkpoints:
                counts_at[done] = store.counts()
            if progress and done % step == 0:
                print(f"  {name}: {done}/{len(batches)} documents, {elapsed:.1f} s", file=sys.stderr, flush=True)
            if budget is not None and elapsed > budget and done in checkpoints and done < len(batches):
                print(f"  {name}: time budget of {budget:.0f} s used up: stopping after {done} documents",
                      file=sys.stderr, flush=True)
                break
            t0, c0 = time.perf_counter(), time.process_time()
    else:
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
    written = batches[:done]
    return Result(
        name, done, sum(len(b.nodes) for b in written), sum(len(b.edges) for b in written),
        elapsed, store.counts(), counts_at, (load_before, os.getloadavg()[0]), cpu,
    )


# ------------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Terminated(Exception):
    pass


def _on_sigterm(signum, frame):
    raise _Terminated(f"signal {signum}")


_PENDING: list[int] = []  # a signal received while writing, acted on between documents


def _deferred(signum, frame):
    """Ctrl-C/SIGTERM while writing: stop after the current document, so the driver is never
    interrupted in the middle of a Bolt exchange. A second signal stops at once."""
    if _PENDING:
        raise KeyboardInterrupt
    _PENDING.append(signum)
    print(f"\nsignal {signum}: stopping after the current document (again to stop now)", file=sys.stderr, flush=True)


def _check_pending() -> None:
    if _PENDING:
        raise _Terminated(f"signal {_PENDING[0]}")


class LocalServer:
    """The project's local Neo4j in a temp dir on free ports; always stopped on exit."""

    def __init__(self) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="policykg-bench-neo4j-"))
        self.info = None
        self._stopped = False

    def __enter__(self):
        from graph import neo4j_local

        print(f"starting local Neo4j in {self.data_dir} ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            self.info = neo4j_local.start(self.data_dir, port=_free_port(), http_port=_free_port())
        except BaseException:
            self._cleanup()
            raise
        print(f"  ready at {self.info.bolt_uri} after {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        return self.info

    def __exit__(self, *exc) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        from graph import neo4j_local

        if self._stopped:
            return
        self._stopped = True
        try:
            if not neo4j_local.stop(self.data_dir):
                # Interrupted before start() recorded the pid: stop the launcher this process
                # started for this data dir, and only that one.
                for pid in list(neo4j_local._CHILDREN):
                    if neo4j_local._is_launcher(pid, self.data_dir):
                        neo4j_local._terminate(pid, 30)
        finally:
            shutil.rmtree(self.data_dir, ignore_errors=True)
            print("local Neo4j stopped", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------- report


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for j, r in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _diff(a: dict[str, int], b: dict[str, int]) -> list[str]:
    return [f"{k}: {a.get(k, 0)} vs {b.get(k, 0)}" for k in sorted(set(a) | set(b)) if a.get(k, 0) != b.get(k, 0)]


def _server_version(store) -> str:
    try:
        rows = store.cypher("CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS v, edition", {})
        return ", ".join(f"{r['name']} {r['v']} {r['edition']}" for r in rows)
    except Exception as exc:  # pragma: no cover - informative only
        return f"unknown ({exc.__class__.__name__})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--uri", help="Bolt URI of a running server (its database is CLEARED); default: start a local one")
    ap.add_argument("--user", default=os.environ.get("NEO4J_USER"))
    ap.add_argument("--password", default=os.environ.get("NEO4J_PASSWORD"))
    ap.add_argument("--database", default=os.environ.get("NEO4J_DATABASE"))
    ap.add_argument("--docs", type=int, default=1000, help="documents to write per method (default 1000)")
    ap.add_argument("--per-statement-docs", type=int, metavar="M",
                    help="time per-statement on the first M documents only (default: all --docs)")
    ap.add_argument("--per-statement-budget", type=float, default=420, metavar="SECONDS",
                    help="stop per-statement at the next checkpoint (every docs/20 documents) once it has "
                         "written for this long, so a full run stays near 10 minutes (default 420; 0: no limit)")
    ap.add_argument("--warmup", type=int, default=10, help="untimed documents written first by each method (default 10)")
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"seed folder (default {DEFAULT_SEEDS})")
    ap.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = ap.parse_args(argv)
    if args.docs < 1 or args.warmup < 0:
        ap.error("--docs must be >= 1 and --warmup >= 0")
    if args.per_statement_docs is None:
        args.per_statement_docs = args.docs
    if not 1 <= args.per_statement_docs <= args.docs:
        ap.error("--per-statement-docs must be between 1 and --docs")

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _benchmark(args)
    except (KeyboardInterrupt, _Terminated) as exc:
        print(f"interrupted ({str(exc) or 'Ctrl-C'})", file=sys.stderr)
        return 130


def _benchmark(args: argparse.Namespace) -> int:
    from graph.stores.neo4j import Neo4jStore

    m = args.per_statement_docs
    budget = args.per_statement_budget or None
    t_start = t_load = time.perf_counter()
    seeds = load_seed_batches(args.seeds)
    batches = replicate(seeds, args.docs)
    warmup = replicate(seeds, args.warmup, tag="warmup")
    print(f"extracted {len(seeds)} seeds and replicated them to {args.docs} documents "
          f"in {time.perf_counter() - t_load:.1f} s", file=sys.stderr, flush=True)

    with contextlib.ExitStack() as stack:
        # Unwound last to first: close the driver, stop the server, then restore the handlers.
        stack.callback(signal.signal, signal.SIGTERM, _on_sigterm)
        stack.callback(signal.signal, signal.SIGINT, signal.default_int_handler)
        uri = args.uri or stack.enter_context(LocalServer()).bolt_uri
        store = Neo4jStore(uri, args.user, args.password, args.database)
        stack.callback(store.close)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, _deferred)
        writers = make_writers(store)
        # counts() of the unwind run wherever per-statement may stop, to compare like with like
        checkpoints = set(range(max(1, args.docs // 20), args.docs + 1, max(1, args.docs // 20))) | {m}
        a = run_method(store, "unwind", writers["unwind"], warmup, batches, checkpoints, None, not args.quiet)
        b = run_method(store, "per-statement", writers["per-statement"], warmup, batches[:m],
                       checkpoints if budget else set(), budget, not args.quiet)
        version = _server_version(store)
    _check_pending()
    status = report(args, seeds, batches, a, b, version)
    print(f"whole run (extraction, server start/stop, clears, warmup, checks): {time.perf_counter() - t_start:.0f} s")
    return status


def report(args: argparse.Namespace, seeds: list[GraphBatch], batches: list[GraphBatch], a: Result, b: Result,
           version: str) -> int:
    """Print the table and the checks; 1 if the counts differ."""
    m = b.docs
    per_doc_nodes = sum(len(s.nodes) for s in seeds) / len(seeds)
    per_doc_edges = sum(len(s.edges) for s in seeds) / len(seeds)
    n_labels = sum(len({n.label for n in s.nodes.values()}) for s in seeds) / len(seeds)
    n_shapes = sum(len({(e.type, s.nodes[e.source].label, s.nodes[e.target].label) for e in s.edges.values()})
                   for s in seeds) / len(seeds)
    stmts = {"unwind": 1 + n_labels + n_shapes, "per-statement": 1 + per_doc_nodes + per_doc_edges}
    print()
    print(f"Neo4j write benchmark: {len(seeds)} seeds replicated to {args.docs} documents "
          f"(~{per_doc_nodes:.0f} nodes, ~{per_doc_edges:.0f} edges per document), warmup {args.warmup} docs per method")
    print(f"server: {version}, {'--uri ' + args.uri if args.uri else 'local temp instance'}; "
          f"python {platform.python_version()}, {os.cpu_count()} CPUs")
    print()
    rows = [["method", "docs", "node rows", "edge rows", "wall s", "docs/s", "nodes/s", "edges/s", "statements/doc",
             "client CPU s", "load avg"]]
    for r in (a, b):
        rows.append([r.method, str(r.docs), str(r.nodes), str(r.edges), f"{r.seconds:.2f}", f"{r.rate(r.docs):.1f}",
                     f"{r.rate(r.nodes):.0f}", f"{r.rate(r.edges):.0f}", f"~{stmts[r.method]:.0f}",
                     f"{r.client_cpu:.1f}", f"{r.load[0]:.1f}->{r.load[1]:.1f}"])
    print(_table(rows))
    print()
    if m < args.docs:
        why = ("--per-statement-docs" if m == args.per_statement_docs
               else f"its --per-statement-budget of {args.per_statement_budget:.0f} s ran out")
        print(f"NOTE: per-statement was timed on the first {m} of {args.docs} documents only ({why}); "
              f"unwind on all {args.docs}. Rates are compared as measured.")
    print(f"unwind / per-statement (documents/s): {a.rate(a.docs) / b.rate(b.docs):.1f}x")

    failures = []
    a_counts = a.counts if m == a.docs else a.counts_at[m]
    if a_counts != b.counts:
        failures.append(f"counts after {m} documents differ (unwind vs per-statement): " + "; ".join(_diff(a_counts, b.counts)))
    for r, n in ((a, args.docs), (b, m)):
        want = expected_counts(batches[:n])
        if r.counts != want:
            failures.append(f"{r.method} counts differ from the batches' ids/keys: " + "; ".join(_diff(r.counts, want)))
    if failures:
        print("\nFAIL:\n  " + "\n  ".join(failures))
        return 1
    total_nodes = sum(v for k, v in b.counts.items() if k in schema().nodes)
    total_edges = sum(v for k, v in b.counts.items() if k in schema().edges)
    print(f"counts identical after {m} documents: {total_nodes} nodes, {total_edges} relationships "
          f"({', '.join(f'{k} {v}' for k, v in b.counts.items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
