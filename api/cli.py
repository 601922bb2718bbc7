"""`policykg`: the command line. Each verb parses its arguments and calls the layers below."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from graph.store import DEFAULT_STORE_DIR, open_store


def _store(args: argparse.Namespace):
    return open_store(args.store, getattr(args, "neo4j", None))


def cmd_ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import ingest_paths

    store = _store(args)
    try:
        summary = ingest_paths(store, [Path(p) for p in args.paths], workers=args.workers)
    finally:
        store.close()
    for line in summary.lines():
        print(line)
    return 1 if summary.rejected and summary.read == 0 else 0


def _query_args(query, raw: list[str]) -> dict[str, str]:
    """Positional values fill the query's parameters in order; key=value names one."""
    names = [p.name for p in query.params]
    out: dict[str, str] = {}
    positional = []
    for item in raw:
        key, sep, value = item.partition("=")
        if sep and key in names:
            out[key] = value
        else:
            positional.append(item)
    free = [n for n in names if n not in out]
    if len(positional) > len(free):
        raise SystemExit(f"policykg query {query.name}: too many arguments; it takes {names}")
    out.update(zip(free, positional))
    return out


def _print_rows(rows: list[dict], skip: int = 0) -> None:
    if not rows:
        print("(no results)")
        return
    for i, row in enumerate(rows, skip + 1):
        print(f"[{i}]")
        for k, v in row.items():
            if isinstance(v, (list, dict)):
                v = json.dumps(v, ensure_ascii=False)
            print(f"  {k}: {v}")


