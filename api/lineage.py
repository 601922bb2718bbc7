"""A document's lineage as a tree: its edges read with one named query, cycles cut, each node's
children cut at a page size so an answer stays small however many documents follow the root.

The root's children are paged (`skip`, `limit`); below it every node lists at most `limit`
children and says how many it has (`children_total`), so a client pages any node further by
asking for that node's own lineage."""
from __future__ import annotations

from typing import Any

from api.deps import rows
from api.paging import cursor_after
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
    def __init__(self, links: dict[str, list[dict[str, Any]]], limit: int | None = None):
        self.links = links
        self.limit = limit
        self.nodes = 0
        self.truncated = False

    def _grouped(self, doc: str, path: frozenset[str]) -> list[dict[str, Any]]:
        """The document's children in the query's order (id, relation): one per linked document
        and relation, with every place the link was read."""
        grouped: dict[tuple[str, str], dict[str, Any]] = {}
        for row in self.links.get(doc, []):
            node = grouped.setdefault((row["id"], row["relation"]), {
                "id": row["id"], "title": row["title"], "doc_number": row["doc_number"],
                "relation": row["relation"], "evidence": [], "cycle": row["id"] in path, "children": [],
                "children_total": None,
            })
            node["evidence"].append({k: row[k] for k in ("doc_id", "start", "end", "sentence")})
        return list(grouped.values())

    def children(self, doc: str, path: frozenset[str], remaining: int, skip: int = 0
                 ) -> tuple[list[dict[str, Any]], int]:
        """The page of `doc`'s children from `skip` (each expanded `remaining - 1` levels further)
        and how many children it has."""
        grouped = self._grouped(doc, path)
        end = None if self.limit is None else skip + self.limit
        out = []
        for node in grouped[skip:end]:
            if self.nodes >= MAX_NODES:
                self.truncated = True
                break
            self.nodes += 1
            if not node["cycle"] and remaining > 1:
                node["children"], node["children_total"] = self.children(node["id"], path | {node["id"]}, remaining - 1)
            out.append(node)
        return out, len(grouped)


def lineage_tree(store: Store, root: dict[str, Any], direction: str, depth: int, limit: int | None = None,
                 skip: int = 0) -> dict[str, Any]:
    tree: dict[str, Any] = {"root": {k: root.get(k) for k in ("id", "title", "doc_number")}, "direction": direction,
                            "depth": depth, "up": [], "down": [], "up_total": 0, "down_total": 0, "truncated": False}
    links = _fetch_links(store, root["id"], direction, depth)
    for side in ("up", "down"):
        if direction in (side, "both"):
            builder = _Builder(links[side], limit)
            tree[side], tree[f"{side}_total"] = builder.children(root["id"], frozenset({root["id"]}), depth, skip)
            tree["truncated"] |= builder.truncated
    # Both sides page at once; None for a whole tree (no limit).
    tree["next_cursor"] = None if limit is None else cursor_after(skip + limit, max(tree["up_total"], tree["down_total"]))
    return tree
