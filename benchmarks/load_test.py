"""A bounded loopback load test of the API: `policykg serve` on 127.0.0.1 over a store holding the
seeds, N concurrent clients sending a fixed number of requests (citing-regions, adopters, region,
lineage), and an ingest into the same store landing when half the requests are done.
Prints throughput, p50/p99 latency, status counts and errors.

    .venv/bin/python benchmarks/load_test.py                       # 50 clients, 2,000 requests
    .venv/bin/python benchmarks/load_test.py --clients 10 --requests 200
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only: this never targets another machine
POLICYKG = [sys.executable, "-c", "from api.cli import main; raise SystemExit(main())"]
# One request of each kind, with arguments the seed reports answer (see tests/test_api.py).
REQUESTS = (
    ("citing-regions", {"doc": "杭政教督办〔2022〕5号"}),
    ("adopters", {"initiative": "嵌入式幼儿园"}),
    ("region", {"region": "滨江区"}),
    ("lineage", {"doc": "津教督导室〔2021〕40号"}),
)


@dataclass
class LoadResult:
    clients: int
    requests: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # no HTTP answer at all
    ingest_exit: int | None = None
    ingest_window: tuple[float, float] | None = None  # seconds from the start of the run

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def lines(self) -> list[str]:
        ms = lambda s: f"{s * 1000:.1f} ms"
        window = f"{self.ingest_window[0]:.1f}-{self.ingest_window[1]:.1f} s" if self.ingest_window else "did not run"
        return [
            f"clients: {self.clients}, requests: {self.requests}, wall time: {self.seconds:.2f} s",
            f"throughput: {len(self.latencies) / self.seconds:.1f} requests/s" if self.seconds else "throughput: n/a",
            f"latency p50: {ms(self.percentile(0.50))}, p99: {ms(self.percentile(0.99))}, max: {ms(max(self.latencies, default=0))}, mean: {ms(statistics.fmean(self.latencies) if self.latencies else 0)}",
            "statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items())),
            f"errors (no HTTP answer): {len(self.errors)}, 5xx: {self.server_errors}",
            f"ingest mid-run: exit {self.ingest_exit}, during {window}",
        ] + [f"  error: {e}" for e in Counter(self.errors)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"policykg serve exited with {server.returncode}: {server.stderr.read()}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"policykg serve did not answer on {base} within {timeout:.0f} s")


def run_load(clients: int, requests: int, seeds: Path, mid_run: list[Path], store_dir: Path, warm: bool = True) -> LoadResult:
    """`warm`: one request before the clock starts, so the figures are of a loaded server (a cold
    start, the store loaded by the first requests, is its own case)."""
    env = dict(os.environ, POLICYKG_STORE=str(store_dir))
    env.pop("NEO4J_URI", None)
    subprocess.run([*POLICYKG, "ingest", str(seeds)], cwd=REPO, env=env, check=True, capture_output=True, timeout=900)
    port = _free_port()
    base = f"http://{HOST}:{port}"
    server = subprocess.Popen([*POLICYKG, "serve", "--host", HOST, "--port", str(port)], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    result = LoadResult(clients, requests)
    lock = threading.Lock()
    next_index = iter(range(requests))
    halfway = threading.Event()
    try:
        _wait_until_up(base, server)
        if warm:
            name, params = REQUESTS[0]
            httpx.get(f"{base}/queries/{name}", params=params, timeout=120)
        started = time.perf_counter()

        def ingest_mid_run() -> None:
            halfway.wait()
            if not mid_run:
                return
            t0 = time.perf_counter() - started
            done = subprocess.run([*POLICYKG, "ingest", *map(str, mid_run)], cwd=REPO, env=env, capture_output=True, timeout=900)
            result.ingest_exit = done.returncode
            result.ingest_window = (t0, time.perf_counter() - started)

        def client_loop() -> None:
            with httpx.Client(base_url=base, timeout=60) as http:
                while True:
                    with lock:
                        i = next(next_index, None)
                    if i is None:
                        return
                    if i == requests // 2:
                        halfway.set()
                    name, params = REQUESTS[i % len(REQUESTS)]
                    t0 = time.perf_counter()
                    try:
                        status = http.get(f"/queries/{name}", params=params).status_code
                    except httpx.HTTPError as exc:
                        with lock:
                            result.errors.append(f"{name}: {type(exc).__name__}: {exc}")
                        continue
                    elapsed = time.perf_counter() - t0
                    with lock:
                        result.latencies.append(elapsed)
                        result.statuses[status] += 1

        ingest = threading.Thread(target=ingest_mid_run, daemon=True)
        ingest.start()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            for f in [pool.submit(client_loop) for _ in range(clients)]:
                f.result()
        result.seconds = time.perf_counter() - started
        halfway.set()
        ingest.join(timeout=900)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    p.add_argument("--cold", action="store_true", help="no warm-up request: the first requests load the store")
    p.add_argument("--no-ingest", action="store_true", help="no ingest mid-run (a baseline for the figures)")
    p.add_argument("--mid-run", type=Path, nargs="*", help="files or folders ingested halfway (default: 5 dev-corpus texts)")
    args = p.parse_args(argv)
    mid_run = [] if args.no_ingest else args.mid_run or sorted((REPO.parent / "shared" / "dev-corpus" / "texts").glob("*.txt"))[:5]
    store_dir = Path(tempfile.mkdtemp(prefix="policykg-load-"))
    try:
        result = run_load(args.clients, args.requests, args.seeds, mid_run, store_dir, warm=not args.cold)
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)
    print("\n".join(result.lines()))
    return 1 if result.errors or result.server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
