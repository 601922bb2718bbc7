"""Cross-report identity that one report cannot settle alone.

A report that cites 《X》 by title alone cannot tell whose X it is, so its X gets an id of its own,
shared by every report that cites X the same way. When the store shows that a body of the citing
report's region (or a region above it) issued a document titled X, and only one such body did,
that report's citation is re-pointed to it, keeping its provenance; citations from elsewhere stay.
Runs after each ingest, so the order in which reports arrive does not matter.
"""
from __future__ import annotations

from graph.store import Store
from queries.registry import run


def resolve_title_citations(store: Store) -> int:
    """Re-point every resolvable title-only citation; returns how many (report, title) pairs moved."""
    rows = run(store, "same-document", {})
    for row in rows:
        store.move_facts(row["report"], "Document", row["duplicate"], row["document"])
    return len(rows)
