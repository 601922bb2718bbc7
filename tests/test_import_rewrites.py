"""Merges and moves applied to a first load's import files (graph/import_rewrites.py) leave the graph
that running them on a store leaves (Store.merge_nodes / move_facts, in the same order): on hand-made
batches covering chains, a merge undone by its reverse, a move that orphans, an edge whose key is
already held; and on generated texts whose identity resolution decides merges and moves."""
import csv
import sys
from pathlib import Path

import pytest

from graph.neo4j_import import ImportWriter, _cell
from graph.stores.embedded import EmbeddedStore
from graph.types import GraphBatch, Provenance
from ingest.bulk_import import _EmptyStore
from ingest.pipeline import extract_all
from ingest.reader import iter_sources, read_source
from ingest.resolve import Resolver

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def _rows(path, ids: int):
    """(ids, properties) of each row of an import file; an empty field is a missing property."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = [h.split(":")[0] for h in next(rows)][ids:]
        for row in rows:
            yield row[:ids], {k: v for k, v in zip(header, row[ids:]) if v != ""}


def _csv_graph(files):
    csv.field_size_limit(1 << 30)
    nodes = {ids[0]: (label, props) for label, path in files.nodes for ids, props in _rows(path, 1)}
    edges = {}
    for type_, path in files.relationships:
        for (source, target), props in _rows(path, 2):
            assert (type_, props["key"]) not in edges, "an edge key written twice"
            edges[(type_, props["key"])] = (source, target, props)
    return nodes, edges


def _unquoted(value) -> str:
    cell = _cell(value)
    return cell[1:-1].replace('""', '"') if cell.startswith('"') else cell


def _store_graph(store):
    dump = store.dump()
    nodes = {n["id"]: (n["labels"][0], {k: _unquoted(v) for k, v in n["properties"].items() if k != "id" and _cell(v) != ""})
             for n in dump.nodes}
    edges = {(e["type"], e["properties"]["key"]): (e["source"], e["target"], {k: _unquoted(v) for k, v in e["properties"].items()})
             for e in dump.edges}
    return nodes, edges


def _both_ways(tmp_path, batches, ops):
    """The graph of writing `batches` and running `ops` on a store, and of the import files."""
    store = EmbeddedStore(tmp_path / "store")
    try:
        store.write_many(batches)
        for op in dict.fromkeys(ops):
            if op[0] == "merge":
                store.merge_nodes(op[1], op[2])
            else:
                store.move_facts(op[1], "Document", op[2], op[3])
        on_store = _store_graph(store)
    finally:
        store.close()
    writer = ImportWriter(tmp_path / "csv")
    for b in batches:
        writer.add(b)
    files = writer.finish(list(dict.fromkeys(ops)))
    return on_store, _csv_graph(files), files


def _text(doc_id: str, cited: list[tuple[str, int]], **props) -> GraphBatch:
    b = GraphBatch(doc_id=doc_id)
    b.add_node("Document", doc_id, title=f"文 {doc_id}", ingested=True)
    b.add_node("Region", "region:330108", name="滨江区", adcode="330108")
    b.add_edge("REPORTS_ON", doc_id, "region:330108", Provenance(doc_id, 0, 2, "本区"))
    for target, at in cited:
        b.add_node("Document", target, title=f"《{target}》", **props.get(target, {}))
        b.add_edge("CITES", doc_id, target, Provenance(doc_id, at, at + 5, f"根据《{target}》"))
    return b


def test_hand_made_merges_and_moves_give_the_stores_graph(tmp_path):
    batches = [
        _text("doc:t1", [("doc:bare", 10), ("doc:numbered", 20)], **{"doc:numbered": {"doc_number": "浙教〔2020〕1号"}}),
        _text("doc:t2", [("doc:bare", 10), ("doc:titled", 30)], **{"doc:titled": {"issuer": "浙江省教育厅"}}),
        _text("doc:t3", [("doc:bare", 10), ("doc:other", 40)]),
        # the same citation of t1 to two nodes that become one: the key is then held twice
        _text("doc:t4", [("doc:a", 10), ("doc:b", 10)]),
    ]
    ops = [
        ("merge", "doc:titled", "doc:numbered"),   # properties the target lacks come over
        ("merge", "doc:numbered", "doc:t3"),       # a chain: titled's edges follow to t3
        ("move", "doc:t1", "doc:bare", "doc:other"),
        ("move", "doc:t2", "doc:bare", "doc:other"),
        ("move", "doc:t3", "doc:bare", "doc:other"),  # bare is left with no edge: it goes
        ("merge", "doc:a", "doc:b"),
        ("merge", "doc:b", "doc:a"),               # a is gone: nothing happens
        ("move", "doc:t1", "doc:missing", "doc:other"),
    ]
    on_store, in_files, files = _both_ways(tmp_path, batches, ops)
    assert in_files == on_store
    assert "doc:bare" not in in_files[0] and "doc:titled" not in in_files[0] and "doc:a" not in in_files[0]
    assert in_files[0]["doc:t3"][1]["issuer"] == "浙江省教育厅"
    assert files.merged == 3 and files.relationship_rows == len(in_files[1])


def test_generated_texts_resolve_into_the_import_files_as_on_a_store(tmp_path):
    import generate_corpus

    generate_corpus.generate(150, tmp_path / "corpus")
    sources = [read_source(p) for p in iter_sources([tmp_path / "corpus"])]
    extracted = [b for _s, b in extract_all(sources, workers=2)]
    resolver = Resolver(_EmptyStore())
    batches = [resolver.resolve(b) for b in extracted]
    ops = resolver.take_ops()
    assert {op[0] for op in ops} == {"merge", "move"}, ops  # else this test shows nothing
    on_store, in_files, _files = _both_ways(tmp_path, batches, ops)
    assert in_files == on_store
