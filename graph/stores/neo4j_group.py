"""Writing one group of documents' rows in one transaction, without MERGE where the answer is known.

One read finds which of the group's node ids exist (their element ids and properties); new nodes
are CREATEd, existing ones get a SET only when a property differs. Edges then find their ends by
element id, not through the key indexes again: an edge read from a document of the group is
CREATEd (its old version was removed first), as is any edge touching a node created just now,
all types in one statement; the rest (PART_OF between existing regions) are MERGEd by key. No
statement plans an Eager, and each is planned once (FIXED_PLAN).

Element ids are read without locks, so a concurrent writer could delete a node between the read
and its use: every statement counts the rows it matched, and a shortfall raises EndsVanished (as
a concurrent CREATE of the same id raises a constraint error) so the caller re-runs the group.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from neo4j import ManagedTransaction

from graph.model import schema
from graph.stores.neo4j_rows import EdgeRow, Rows

ROWS_PER_STATEMENT = 5000
# Every statement here seeks by unique key, index or element id, whatever the counts: the plan
# cached on first use stays right. Without this, a database growing from empty has each statement
# replanned every few groups, and planning the UNION reads cost more server CPU than running them.
FIXED_PLAN = "CYPHER replan=skip "


class EndsVanished(RuntimeError):
    """A node read at the start of the group's transaction was gone when a statement used it."""


def _find_existing_query() -> str:
    branches = [
        f"UNWIND $ids.{label} AS id MATCH (n:{label} {{id: id}}) USING INDEX n:{label}(id) RETURN n"
        for label in schema().nodes
    ]
    return (
        FIXED_PLAN + "CALL () { " + " UNION ALL ".join(branches) + " } "
        "RETURN n.id AS id, labels(n)[0] AS label, elementId(n) AS element, properties(n) AS props"
    )


_FIND_EXISTING = _find_existing_query()
_UPDATE_NODES = FIXED_PLAN + "UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row[0] SET n += row[1] RETURN count(*) AS n"
_ENDS = FIXED_PLAN + "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row[0] MATCH (b) WHERE elementId(b) = row[1] "


def _create_nodes_query(label: str) -> str:
    schema().node(label)
    # By position: returning row.id instead makes the planner add an Eager (it cannot tell that
    # `row` is a map and not the node just written).
    # One record of two lists rather than a record per node (the driver builds each record in Python).
    return (FIXED_PLAN + f"UNWIND range(0, size($rows) - 1) AS i CREATE (n:{label}) SET n = $rows[i] "
            "RETURN collect(i) AS i, collect(elementId(n)) AS elements")


# Every type in one statement (a dynamic type, Neo4j 5.26): a group's new edges take a few
# statements of 5,000 rows rather than one or more per type. The type is a checked EdgeRow's.
_CREATE_EDGES = _ENDS + "CREATE (a)-[r:$(row[3])]->(b) SET r = row[2] RETURN count(*) AS n"


def _merge_edges_query(type_: str) -> str:
    schema().edge(type_)
    return _ENDS + (
        f"MERGE (a)-[r:{type_} {{key: row[2].key}}]->(b) ON CREATE SET r = row[2] ON MATCH SET r += row[2] "
        "RETURN count(*) AS n"
    )


def _chunks(rows: list, size: int = ROWS_PER_STATEMENT) -> Iterable[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _same(stored: Any, value: Any) -> bool:
    if isinstance(value, tuple):
        value = list(value)
    return type(stored) is type(value) and stored == value


def existing_nodes(tx: ManagedTransaction, rows: Rows) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """id -> (label, element id, stored properties) of the group's nodes and documents already in
    the database (a document's facts are replaced even if its batch lacks its node)."""
    ids: dict[str, set[str]] = defaultdict(set)
    for node_id, row in rows.nodes.items():
        ids[row.label].add(node_id)
    ids["Document"].update(rows.doc_ids)
    found = {}
    for rec in tx.run(_FIND_EXISTING, ids={label: sorted(v) for label, v in ids.items()}):
        found[rec["id"]] = (rec["label"], rec["element"], rec["props"])
    return found


def write_nodes(tx: ManagedTransaction, rows: Rows, existing: dict[str, tuple[str, str, dict[str, Any]]],
                removed_docs: set[str]) -> tuple[dict[str, str], int, set[str]]:
    """Create the new nodes and update the changed ones; returns (id -> element id, how many
    were created, the ids created). An Observation of a document whose facts were removed in this
    transaction was deleted with them: it is new even though the read saw it."""
    elements: dict[str, str] = {}
    new: dict[str, list[dict[str, Any]]] = defaultdict(list)
    changed: list[list[Any]] = []
    fresh: set[str] = set()
    for node_id, row in rows.nodes.items():
        seen = existing.get(node_id)
        if seen is None or (seen[0] == "Observation" and seen[2].get("doc_id") in removed_docs):
            new[row.label].append(row.props)
            fresh.add(node_id)
            continue
        elements[node_id] = seen[1]
        if not all(_same(seen[2].get(k), v) for k, v in row.props.items()):
            changed.append([seen[1], row.props])
    created = 0
    for label, node_rows in new.items():
        stmt = _create_nodes_query(label)
        for chunk in _chunks(node_rows):
            result = tx.run(stmt, rows=chunk)
            rec = result.single()
            elements.update((chunk[i]["id"], element) for i, element in zip(rec["i"], rec["elements"]))
            created += result.consume().counters.nodes_created
    for chunk in _chunks(changed):
        _expect(tx.run(_UPDATE_NODES, rows=chunk).single()["n"], len(chunk), "nodes to update")
    return elements, created, fresh


def write_edges(tx: ManagedTransaction, edges: list[EdgeRow], elements: dict[str, str], fresh: set[str]) -> int:
    """CREATE the edges that cannot exist yet, MERGE the others; returns how many were created."""
    new: list[list[Any]] = []
    old: dict[str, list[list[Any]]] = defaultdict(list)
    for e in edges:
        if e.owned or e.source in fresh or e.target in fresh:
            new.append([elements[e.source], elements[e.target], e.props, e.type])
        else:
            old[e.type].append([elements[e.source], elements[e.target], e.props])
    created = 0
    for stmt, what, edge_rows in [(_CREATE_EDGES, "new edges", new)] + [
        (_merge_edges_query(type_), f"{type_} edges", rows) for type_, rows in old.items()
    ]:
        for chunk in _chunks(edge_rows):
            result = tx.run(stmt, rows=chunk)
            _expect(result.single()["n"], len(chunk), what)
            created += result.consume().counters.relationships_created
    return created


def _expect(matched: int, sent: int, what: str) -> None:
    if matched != sent:
        raise EndsVanished(f"{sent - matched} of {sent} {what} lost a node read earlier in the transaction")
