"""A read view of the embedded store: what the query twins' accessors need, one SQL look-up each.

Used inside one read transaction (`EmbeddedStore.snapshot()`), so a query sees one consistent
state of the store however many look-ups it makes while a writer commits. Node properties are
cached for the life of the view, and so is each node's list of edges of a type: a region read
for every citing report is parsed and its parents looked up once.
"""
from __future__ import annotations

import json
import sqlite3
import re
from typing import Any, Iterator, Sequence

from graph.model import schema
from graph.stores.sqlite_citing import citing_page
from graph.stores.sqlite_schema import EDGE_COLUMNS, EDGE_JOINS, INDEXED_PROPS, edge_props, group_condition, walk_index


# Edge properties kept in columns; the rest are in the edge's JSON. Provenance columns are NULL for
# an edge read from no document, as the property is absent then.
_EDGE_ORDER = {"doc_id": "d.doc_id", "start": "CASE WHEN d.doc_id IS NULL THEN NULL ELSE e.start END",
               "end": "CASE WHEN d.doc_id IS NULL THEN NULL ELSE e.stop END"}


def _order_column(key: tuple[str, str]) -> str:
    side, prop = key
    if not re.fullmatch(r"[a-z_]+", prop) or side not in ("edge", "other"):
        raise ValueError(f"not an order key: {key!r}")
    if side == "edge":
        return _EDGE_ORDER.get(prop, f"json_extract(e.props, '$.{prop}')")
    return f"json_extract(n.props, '$.{prop}')"


def _indexed(type_: str, order: Sequence[tuple[str, str]]) -> bool:
    """Whether the order is one sort key of the edge type that the store indexes (by target)."""
    et = schema().edges.get(type_)
    return et is not None and len(order) == 1 and order[0][0] == "edge" and order[0][1] in et.indexes \
        and order[0][1] in et.sort_keys


