"""Loads graph/schema.yaml and answers every question about labels, keys and properties.

This is the only place labels and relationship types are known; stores, export, the Neo4j
constraints and the docs all ask this model.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")

_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "float": (float, int),
    "boolean": (bool,),
    "list": (list, tuple),
}


class SchemaError(ValueError):
    """A node or edge does not fit the schema."""


@dataclass(frozen=True)
class NodeType:
    label: str
    doc: str
    key: str
    required: tuple[str, ...]
    properties: dict[str, str]


@dataclass(frozen=True)
class SortKey:
    """A property every writer derives: `within` ("source" or "target") prefixes it with that
    end's id; `order` names the values folded into it: the edge's own or "source."/"target." ones."""
    within: str
    order: tuple[str, ...]

    def value(self, source: str, target: str, props: dict[str, Any], ends: dict[str, dict[str, Any]]) -> str:
        from graph.sort_key import within

        def get(name: str) -> Any:
            end, _, prop = name.rpartition(".")
            return ends[end].get(prop) if end else props.get(prop)

        return within(source if self.within == "source" else target, [get(n) for n in self.order])


@dataclass(frozen=True)
class EdgeType:
    type: str
    doc: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    provenance: bool
    properties: dict[str, str] = field(default_factory=dict)
    sort_keys: dict[str, SortKey] = field(default_factory=dict)
    indexes: tuple[str, ...] = ()

    def derived(self, source: str, target: str, props: dict[str, Any], source_props: dict[str, Any],
                target_props: dict[str, Any]) -> dict[str, Any]:
        """The sort keys of an edge with these properties between nodes with these."""
        ends = {"source": source_props, "target": target_props}
        return {name: key.value(source, target, props, ends) for name, key in self.sort_keys.items()}


@dataclass(frozen=True)
class Schema:
    nodes: dict[str, NodeType]
    edges: dict[str, EdgeType]
    provenance: dict[str, str]
    edge_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _edge_props_cache: dict[str, dict[str, str]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def node(self, label: str) -> NodeType:
        try:
            return self.nodes[label]
        except KeyError:
            raise SchemaError(f"unknown node label {label!r}; known: {sorted(self.nodes)}") from None

    def edge(self, type_: str) -> EdgeType:
        try:
            return self.edges[type_]
        except KeyError:
            raise SchemaError(f"unknown edge type {type_!r}; known: {sorted(self.edges)}") from None

    def check_node(self, label: str, props: dict[str, Any]) -> None:
        nt = self.node(label)
        missing = [p for p in nt.required if props.get(p) in (None, "")]
        if missing:
            raise SchemaError(f"{label} node lacks required {missing}: {props!r}")
        _check_props(f"{label} node", props, nt.properties)

    def check_edge(self, type_: str, source_label: str, target_label: str, props: dict[str, Any]) -> None:
        et = self.edge(type_)
        if source_label not in et.sources or target_label not in et.targets:
            raise SchemaError(
                f"{type_} edge cannot go from {source_label} to {target_label} "
                f"(allowed {list(et.sources)} -> {list(et.targets)})"
            )
        if et.provenance:
            missing = [p for p in self.provenance if props.get(p) is None]
            if missing:
                raise SchemaError(f"{type_} edge lacks provenance {missing}")
        _check_props(f"{type_} edge", props, self._edge_props(type_))

    def fits_node(self, label: str, node_id: Any, props: dict[str, Any]) -> bool:
        """Whether check_node would pass the node's properties (None values dropped, id added),
        without building them: the quick test a batch of valid nodes takes; misfits are then told
        by check_node."""
        nt = self.nodes.get(label)
        if nt is None or not isinstance(node_id, str) or "id" not in nt.properties or nt.properties["id"] != "string":
            return False
        if not node_id and "id" in nt.required:
            return False
        return (all(p == "id" or props.get(p) not in (None, "") for p in nt.required)
                and "id" not in props and _fits(props, nt.properties))

    def fits_edge(self, type_: str, source_label: str, target_label: str, provenance: Any, props: dict[str, Any]) -> bool:
        """Whether check_edge would pass the edge (its own properties, its key and, if it has one,
        its provenance), without building its property map."""
        et = self.edges.get(type_)
        if et is None or source_label not in et.sources or target_label not in et.targets:
            return False
        allowed = self._edge_props(type_)
        if provenance is None:
            return not et.provenance and "key" not in props and _fits(props, allowed)
        if not et.provenance:
            return False
        read = provenance.as_props()
        return (all(v is not None for v in read.values()) and not (read.keys() & props.keys()) and "key" not in props
                and _fits(read, allowed) and _fits(props, allowed))

    def _edge_props(self, type_: str) -> dict[str, str]:
        """The properties an edge of this type may carry: its own, its key, and provenance if it has it."""
        found = self._edge_props_cache.get(type_)
        if found is None:
            et = self.edges[type_]
            found = self._edge_props_cache[type_] = {**et.properties, "key": "string", **(self.provenance if et.provenance else {})}
        return found

    def to_dict(self) -> dict[str, Any]:
        """The whole schema as plain data, for the API and the docs."""
        return {
            "provenance": dict(self.provenance),
            "nodes": {
                n.label: {"doc": n.doc, "key": n.key, "required": list(n.required), "properties": n.properties}
                for n in self.nodes.values()
            },
            "edges": {
                e.type: {
                    "doc": e.doc,
                    "from": list(e.sources),
                    "to": list(e.targets),
                    "provenance": e.provenance,
                    "properties": e.properties,
                }
                for e in self.edges.values()
            },
        }


def _fits(props: dict[str, Any], allowed: dict[str, str]) -> bool:
    """_check_props without the message: every property declared and of its type (None passes)."""
    for name, value in props.items():
        kind = allowed.get(name)
        if kind is None:
            return False
        if value is None:
            continue
        if not isinstance(value, _PY_TYPES[kind]) or (kind != "boolean" and isinstance(value, bool)):
            return False
    return True


def _check_props(what: str, props: dict[str, Any], allowed: dict[str, str]) -> None:
    for name, value in props.items():
        if name not in allowed:
            raise SchemaError(f"{what} has undeclared property {name!r}")
        if value is None:
            continue
        expected = _PY_TYPES[allowed[name]]
        if not isinstance(value, expected) or (allowed[name] != "boolean" and isinstance(value, bool)):
            raise SchemaError(f"{what} property {name!r} should be {allowed[name]}, got {value!r}")


def _type_name(spec: Any) -> str:
    name = spec["type"] if isinstance(spec, dict) else spec
    if name not in _PY_TYPES:
        raise SchemaError(f"unknown property type {name!r}")
    return name


def load_schema(path: Path = SCHEMA_PATH) -> Schema:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    provenance = {k: _type_name(v) for k, v in raw["provenance"].items()}
    nodes: dict[str, NodeType] = {}
    for label, spec in raw["nodes"].items():
        props = {k: _type_name(v) for k, v in spec["properties"].items()}
        key = spec["key"]
        required = tuple(spec.get("required", [key]))
        for p in (key, *required):
            if p not in props:
                raise SchemaError(f"{label}: key/required property {p!r} is not declared")
        nodes[label] = NodeType(label, spec.get("doc", ""), key, required, props)
    edges: dict[str, EdgeType] = {}
    for type_, spec in raw["edges"].items():
        for label in (*spec["from"], *spec["to"]):
            if label not in nodes:
                raise SchemaError(f"edge {type_} names unknown label {label!r}")
        props = {k: _type_name(v) for k, v in (spec.get("properties") or {}).items()}
        sort_keys = {name: SortKey(k["within"], tuple(k["order"])) for name, k in (spec.get("sort_keys") or {}).items()}
        indexes = tuple(spec.get("indexes") or ())
        for name, key in sort_keys.items():
            if props.get(name) != "string" or key.within not in ("source", "target"):
                raise SchemaError(f"edge {type_}: sort key {name!r} must be a declared string property within source or target")
        for name in indexes:
            if name not in props:
                raise SchemaError(f"edge {type_}: indexed property {name!r} is not declared")
        edges[type_] = EdgeType(
            type_, spec.get("doc", ""), tuple(spec["from"]), tuple(spec["to"]), bool(spec["provenance"]), props,
            sort_keys, indexes,
        )
    groups = {name: tuple(spec["types"]) for name, spec in (raw.get("edge_groups") or {}).items()}
    for name, types in groups.items():
        unknown = [t for t in types if t not in edges]
        if unknown or len(set(types)) != len(types) or not types:
            raise SchemaError(f"edge group {name}: types must be distinct declared edge types, got {list(types)}")
    return Schema(nodes, edges, provenance, groups)


@lru_cache(maxsize=1)
def schema() -> Schema:
    """The project's schema, loaded once."""
    return load_schema()
