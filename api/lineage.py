"""A document's lineage as a tree: its edges read with one named query, cycles cut."""
from __future__ import annotations

from typing import Any

from api.deps import rows
from graph.store import Store

MAX_NODES = 2000


def _fetch_links(store: Store, root: str, direction: str, depth: int) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every lineage edge the tree needs (those leaving documents fewer than `depth` hops from the
    root), by side and by the document it leaves from: one query for the whole tree."""
    links: dict[str, dict[str, list[dict[str, Any]]]] = {"up": {}, "down": {}}
    for row in rows(store, "lineage-links", id=root, direction=direction, depth=str(depth)):
        links[row["direction"]].setdefault(row["document"], []).append(row)
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
    links = _fetch_links(store, root["id"], direction, depth)
    for side in ("up", "down"):
        if direction in (side, "both"):
            builder = _Builder(links[side])
            tree[side] = builder.children(root["id"], frozenset({root["id"]}), depth)
            tree["truncated"] |= builder.truncated
    return tree
