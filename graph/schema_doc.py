"""The schema as Markdown, derived from graph/schema.yaml (docs never restate it by hand)."""
from __future__ import annotations

from graph.model import Schema, schema


def to_markdown(s: Schema | None = None) -> str:
    s = s or schema()
    lines = ["# policykg graph schema", "", "Generated from `graph/schema.yaml` by `policykg schema`.", "", "## Nodes", ""]
    lines += ["| label | key | required | properties | meaning |", "|---|---|---|---|---|"]
    for n in s.nodes.values():
        props = ", ".join(f"{k}: {v}" for k, v in n.properties.items())
        lines.append(f"| {n.label} | {n.key} | {', '.join(n.required)} | {props} | {n.doc} |")
    lines += ["", "## Relationships", "", "| type | from | to | provenance | properties | meaning |", "|---|---|---|---|---|---|"]
    for e in s.edges.values():
        def shown(k: str, v: str) -> str:
            key = e.sort_keys.get(k)
            derived = f" (derived: {key.within}'s id, then {', '.join(key.order)})" if key else ""
            return f"{k}: {v}{derived}{' (indexed)' if k in e.indexes else ''}"

        props = ", ".join(shown(k, v) for k, v in e.properties.items()) or "-"
        lines.append(f"| {e.type} | {', '.join(e.sources)} | {', '.join(e.targets)} | {'yes' if e.provenance else 'no'} | {props} | {e.doc} |")
    lines += ["", "## Provenance", "", "Every relationship marked `provenance: yes` carries:", ""]
    lines += [f"- `{k}` ({v})" for k, v in s.provenance.items()]
    return "\n".join(lines) + "\n"