def cmd_query(args: argparse.Namespace) -> int:
    from queries import registry
    from queries.params import QueryArgumentError

    try:
        query = registry.get(args.name)
    except registry.UnknownQueryError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return 2
    store = _store(args)
    try:
        query_args = _query_args(query, args.args)
        for flag in ("limit", "skip"):
            if getattr(args, flag) is not None:
                if flag not in {p.name for p in query.params}:
                    raise QueryArgumentError(f"{query.name} is not paged: it takes no --{flag}")
                query_args[flag] = str(getattr(args, flag))
        rows = registry.run(store, query.name, query_args)
        skip = query.bind(query_args).get("skip", 0)
    except QueryArgumentError as exc:
        print(f"policykg: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    if args.json:
        print(json.dumps({"query": query.name, "columns": list(query.columns), "rows": rows}, ensure_ascii=False, indent=2))
    else:
        _print_rows(rows, skip)
        if rows and "total" in rows[0]:
            print(f"rows {skip + 1}–{skip + len(rows)} of {rows[0]['total']}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from api.app import create_app
    from api.server import serve

    print(f"policykg API listening on http://{args.host}:{args.port} (docs at /docs)", flush=True)
    serve(create_app(lambda: open_store(args.store, args.neo4j)), args.host, args.port, log_level="warning")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from graph.export import FORMATS

    store = _store(args)
    try:
        text = FORMATS[args.format](store.dump())
    finally:
        store.close()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text + "\n")
    return 0


def cmd_neo4j(args: argparse.Namespace) -> int:
    from graph import neo4j_local

    data = Path(args.data)
    if args.action == "start":
        info = neo4j_local.start(data, port=args.port, http_port=args.http_port)
        print(f"neo4j running (pid {info.pid}): {info.bolt_uri}")
        print(f"Neo4j Browser: {info.browser_connect_url}")
        print(f"use it with: export NEO4J_URI={info.bolt_uri}")
    elif args.action == "stop":
        print("stopped" if neo4j_local.stop(data) else "not running")
    else:
        info = neo4j_local.status(data)
        print(f"running (pid {info.pid}): {info.bolt_uri}  Neo4j Browser: {info.browser_connect_url}" if info else "not running")
        return 0 if info else 3
    return 0


def cmd_neo4j_import(args: argparse.Namespace) -> int:
    from ingest.bulk_import import bulk_import

    summary = bulk_import([Path(p) for p in args.paths], Path(args.data), port=args.port, http_port=args.http_port,
                          workers=args.workers, overwrite=args.overwrite)
    for line in summary.lines():
        print(line)
    print(f"use it with: export NEO4J_URI={summary.server.bolt_uri}")
    return 1 if summary.rejected and summary.files.documents == 0 else 0


def cmd_eval(args: argparse.Namespace) -> int:
    gold_dir = Path(args.gold_dir)
    first = next(iter(sorted(gold_dir.glob("*.json"))), None)
    if first is not None and "cited" in json.loads(first.read_text(encoding="utf-8")):
        # A corpus' gold (one file per text, cited documents with their works): score the whole graph.
        from ingest.evaluate_corpus import evaluate_corpus, format_corpus_report

        texts = Path(args.seeds) if args.seeds else gold_dir.parent / "texts"
        print(format_corpus_report(evaluate_corpus(gold_dir, texts), details=args.details))
        return 0
    from ingest.evaluate import evaluate, format_report

    report = evaluate(gold_dir, Path(args.seeds) if args.seeds else None)
    print(format_report(report, details=args.details))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from ingest.explain import explain_html

    sys.stdout.write(explain_html(Path(args.file)))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from graph.schema_doc import to_markdown

    sys.stdout.write(to_markdown())
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policykg", description="A knowledge graph of Chinese public-education policies.")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_store(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--store", help=f"embedded store folder (default $POLICYKG_STORE or {DEFAULT_STORE_DIR}/)")
        p.add_argument("--neo4j", metavar="URI", help="use a Neo4j server (default $NEO4J_URI when set)")
        return p

    p = with_store(sub.add_parser("ingest", help="read files or folders into the graph"))
    p.add_argument("paths", nargs="+", help="files or folders of .txt/.md documents")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="extract documents in N parallel processes (output identical to one; default 1)")
    p.set_defaults(func=cmd_ingest)

    p = with_store(sub.add_parser("query", help="run a named query (see queries/)"))
    p.add_argument("name")
    p.add_argument("args", nargs="*", help="the query's arguments, in order, or as name=value")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--limit", type=_positive_int, metavar="N", help="paged queries: at most N rows (same as limit=N)")
    p.add_argument("--skip", type=int, metavar="N", help="paged queries: leave out the first N rows (same as skip=N)")
    p.set_defaults(func=cmd_query)

    p = with_store(sub.add_parser("serve", help="start the HTTP API"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)

    p = with_store(sub.add_parser("export", help="write the whole graph"))
    p.add_argument("--format", choices=["json", "graphml"], default="json")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("neo4j", help="a local Neo4j server for this project")
    p.add_argument("action", choices=["start", "stop", "status"])
    p.add_argument("--data", default=str(DEFAULT_STORE_DIR / "neo4j"), help="data folder")
    p.add_argument("--port", type=int, default=7687, help="Bolt port")
    p.add_argument("--http-port", type=int, default=7474, help="port for Neo4j Browser")
    p.set_defaults(func=cmd_neo4j)

    p = sub.add_parser("neo4j-import", help="first load of a corpus into an empty local Neo4j (offline bulk import)")
    p.add_argument("paths", nargs="+", help="files or folders of .txt/.md documents")
    p.add_argument("--data", default=str(DEFAULT_STORE_DIR / "neo4j"), help="data folder of the local server (stopped)")
    p.add_argument("--port", type=int, default=7687, help="Bolt port to start the server on afterwards")
    p.add_argument("--http-port", type=int, default=7474, help="port for Neo4j Browser")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N", help="extract in N parallel processes")
    p.add_argument("--overwrite", action="store_true", help="replace an existing database in --data")
    p.set_defaults(func=cmd_neo4j_import)

    p = sub.add_parser("eval", help="score extraction against gold annotations (tests/gold, or a corpus' gold/ folder)")
    p.add_argument("gold_dir")
    p.add_argument("--seeds", help="folder of the annotated texts (default: ../shared/seeds, or the texts/ beside a corpus' gold/)")
    p.add_argument("--details", action="store_true", help="list every false positive and miss")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("schema", help="print the graph schema as Markdown")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("explain", help="an HTML view of one document with what was recognised")
    p.add_argument("file")
    p.set_defaults(func=cmd_explain)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (| head, | grep -q): not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a clear one-line error instead of a traceback for expected failures
        from graph.stores.embedded import StoreFormatError

        if isinstance(exc, (StoreFormatError, FileNotFoundError, RuntimeError)):
            print(f"policykg: {exc}", file=sys.stderr)
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
