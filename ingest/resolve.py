"""Identity across texts, decided in one step before anything is written.

Each Document node of a batch carries what its text says of it (ingest/documents.py): 文号 and the
region whose body issued it, issuers, title core. The resolver looks the document up among those
already stored and those resolved but not yet written, and decides which node it is:
- an ingested text is the document others cite: a citation that matches it (same 文号 and issuing
  region, or same issuers and title, or a bare title a body of the citing region or above issued)
  points at it; when the text arrives after its citations, those nodes are merged into it;
- a citation with a 文号 wins over one of the same document by title alone (merged into it);
- a bare title (no issuer, no 文号) cited by a text means the most specific document of that title
  issued in the citing region's chain (its own region, city, province, then national); citations of
  it made before that document was known are moved to it, text by text, so the same title cited from
  another province keeps its own node.
Merges and moves touch other texts' facts, so they run right after the batch they belong to is
written (`after_write`). The result does not depend on the order texts arrive in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.store import Store
from graph.types import Edge, GraphBatch, Node
from ingest.documents import NATIONAL
from ingest.gazetteer import gazetteer


@dataclass
class ResolveResult:
    merged: int = 0  # nodes merged into the document they are
    moved: int = 0  # (text, bare title) citations moved to the document they name


def _issuers(p: dict[str, Any]) -> set[str]:
    return set(filter(None, (p.get("issuer") or "").split("、")))


# What a stored document must have to be under each key of Resolver._keys (besides its title core):
# the same sets as the pending index holds, or supersets of them.
_STORED_BY = {
    "issuer": lambda key: {"issuer_region": key[2]},
    "cited": lambda key: {"issuer_region": key[2]},
    "region": lambda key: {"region_adcode": key[2], "ingested": True},
    "no issuer": lambda key: {"issuer": None, "ingested": True},
    "within": lambda key: {"issuer": None, "ingested": True},
    "bare": lambda key: {"issuer": None, "doc_number": None},
}


class Resolver:
    def __init__(self, store: Store):
        self.store = store
        self.pending: dict[str, dict[str, Any]] = {}  # Document id -> props, resolved but not yet written
        # pending by what documents are looked up by (_keys), in pending's order: a first load
        # resolves a whole corpus before anything is written, so a scan per look-up was quadratic
        self._pending_by: dict[tuple, dict[str, None]] = {}
        self._pending_order: dict[str, int] = {}
        self.pending_citers: dict[str, set[str]] = {}  # bare Document id -> texts citing it, not yet written
        self._pending_citers_within: dict[tuple[str, str], set[str]] = {}  # (bare id, region) -> those texts in it
        self.regions: dict[str, str | None] = {}  # ingested text id -> its region adcode
        self.ops: list[tuple[str, ...]] = []
        self.result = ResolveResult()

    # -- look-ups --------------------------------------------------------------------------

    def _candidates(self, prop: str, value: Any) -> dict[str, dict[str, Any]]:
        found = {p["id"]: p for p in self.store.find("Document", prop, value)}
        found.update({i: self.pending[i] for i in self._pending_found([(prop, value)])})
        return found

    def _keys(self, p: dict[str, Any]) -> list[tuple]:
        """What a pending document is found by: its 文号, and its title core with each way a look-up
        by title can need it (the cases of _same_titled, _claim and _best_for), so that a title
        shared by thousands of documents (every county's 关于…的实施意见) is not scanned whole."""
        keys: list[tuple] = [("doc_number", p["doc_number"])] if p.get("doc_number") else []
        core = p.get("title_core")
        if core:
            keys.append(("issuer", core, p.get("issuer_region")))
            if not p.get("ingested"):
                keys.append(("bare", core) if self._bare(p) else ("cited", core, p.get("issuer_region")))
            else:
                keys.append(("region", core, p.get("region_adcode")))
                if not _issuers(p):
                    keys.append(("no issuer", core))
                    keys += [("within", core, r.adcode) for r in gazetteer().chain(p.get("region_adcode"))]
        return keys

    def _remember(self, doc_id: str, props: dict[str, Any]) -> None:
        old = self.pending.get(doc_id)
        for key in self._keys(old) if old is not None else ():
            self._pending_by.get(key, {}).pop(doc_id, None)
        for key in self._keys(props):
            self._pending_by.setdefault(key, {})[doc_id] = None
        self._pending_order.setdefault(doc_id, len(self._pending_order))
        self.pending[doc_id] = props

    def _pending_found(self, keys) -> list[str]:
        ids = {i for key in keys for i in self._pending_by.get(key, ())}
        return sorted(ids, key=self._pending_order.__getitem__)

    def _titled(self, core: str, keys) -> dict[str, dict[str, Any]]:
        """Documents of this title core under the keys, stored and pending: a superset of what the
        caller's test accepts (stored ones in the store's order, then pending ones in theirs)."""
        wanted = list(dict.fromkeys(tuple(_STORED_BY[key[0]](key).items()) for key in keys))
        found = {p["id"]: p for p in self.store.find("Document", "title_core", core, [dict(w) for w in wanted])}
        found.update({i: self.pending[i] for i in self._pending_found(keys)})
        return found

    def _chain(self, region: str | None) -> list[str]:
        return [r.adcode for r in gazetteer().chain(region)] + [NATIONAL] if region else [NATIONAL]

    def _region_of_text(self, doc_id: str) -> str | None:
        if doc_id not in self.regions:
            found = self.store.find("Document", "id", doc_id)
            self.regions[doc_id] = found[0].get("region_adcode") if found else None
        return self.regions[doc_id]

    @staticmethod
    def _bare(p: dict[str, Any]) -> bool:
        return not p.get("issuer") and not p.get("doc_number") and not p.get("ingested")

    def _same_number(self, p: dict[str, Any], c: dict[str, Any]) -> bool:
        return (p.get("doc_number") == c.get("doc_number")
                and (not p.get("number_scope") or not c.get("number_scope") or p["number_scope"] == c["number_scope"]))

    def _same_titled(self, p: dict[str, Any], c: dict[str, Any], chain: list[str]) -> bool:
        """c is the document p names by title (neither has a 文号 that tells them apart)."""
        if p.get("doc_number") and c.get("doc_number") and not self._same_number(p, c):
            return False
        pi, ci = _issuers(p), _issuers(c)
        if pi and ci:
            return bool(pi & ci) and p.get("issuer_region") == c.get("issuer_region")
        if pi:  # c names no issuer: an ingested text without a head or signature, in p's jurisdiction
            return bool(c.get("ingested")) and self._within(c.get("region_adcode"), p.get("issuer_region"))
        if ci:  # p is a bare title: c must be issued in the citing region's chain
            return c.get("issuer_region") in chain
        return bool(c.get("ingested")) and (c.get("region_adcode") in chain or not c.get("region_adcode"))

    def _within(self, region: str | None, scope: str | None) -> bool:
        if scope in (None, NATIONAL):
            return True
        return region is not None and scope in self._chain(region)

    def _depth(self, p: dict[str, Any], chain: list[str]) -> int:
        """How close the issuing region is to the citing text: 0 its own region … national last."""
        scope = p.get("issuer_region") or p.get("region_adcode") or NATIONAL
        return chain.index(scope) if scope in chain else len(chain)

    # -- deciding --------------------------------------------------------------------------

    def resolve(self, batch: GraphBatch) -> GraphBatch:
        own = batch.nodes.get(batch.doc_id) if batch.doc_id else None
        region = own.props.get("region_adcode") if own is not None else None
        if batch.doc_id:
            self.regions[batch.doc_id] = region
        chain = self._chain(region)
        renames: dict[str, str] = {}
        for node in list(batch.nodes.values()):
            if node.label != "Document":
                continue
            p = node.properties()
            if node.id == batch.doc_id:
                self._claim(node.id, p)
                continue
            target = self._match(node.id, p, chain)
            if target != node.id:
                renames[node.id] = target
            elif p.get("issuer_region"):
                self._claim(node.id, p)
        out = self._rename(batch, renames)
        for node in out.nodes.values():
            if node.label == "Document":
                self._remember(node.id, node.properties())
        for edge in out.edges.values():
            target = out.nodes[edge.target]
            if target.label == "Document" and self._bare(target.props) and edge.provenance:
                text = edge.provenance.doc_id
                self.pending_citers.setdefault(edge.target, set()).add(text)
                for r in gazetteer().chain(self._region_of_text(text)):
                    self._pending_citers_within.setdefault((edge.target, r.adcode), set()).add(text)
        return out

    def _match(self, node_id: str, p: dict[str, Any], chain: list[str]) -> str:
        """The node a cited document is: an ingested text, a node with more evidence, or its own id."""
        found: dict[str, dict[str, Any]] = {}
        if p.get("doc_number"):
            found.update({i: c for i, c in self._candidates("doc_number", p["doc_number"]).items() if self._same_number(p, c)})
        if p.get("title_core"):
            core, scope = p["title_core"], p.get("issuer_region")
            keys = [("issuer", core, scope), *(("issuer", core, r) for r in chain),
                    *(("region", core, r) for r in [*chain, None])]
            if _issuers(p):
                keys.append(("no issuer", core) if scope in (None, NATIONAL) else ("within", core, scope))
            for i, c in self._titled(core, keys).items():
                if i not in found and i != node_id and self._same_titled(p, c, chain):
                    found[i] = c
        found.pop(node_id, None)
        if not found:
            return node_id
        ingested = [i for i, c in found.items() if c.get("ingested")]
        if len(ingested) == 1:
            return ingested[0]
        if ingested:
            return node_id
        numbered = [i for i, c in found.items() if c.get("doc_number")]
        if p.get("doc_number"):
            for i in found:  # the same document known by title alone: it is this one
                if not found[i].get("doc_number"):
                    self.ops.append(("merge", i, node_id))
            return node_id
        if len(numbered) == 1:
            return numbered[0]
        if not _issuers(p):
            best = sorted(found, key=lambda i: self._depth(found[i], chain))
            depths = [self._depth(found[i], chain) for i in best]
            if len(best) == 1 or depths[0] < depths[1]:
                return best[0]
        return node_id

    def _claim(self, node_id: str, p: dict[str, Any]) -> None:
        """A document whose identity is now known takes over what was cited of it before."""
        if p.get("doc_number"):
            for i, c in self._candidates("doc_number", p["doc_number"]).items():
                if i != node_id and not c.get("ingested") and self._same_number(p, c):
                    self.ops.append(("merge", i, node_id))
        core = p.get("title_core")
        if not core:
            return
        # The loops below pass over ingested texts; of the cited documents they need the bare ones,
        # those of p's issuing region (a merge), and for a text without an issuer those issued in its chain.
        keys = [("bare", core), ("cited", core, p.get("issuer_region"))]
        if p.get("ingested") and not _issuers(p):
            keys += [("cited", core, r) for r in [*self._chain(p.get("region_adcode")), None]]
        candidates = self._titled(core, keys)
        if p.get("ingested") and not _issuers(p):
            # A text that does not name its issuer is the one issuer-known document of its title cited in its region.
            named = [i for i, c in candidates.items() if i != node_id and not c.get("ingested") and _issuers(c)
                     and not c.get("doc_number") and self._within(p.get("region_adcode"), c.get("issuer_region"))]
            if len(named) == 1:
                self.ops.append(("merge", named[0], node_id))
        for i, c in candidates.items():
            if i == node_id or c.get("ingested"):
                continue
            if not self._bare(c):
                if (_issuers(p) & _issuers(c) and p.get("issuer_region") == c.get("issuer_region")
                        and not (p.get("doc_number") and c.get("doc_number"))):
                    self.ops.append(("merge", i, node_id))
                continue
            for text in self._citers(i, p.get("issuer_region")):
                if text == p.get("id"):
                    continue
                text_chain = self._chain(self._region_of_text(text))
                if self._best_for(core, text_chain, node_id, p) == node_id:
                    self.ops.append(("move", text, i, node_id))

    def _citers(self, node_id: str, scope: str | None) -> set[str]:
        """The texts citing a bare title that a document issued in `scope` can be the best for: of
        those not yet written, only texts in its region (all for a national one, none without one:
        _best_for needs the scope in the text's chain)."""
        texts = {e["properties"].get("doc_id") for e in self.store.edges_of(node_id)} - {None}
        if scope == NATIONAL:
            return texts | self.pending_citers.get(node_id, set())
        return texts | self._pending_citers_within.get((node_id, scope), set()) if scope else texts

    def _best_for(self, core: str, chain: list[str], node_id: str, p: dict[str, Any]) -> str | None:
        """The most specific issuer-known document of that title in a citing text's chain."""
        known = {i: c for i, c in self._titled(core, [("issuer", core, r) for r in chain]).items() if c.get("issuer_region")}
        known[node_id] = p
        inside = sorted((self._depth(c, chain), i) for i, c in known.items() if c.get("issuer_region") in chain)
        if not inside or (len(inside) > 1 and inside[0][0] == inside[1][0]):
            return None
        return inside[0][1]

    # -- applying --------------------------------------------------------------------------

    def _rename(self, batch: GraphBatch, renames: dict[str, str]) -> GraphBatch:
        if not renames:
            return batch
        out = GraphBatch(doc_id=batch.doc_id)
        for node in batch.nodes.values():
            new_id = renames.get(node.id, node.id)
            if new_id != node.id:
                existing = self.pending.get(new_id) or next(iter(self.store.find("Document", "id", new_id)), {})
                props = {k: v for k, v in existing.items() if k != "id"}
                for k, v in node.props.items():
                    if props.get(k) is None and v is not None and k not in ("title", "title_key", "title_core"):
                        props[k] = v
                spellings = set(props.get("aliases") or []) | set(node.props.get("aliases") or [])
                for t in (node.props.get("title"),):
                    if t and t != props.get("title"):
                        spellings.add(t)
                props["aliases"] = sorted(spellings) or None
                out.nodes[new_id] = Node(node.label, new_id, {k: v for k, v in props.items() if v is not None})
            else:
                out.nodes[node.id] = node
        for edge in batch.edges.values():
            moved = Edge(edge.type, renames.get(edge.source, edge.source), renames.get(edge.target, edge.target),
                         edge.provenance, dict(edge.props))
            if moved.source != moved.target:
                out.edges.setdefault(moved.key, moved)
        return out

    def take_ops(self) -> list[tuple[str, ...]]:
        """The merges and moves decided since the last write, once each and in order, for a writer
        that applies them itself (a first load's import files); forget what they were decided on."""
        ops = list(dict.fromkeys(self.ops))
        self.ops.clear()
        self._forget()
        return ops

    def _forget(self) -> None:
        self.pending.clear()
        self._pending_by.clear()
        self._pending_order.clear()
        self.pending_citers.clear()
        self._pending_citers_within.clear()

    def after_write(self) -> ResolveResult:
        """Run the merges and moves decided since the last write; forget what is now stored."""
        done: set[tuple[str, ...]] = set()
        for op in self.ops:
            if op in done:
                continue
            done.add(op)
            if op[0] == "merge":
                r = self.store.merge_nodes(op[1], op[2])
                self.result.merged += r.nodes_removed
            else:
                self.store.move_facts(op[1], "Document", op[2], op[3])
                self.result.moved += 1
        self.ops.clear()
        self._forget()
        return self.result