class SqliteView:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._nodes: dict[str, list[Any]] = {}  # id -> [nid, label, props JSON (None until read), parsed props or None]
        self._edge_lists: dict[tuple[int, str, bool], list[tuple[str, dict[str, Any]]]] = {}

    def _node(self, node_id: str) -> list[Any] | None:
        entry = self._nodes.get(node_id)
        if entry is None:
            row = self.conn.execute("SELECT nid, label, props FROM nodes WHERE id = ?", (node_id,)).fetchone()
            if row is None:
                return None
            entry = self._nodes[node_id] = [row[0], row[1], row[2], None]
        return entry

    def _parsed(self, entry: list[Any]) -> dict[str, Any]:
        if entry[3] is None:
            if entry[2] is None:  # met as a neighbour, where only its id and label were read
                entry[2] = self.conn.execute("SELECT props FROM nodes WHERE nid = ?", (entry[0],)).fetchone()[0]
            entry[3] = json.loads(entry[2])
        return entry[3]

    def has(self, node_id: str) -> bool:
        return self._node(node_id) is not None

    def props(self, node_id: str) -> dict[str, Any]:
        entry = self._node(node_id)
        if entry is None:
            raise KeyError(node_id)
        return self._parsed(entry)

    def label(self, node_id: str) -> str:
        entry = self._node(node_id)
        if entry is None:
            raise KeyError(node_id)
        return entry[1]

    def _edges(self, node_id: str, type_: str, outgoing: bool) -> list[tuple[str, dict[str, Any]]]:
        """(other end, edge properties) of node_id's edges of type_, read once per view."""
        entry = self._node(node_id)
        if entry is None:
            return []
        cache_key = (entry[0], type_, outgoing)
        found = self._edge_lists.get(cache_key)
        if found is None:
            found = self._edge_lists[cache_key] = list(self._read_edges(node_id, entry[0], type_, outgoing))
        return found

    def _read_edges(self, node_id: str, nid: int, type_: str, outgoing: bool) -> Iterator[tuple[str, dict[str, Any]]]:
        near, far = ("src", "dst") if outgoing else ("dst", "src")
        rows = self.conn.execute(
            f"SELECT n.nid, n.id, n.label, n.props, {EDGE_COLUMNS} FROM edges e JOIN nodes n ON n.nid = e.{far} "
            f"{EDGE_JOINS} WHERE e.{near} = ? AND e.type = ? ORDER BY e.eid",
            (nid, type_),
        ).fetchall()
        return self._decode_edges(node_id, outgoing, rows)

    def _decode_edges(self, node_id: str, outgoing: bool, rows: list[tuple]) -> Iterator[tuple[str, dict[str, Any]]]:
        for nid, other, label, props, etype, start, stop, extra, doc_id, sentence in rows:
            if other not in self._nodes:
                self._nodes[other] = [nid, label, props, None]
            source, target = (node_id, other) if outgoing else (other, node_id)
            yield other, edge_props(source, target, etype, start, stop, extra, doc_id, sentence)

    def first_edges(self, node_id: str, type_: str, outgoing: bool, order: Sequence[tuple[str, str]],
                    limit: int | None, skip: int = 0) -> tuple[int, list[tuple[str, dict[str, Any]]]]:
        """How many edges of type_ node_id has, and `limit` of them (all when None) after the first
        `skip` in `order`: ("edge", prop) or ("other", prop) keys, ascending, nulls last. SQLite
        sorts, so a page of a large fan-in reads and decodes only the page's rows."""
        entry = self._node(node_id)
        if entry is None:
            return 0, []
        near, far = ("src", "dst") if outgoing else ("dst", "src")
        total = self.conn.execute(f"SELECT count(*) FROM edges WHERE {near} = ? AND type = ?", (entry[0], type_)).fetchone()[0]
        cut = -1 if limit is None else limit
        if not outgoing and _indexed(type_, order):
            # A sort key (never null) indexed by target: the page is read off the index, in order.
            sql = f"SELECT e.eid FROM edges e WHERE e.dst = ? AND e.type = '{type_}' ORDER BY {_order_column(order[0])}, e.eid LIMIT ? OFFSET ?"
            args: tuple = (entry[0], cut, skip)
        else:
            keys = ", ".join(f"{x} IS NULL, {x}" for x in map(_order_column, order))
            # Sort on the keys alone; only the page's edges are then read whole (sentence, properties).
            sql = (f"SELECT e.eid FROM edges e JOIN nodes n ON n.nid = e.{far} LEFT JOIN docs d ON d.did = e.did "
                   f"WHERE e.{near} = ? AND e.type = ? ORDER BY {keys}, e.eid LIMIT ? OFFSET ?")
            args = (entry[0], type_, cut, skip)
        eids = [eid for (eid,) in self.conn.execute(sql, args)]
        rows = self.conn.execute(
            f"SELECT e.eid, n.nid, n.id, n.label, n.props, {EDGE_COLUMNS} FROM edges e JOIN nodes n ON n.nid = e.{far} "
            f"{EDGE_JOINS} WHERE e.eid IN (SELECT value FROM json_each(?))", (json.dumps(eids),),
        ).fetchall()
        position = {eid: i for i, eid in enumerate(eids)}
        rows.sort(key=lambda row: position[row[0]])
        return total, list(self._decode_edges(node_id, outgoing, [row[1:] for row in rows]))

    def between(self, source: str, type_: str, target: str) -> list[dict[str, Any]]:
        """The properties of every type_ edge from source to target (one index look-up)."""
        a, b = self._node(source), self._node(target)
        if a is None or b is None:
            return []
        rows = self.conn.execute(
            # By (src, type, dst): left to itself SQLite takes (dst, type), all of a large fan-in.
            f"SELECT n.nid, n.id, n.label, n.props, {EDGE_COLUMNS} FROM edges e INDEXED BY edges_out "
            f"JOIN nodes n ON n.nid = e.dst {EDGE_JOINS} WHERE e.src = ? AND e.type = ? AND e.dst = ? ORDER BY e.eid",
            (a[0], type_, b[0])).fetchall()
        return [props for _, props in self._decode_edges(source, True, rows)]

    def out(self, node_id: str, type_: str) -> Iterator[tuple[str, dict[str, Any]]]:
        return iter(self._edges(node_id, type_, True))

    def out_each(self, node_ids: Sequence[str], type_: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(node, other end, edge properties) of each node's outgoing type_ edges, nodes in the order
        given: the edges of every node not read yet come in one query, not one per node."""
        return self._each(node_ids, type_, True)

    def in_each(self, node_ids: Sequence[str], type_: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """As out_each, for incoming edges."""
        return self._each(node_ids, type_, False)

    def edges_of(self, refs: Sequence[Any]) -> list[dict[str, Any]]:
        """The whole properties of the edges a page (citing_page) refers to, in the order given."""
        rows = self.conn.execute(
            f"SELECT e.eid, a.id, b.id, {EDGE_COLUMNS} FROM edges e JOIN nodes a ON a.nid = e.src JOIN nodes b ON b.nid = e.dst "
            f"{EDGE_JOINS} WHERE e.eid IN (SELECT value FROM json_each(?))", (json.dumps(list(refs)),)).fetchall()
        found = {eid: edge_props(source, target, *rest) for eid, source, target, *rest in rows}
        return [found[ref] for ref in refs]

    def prop_each(self, node_ids: Sequence[str], prop: str) -> dict[str, Any]:
        """Each node's value of one scalar property (None where it has none), read in one query for the
        nodes whose properties are not parsed yet, without parsing them."""
        entries = self._entries(node_ids)
        out = {n: self._parsed(e).get(prop) for n, e in entries.items() if e[3] is not None}
        unread = {e[0]: n for n, e in entries.items() if e[3] is None}
        for nid, (value,) in self.values_of(list(unread), (prop,)).items():
            out[unread[nid]] = value
        return out

    def _each(self, node_ids: Sequence[str], type_: str, outgoing: bool) -> Iterator[tuple[str, str, dict[str, Any]]]:
        entries = self._entries(node_ids)
        unread = {e[0]: n for n, e in entries.items() if (e[0], type_, outgoing) not in self._edge_lists}
        if unread:
            near, far = ("src", "dst") if outgoing else ("dst", "src")
            rows: dict[int, list[tuple]] = {nid: [] for nid in unread}
            for row in self.conn.execute(
                f"SELECT e.{near}, n.nid, n.id, n.label, n.props, {EDGE_COLUMNS} FROM edges e JOIN nodes n ON n.nid = e.{far} "
                f"{EDGE_JOINS} WHERE e.{near} IN (SELECT value FROM json_each(?)) AND e.type = ? ORDER BY e.{near}, e.eid",
                (json.dumps(list(unread)), type_),
            ):
                rows[row[0]].append(row[1:])
            for nid, found in rows.items():
                self._edge_lists[(nid, type_, outgoing)] = list(self._decode_edges(unread[nid], outgoing, found))
        for node_id in node_ids:
            entry = entries.get(node_id)
            for other, props in self._edge_lists.get((entry[0], type_, outgoing), []) if entry else ():
                yield node_id, other, props

    def _entries(self, node_ids: Sequence[str]) -> dict[str, list[Any]]:
        """Each distinct node of node_ids the store holds, with its entry."""
        return {n: e for n in dict.fromkeys(node_ids) if (e := self._node(n)) is not None}

    def in_(self, node_id: str, type_: str) -> Iterator[tuple[str, dict[str, Any]]]:
        return iter(self._edges(node_id, type_, False))

    def _rows(self, sql: str, args: tuple) -> Iterator[tuple[str, dict[str, Any]]]:
        for nid, node_id, label, props in self.conn.execute(sql, args).fetchall():
            entry = self._nodes.get(node_id)
            if entry is None:
                entry = self._nodes[node_id] = [nid, label, props, None]
            yield node_id, self._parsed(entry)

    def _find_any(self, label: str, prop: str, value: Any, any_of) -> Iterator[tuple[str, dict[str, Any]]]:
        """One indexed query per property map (LOOKUP_INDEXES), merged in node order."""
        rows: dict[int, tuple] = {}
        for wanted in any_of:
            # property names are the caller's constants (the resolver's look-ups), never input
            where = "".join(f" AND json_extract(props, '$.{p}') IS ?" for p in wanted)
            sql = f"SELECT nid, id, label, props FROM nodes WHERE label = ? AND json_extract(props, '$.{prop}') = ?{where}"
            for row in self.conn.execute(sql, (label, value, *wanted.values())):
                rows[row[0]] = row
        for nid, node_id, label_, props in sorted(rows.values()):
            entry = self._nodes.get(node_id)
            if entry is None:
                entry = self._nodes[node_id] = [nid, label_, props, None]
            yield node_id, self._parsed(entry)

    def find_named(self, label: str, value: Any, props: Sequence[str], lists: Sequence[str]
                   ) -> Iterator[tuple[str, dict[str, Any]]]:
        """Nodes of `label` one of whose `props` equals value, or one of whose list properties
        `lists` holds it, in node order: the test runs in SQL, so no node that fails it is parsed."""
        if not all(re.fullmatch(r"[a-z_]+", p) for p in (*props, *lists)):
            raise ValueError(f"not property names: {props!r}, {lists!r}")
        tests = [f"json_extract(props, '$.{p}') = ?" for p in props] + [
            f"EXISTS (SELECT 1 FROM json_each(props, '$.{p}') WHERE value = ?)" for p in lists]
        return self._rows(f"SELECT nid, id, label, props FROM nodes WHERE label = ? AND ({' OR '.join(tests)}) ORDER BY nid",
                          (label, *[value] * len(tests)))

    def nodes(self, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
        return self._rows("SELECT nid, id, label, props FROM nodes WHERE label = ? ORDER BY nid", (label,))

    def find(self, label: str, prop: str, value: Any, any_of=None) -> Iterator[tuple[str, dict[str, Any]]]:
        if any_of is not None:
            return self._find_any(label, prop, value, any_of)
        return self._rows(*self._find_sql(label, prop, value))

    def _find_sql(self, label: str, prop: str, value: Any, columns: str = "nid, id, label, props") -> tuple[str, tuple]:
        if prop == "id":
            return f"SELECT {columns} FROM nodes WHERE id = ? AND label = ?", (value, label)
        if prop not in INDEXED_PROPS:
            # No index: scan the label, still in SQL; the path is a constant of the caller's, not input.
            path = "$." + json.dumps(prop, ensure_ascii=False)
            return (f"SELECT {columns} FROM nodes WHERE label = ? AND json_extract(props, ?) = ? ORDER BY nid",
                    (label, path, value))
        return (f"SELECT {columns} FROM nodes WHERE label = ? AND json_extract(props, '$.{prop}') = ? ORDER BY nid",
                (label, value))

    # -- walks on handles: a node's row id stands for it until an answer needs its id -----------

    def handle_each(self, node_ids: Sequence[str]) -> dict[str, int]:
        """The handle of each node of node_ids the store holds."""
        return {n: e[0] for n, e in self._entries(node_ids).items()}

    def find_handles(self, label: str, prop: str, value: Any) -> list[tuple[int]]:
        """(handle,) of what `find` finds, in its order, read off the property's index alone."""
        return self.conn.execute(*self._find_sql(label, prop, value, "nid")).fetchall()

    def values_of(self, handles: Sequence[int], props: Sequence[str]) -> dict[int, tuple]:
        """Each handle's values of some scalar properties (None where it has none), extracted in SQL
        without parsing the rest."""
        if not handles:
            return {}
        paths = ["$." + json.dumps(p, ensure_ascii=False) for p in props]
        columns = "".join(", json_extract(props, ?)" for _ in props)
        return {nid: tuple(values) for nid, *values in self.conn.execute(
            f"SELECT nid{columns} FROM nodes WHERE nid IN (SELECT value FROM json_each(?))", (*paths, json.dumps(list(handles))))}

    def ids_of(self, handles: Sequence[int]) -> dict[int, str]:
        """The id of each node handle, in one query for those not met yet; the nodes' properties
        are read later, if asked for."""
        found: dict[int, str] = {}
        for nid, node_id, label in self.conn.execute(
                "SELECT nid, id, label FROM nodes WHERE nid IN (SELECT value FROM json_each(?))", (json.dumps(list(handles)),)):
            if node_id not in self._nodes:
                self._nodes[node_id] = [nid, label, None, None]
            found[nid] = node_id
        return found

    def ids_in_order(self, handles: Sequence[int], skip: int, limit: int | None) -> list[tuple[int, str]]:
        """(handle, id) of the nodes, by id, `limit` of them (all when None) after the first `skip`:
        SQLite sorts, and only the slice becomes Python values."""
        return self.conn.execute(
            "SELECT nid, id FROM nodes WHERE nid IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ? OFFSET ?",
            (json.dumps(list(handles)), -1 if limit is None else limit, skip)).fetchall()

    def walk_each(self, handles: Sequence[int], group: str, forward: bool) -> list[tuple[int, int]]:
        """(handle, handle of the other end) of each edge of an edge group (graph/schema.yaml) from
        (forward) or into the nodes, one query on the group's own index."""
        near, far = ("src", "dst") if forward else ("dst", "src")
        return self.conn.execute(
            f"SELECT e.{near}, e.{far} FROM edges e INDEXED BY {walk_index(group, forward)} "
            f"WHERE e.{near} IN (SELECT value FROM json_each(?)) AND {group_condition(group, 'e.type')}",
            (json.dumps(list(handles)),)).fetchall()

    def step_each(self, handles: Sequence[int], type_: str, forward: bool, label: str | None = None,
                  props: Sequence[str] = ()) -> list[tuple]:
        """(handle, handle of the other end, *the edge's values of `props`) of each `type_` edge from
        (forward) or into the nodes, the other end of `label` if one is given: one query, off the
        (end, type) index unless edge properties are asked for, and no edge decoded."""
        near, far = ("src", "dst") if forward else ("dst", "src")
        join = f" JOIN nodes n ON n.nid = e.{far} AND n.label = ?" if label is not None else ""
        values = "".join(", json_extract(e.props, ?)" for _ in props)
        paths = ["$." + json.dumps(p, ensure_ascii=False) for p in props]
        return self.conn.execute(
            f"SELECT e.{near}, e.{far}{values} FROM edges e{join} "
            f"WHERE e.{near} IN (SELECT value FROM json_each(?)) AND e.type = ?",
            (*paths, *([label] if label is not None else []), json.dumps(list(handles)), type_)).fetchall()

    def citing_page(self, targets: Sequence[int], skip: int, limit: int | None
                    ) -> tuple[int, list[tuple[str, str | None, str, Any]]]:
        """How many rows citing-regions makes of the citations of the target handles, and the page of
        them in its order (graph/citing_order.py): (region, parent or None, citing document, edge
        reference), read off the order the store keeps (graph/stores/sqlite_citing.py)."""
        total, page = citing_page(self.conn, targets, skip, limit)
        ids = self.ids_of([n for _, *ends in page for n in ends if n is not None])
        return total, [(ids[region], ids[parent] if parent is not None else None, ids[src], eid)
                       for eid, src, region, parent in page]
