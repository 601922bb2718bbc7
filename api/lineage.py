"""A document's lineage as a tree: one named-query call per level and direction, cycles cut."""
from __future__ import annotations

from typing import Any

from api.deps import rows
from graph.store import Store

MAX_NODES = 2000


def _fetch_links(store: Store, root: str, direction: str, depth: int) -> dict[str, list[dict[str, Any]]]:
    """Every lineage edge within `depth` hops of the root, by the document it leaves from."""
    links: dict[str, list[dict[str, Any]]] = {}
    frontier, fetched = [root], set()
    for _ in range(depth):
        todo = [d for d in dict.fromkeys(frontier) if d not in fetched]
        if not todo:
            break
        fetched.update(todo)
        found = rows(store, "document-links", ids=",".join(todo), direction=direction)
        for row in found:
            links.setdefault(row["document"], []).append(row)
        frontier = [row["id"] for row in found]
    return links


class _Builder:
    def __init__(self, links: dict[str, list[dict[str, Any]]]):
        self.links = links
        self.nodes = 0
        self.truncated = False

    def children(self, doc: str, path: frozenset[str], remaining: int) -> list[dict[str, Any]]:
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        for row in self.links.get(doc, []):
            node = grouped.setdefault((row["id"], row["relation"]), {
                "id": row["id"], "title": row["title"], "doc_number": row["doc_number"],
                "relation": row["relation"], "evidence": [], "cycle": row["id"] in path, "children": [],
            })
            node["evidence"].append({k: row[k] for k in ("doc_id", "start", "end", "sentence")})
        out = []
        for node in grouped.values():
            if self.nodes >= MAX_NODES:
                self.truncated = True
                break
            self.nodes += 1
            if not node["cycle"] and remaining > 1:
                node["children"] = self.children(node["id"], path | {node["id"]}, remaining - 1)
            out.append(node)
        return out


def lineage_tree(store: Store, root: dict[str, Any], direction: str, depth: int) -> dict[str, Any]:
    tree: dict[str, Any] = {"root": {k: root[k] for k in ("id", "title", "doc_number")}, "direction": direction,
                            "depth": depth, "up": [], "down": [], "truncated": False}
    for side in ("up", "down"):
        if direction in (side, "both"):
            builder = _Builder(_fetch_links(store, root["id"], side, depth))
            tree[side] = builder.children(root["id"], frozenset({root["id"]}), depth)
            tree["truncated"] |= builder.truncated
    return tree
