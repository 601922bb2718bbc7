#!/usr/bin/env python3
"""Benchmark: extraction speed on one core beside the bare regex pass and spaCy's own blank("zh")
tokenizer over the same texts in the same run, and the `--workers 2` speed-up beside a pure-Python
control. The extraction half of benchmarks/scale.py, without Neo4j:

    python benchmarks/extraction.py --corpus /tmp/policykg-1k --sample 200 --workers-sample 300
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate  # noqa: E402
from neo4j_write import _table  # noqa: E402
from scale import bench_extraction  # noqa: E402

from ingest.reader import iter_sources, read_source  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="folder of generated texts (built if missing)")
    ap.add_argument("--count", type=int, default=1000, help="texts to generate when the folder is missing")
    ap.add_argument("--sample", type=int, default=200, help="texts for the one-core figures")
    ap.add_argument("--workers-sample", type=int, default=200, help="texts for the --workers speed-up")
    args = ap.parse_args()
    if not args.corpus.exists():
        generate(args.count, args.corpus)
    paths = sorted(p for p in iter_sources([args.corpus]))[: max(args.sample, args.workers_sample)]
    sources = [read_source(p) for p in paths]
    rows, wrows = bench_extraction(sources, args.sample, args.workers_sample)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(_table(rows))
    print()
    print(_table(wrows))


if __name__ == "__main__":
    main()
