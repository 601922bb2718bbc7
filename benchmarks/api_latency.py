#!/usr/bin/env python3
"""Benchmark: latency of the research API's endpoints on a running server (a script, not a test).

Sends --requests requests per endpoint from --clients concurrent clients over loopback HTTP and
prints, per endpoint, the statuses seen, throughput and p50/p99 latency. Start a server first:

    policykg ingest ../shared/seeds && policykg serve --port 8000
    python benchmarks/api_latency.py --url http://127.0.0.1:8000 --requests 200 --clients 8
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx

ENDPOINTS = [
    ("GET", "/documents?q=浙政教督办[2022]5号", None),
    ("GET", "/documents?limit=50", None),
    ("GET", "/regions/杭州市滨江区", None),
    ("GET", "/initiatives/嵌入式幼儿园/adopters", None),
    ("GET", "/initiatives/嵌入式幼儿园/timeline", None),
    ("GET", "/indicators/毛入园率", None),
    ("GET", "/schools?region=滨江区", None),
    ("POST", "/citations", {"text": "根据《中小学教育惩戒规则》和浙政教督办[2022]5号文件要求，落实《关于学前教育深化改革规范发展的实施意见》。"}),
]


def measure(client: httpx.Client, method: str, path: str, body, requests: int, clients: int) -> dict:
    def one(_):
        start = time.perf_counter()
        r = client.request(method, path, json=body)
        return r.status_code, time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - start
    times = sorted(t for _, t in results)
    return {
        "statuses": dict(Counter(s for s, _ in results)), "rps": requests / wall,
        "p50_ms": statistics.median(times) * 1000, "p99_ms": times[max(0, int(len(times) * 0.99) - 1)] * 1000,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    with httpx.Client(base_url=args.url, timeout=60) as client:
        client.get("/regions/330108")  # the store opens on the first request: not timed
        print(f"{args.requests} requests per endpoint, {args.clients} clients, {args.url}")
        print(f"{'endpoint':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  statuses")
        for method, path, body in ENDPOINTS:
            m = measure(client, method, path, body, args.requests, args.clients)
            print(f"{method + ' ' + path[:38]:<44} {m['rps']:8.1f} {m['p50_ms']:8.1f} {m['p99_ms']:8.1f}  {m['statuses']}")


if __name__ == "__main__":
    main()
