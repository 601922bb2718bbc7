"""The order of citing-regions' answer, defined once for every store that keeps or computes it.

A row is a citation (an edge of the `citation` group into a cited document) seen from one region
its citing document reports on, under one parent of that region (or none). Rows are ordered as
queries/citing-regions.cypher orders them: region adcode, citing title, start, document, end,
parent's name, nulls last. The region's and parent's ids follow, so ties fall the same way in
every store and two rows have one key exactly when the Cypher counts them as one row.
"""
from __future__ import annotations

from typing import Any

from graph.sort_key import encode

REPORTS_ON, PART_OF = "REPORTS_ON", "PART_OF"  # citing document -> region -> parent


def citing_key(adcode: Any, title: Any, start: Any, doc_id: Any, end: Any, parent_name: Any,
               region_id: str, parent_id: str | None) -> str:
    return encode((adcode, title, start, doc_id, end, parent_name, region_id, parent_id))
