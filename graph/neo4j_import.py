"""First load of a large corpus into an empty Neo4j database: CSV files from the batches, then
`neo4j-admin database import full` (offline, with the jars of the local server in
neo4j-local/target/lib). Constraints and indexes are created afterwards by the store
(`Neo4jStore.ensure_schema`), as after any start.

One file per node label and one per (type, source label, target label); ids live in one id space
per label, so a relationship names the labels of both ends. Property columns and their types come
from graph/schema.yaml.
"""
from __future__ import annotations

import os
import subprocess
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from graph import import_rewrites, neo4j_local
from graph.model import SchemaError, schema
from graph.types import GraphBatch

_CSV_TYPES = {"string": "string", "integer": "long", "float": "double", "boolean": "boolean", "list": "string[]"}
ARRAY_DELIMITER = ";"  # neo4j-admin's default between the items of an array field
IMPORT_HEAP = "1g"
IMPORT_OFF_HEAP = "512m"


class ImportFailed(RuntimeError):
    """neo4j-admin refused the import; the message carries its output."""


@dataclass
class ImportFiles:
    nodes: list[tuple[str, Path]] = field(default_factory=list)  # (label, file)
    relationships: list[tuple[str, Path]] = field(default_factory=list)  # (type, file)
    node_rows: int = 0
    relationship_rows: int = 0
    documents: int = 0
    duplicates: list[str] = field(default_factory=list)  # doc ids given more than once (first kept)
    merged: int = 0  # nodes merged into the document they are (identity resolution), before the import
    moved: int = 0  # bare-title citations moved to the document they name, before the import


def _cell(value) -> str:
    """A CSV field: missing is an empty unquoted field (no property), strings always quoted (so an
    empty string stays one), numbers and booleans bare."""
    if type(value) is str:  # most cells: tested first
        return '"' + value.replace('"', '""') + '"'
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        value = ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "，") for v in value)
    return '"' + str(value).replace('"', '""') + '"'


class _Table:
    """One CSV file with a typed header, written row by row; for an edge file, where each row
    starts and which Document nodes its rows touch (for graph/import_rewrites.py)."""

    def __init__(self, path: Path, id_columns: list[str], columns: list[tuple[str, str]], type_: str = "",
                 document_ends: tuple[bool, bool] = (False, False)):
        self.path = path
        self.type = type_
        self.columns = columns
        self._names = [p for p, _k in columns]
        self._file = path.open("wb")
        self._at = 0  # bytes written
        self._write(id_columns + [f"{p}:{_CSV_TYPES[k]}" for p, k in columns])
        self.offsets = array("q", [self._at])  # 8 bytes a row: millions of rows at 100k texts
        self.rows = 0
        self._document_ends = document_ends
        self.document_ends: set[str] = set()

    def _write(self, fields: list) -> None:
        # strings and missing values (most cells) inline: a call per cell was a third of the parent's time
        row = (",".join(['"' + v.replace('"', '""') + '"' if type(v) is str else "" if v is None else _cell(v)
                         for v in fields])
               + "\n").encode("utf-8")
        self._file.write(row)
        self._at += len(row)

    def add(self, ids: list[str], props: dict) -> None:
        self._write(ids + [props.get(p) for p in self._names])
        self.offsets.append(self._at)
        self.rows += 1
        for end, is_document in zip(ids, self._document_ends):
            if is_document:
                self.document_ends.add(end)

    def close(self) -> None:
        self._file.close()


class ImportWriter:
    """Streams batches into import files. What belongs to one document alone (its Observations
    and its provenance edges) is written at once; shared nodes are merged in memory (properties
    combined in document order, as `Neo4jStore.write_many` does) and edges without provenance
    de-duplicated by key, both written by `finish()`."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.files = ImportFiles()
        self._streamed: dict[tuple, _Table] = {}
        self._nodes: dict[str, tuple[str, dict]] = {}
        self._shared_edges: dict[str, tuple[tuple[str, str, str], list[str], dict]] = {}
        self._docs: set[str] = set()

    def _node_table(self, label: str, part: str) -> _Table:
        key = ("node", label, part)
        if key not in self._streamed:
            columns = [(p, k) for p, k in schema().node(label).properties.items() if p != "id"]
            self._streamed[key] = _Table(self.out_dir / f"nodes_{label}_{part}.csv", [f"id:ID({label})"], columns)
        return self._streamed[key]

    def _edge_table(self, shape: tuple[str, str, str], part: str) -> _Table:
        key = ("edge", *shape, part)
        if key not in self._streamed:
            type_, src, dst = shape
            et = schema().edge(type_)
            declared = dict(et.properties)
            if et.provenance:
                declared.update(schema().provenance)
            columns = [("key", "string")] + list(declared.items())
            path = self.out_dir / f"rels_{type_}_{src}_{dst}_{part}.csv"
            self._streamed[key] = _Table(path, [f":START_ID({src})", f":END_ID({dst})"], columns, type_,
                                         (src == "Document", dst == "Document"))
        return self._streamed[key]

    def has_document(self, doc_id: str | None) -> bool:
        return doc_id in self._docs

    def add_duplicate(self, doc_id: str) -> None:
        """A file that gives a document an earlier file gave: counted, not written (the first is kept)."""
        self.files.duplicates.append(doc_id)

    def add(self, batch: GraphBatch, validated: bool = False) -> None:
        """`validated`: the batch was checked against the schema already (extract_all's workers do)."""
        if not validated:
            batch.validate()
        if batch.doc_id is not None:
            if batch.doc_id in self._docs:
                self.add_duplicate(batch.doc_id)
                return
            self._docs.add(batch.doc_id)
            self.files.documents += 1
        for node in batch.nodes.values():
            props = node.properties()
            if node.label == "Observation" and batch.doc_id is not None and props.get("doc_id") == batch.doc_id:
                self._node_table(node.label, "own").add([node.id], props)
                continue
            seen = self._nodes.get(node.id)
            if seen is None:
                self._nodes[node.id] = (node.label, props)
            elif seen[0] != node.label:
                raise SchemaError(f"node {node.id} written as {seen[0]} and as {node.label}")
            else:
                seen[1].update(props)
        for key, edge in batch.edges.items():
            shape = (edge.type, batch.nodes[edge.source].label, batch.nodes[edge.target].label)
            if edge.provenance is not None and edge.provenance.doc_id == batch.doc_id:
                self._edge_table(shape, "own").add([edge.source, edge.target], batch.edge_properties(edge))
            else:
                self._shared_edges.setdefault(key, (shape, [edge.source, edge.target], batch.edge_properties(edge)))

    def finish(self, ops: list[tuple[str, ...]] = ()) -> ImportFiles:
        """Write what was held in memory, apply the merges and moves identity resolution decided
        (graph/import_rewrites.py) and close the files."""
        for shape, ends, props in self._shared_edges.values():
            self._edge_table(shape, "shared").add(ends, props)
        edge_tables = [t for key, t in self._streamed.items() if key[0] == "edge"]
        for t in edge_tables:
            t.close()
        self.files.merged, self.files.moved, rows = import_rewrites.apply(list(ops), edge_tables, self._nodes)
        for n, count in rows.items():
            edge_tables[n].rows = count
        for node_id, (label, props) in self._nodes.items():
            self._node_table(label, "shared").add([node_id], props)
        for key, table in self._streamed.items():
            table.close()
            if key[0] == "node":
                self.files.nodes.append((key[1], table.path))
                self.files.node_rows += table.rows
            else:
                self.files.relationships.append((key[1], table.path))
                self.files.relationship_rows += table.rows
        return self.files


def write_csv(batches: Iterable[GraphBatch], out_dir: Path) -> ImportFiles:
    """Import files for the batches, written as they come."""
    writer = ImportWriter(out_dir)
    for batch in batches:
        writer.add(batch)
    return writer.finish()


def import_command(files: ImportFiles, database: str = "neo4j", overwrite: bool = False) -> list[str]:
    java = neo4j_local._require_tool("java")
    jar = neo4j_local.build()
    cmd = [
        java, f"-Xmx{IMPORT_HEAP}", *neo4j_local.JVM_OPTIONS,
        "-cp", f"{jar}{os.pathsep}{neo4j_local.LIB_DIR}{os.sep}*",
        # The database first: --nodes/--relationships take every following word as a file.
        "org.neo4j.cli.AdminTool", "database", "import", "full", database,
        f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
        "--multiline-fields=true",  # evidence sentences may hold line breaks
        f"--overwrite-destination={'true' if overwrite else 'false'}",
        "--report-file=import.report",
    ]
    cmd += [f"--nodes={label}={path}" for label, path in files.nodes]
    cmd += [f"--relationships={type_}={path}" for type_, path in files.relationships]
    return cmd


def import_database(files: ImportFiles, data_dir: Path, database: str = "neo4j", overwrite: bool = False) -> float:
    """Run the offline import into the local server's `data_dir` (the server must be stopped);
    returns the seconds it took."""
    data_dir = Path(data_dir).resolve()
    if neo4j_local.status(data_dir) is not None:
        raise ImportFailed(f"the local Neo4j in {data_dir} is running: stop it before an offline import")
    data_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    proc = subprocess.run(
        import_command(files, database, overwrite), cwd=data_dir, env={**os.environ, "NEO4J_HOME": str(data_dir)},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-25:])
        raise ImportFailed(f"neo4j-admin database import into {data_dir} failed (exit {proc.returncode}):\n{tail}")
    return time.perf_counter() - started
