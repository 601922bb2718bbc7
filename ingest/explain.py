"""An HTML view of one document with what was recognised, so a researcher can audit extraction:
the text with recognised spans marked inline, then every mention with its canonical key, offsets
and the edges the graph holds for it."""
from __future__ import annotations

import html
from pathlib import Path

from ingest.extract import read_document
from ingest.mentions import Mention
from ingest.overlap import longest_non_overlapping
from ingest.reader import read_source

COLORS = {
    "DOC_NUMBER": "#f4a261", "TITLE": "#e9c46a", "REGION": "#8ecae6", "SCHOOL": "#b5e48c",
    "INITIATIVE": "#cdb4db", "INDICATOR": "#ffafcc",
}
STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60em;margin:2em auto;line-height:1.9}
mark{padding:0 2px;border-radius:3px} mark sub{font-size:60%;color:#444;margin-left:2px}
table{border-collapse:collapse;font-size:90%} td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}
pre{white-space:pre-wrap}
"""


def _inline(text: str, mentions: list[Mention]) -> str:
    """The text with one layer of marks; where spans overlap the longest is shown inline."""
    out, pos = [], 0
    for m in longest_non_overlapping(mentions):
        out.append(html.escape(text[pos : m.start]))
        color = COLORS.get(m.label, "#ddd")
        title = html.escape(f"{m.label} {m.key or ''} [{m.start}:{m.end}]")
        out.append(f'<mark style="background:{color}" title="{title}">{html.escape(text[m.start:m.end])}<sub>{m.label}</sub></mark>')
        pos = m.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def explain_html(path: Path) -> str:
    source = read_source(path)
    doc, batch = read_document(source.text, str(path), source.content_hash)
    report = doc._.report
    edges_at: dict[tuple[int, int], list[str]] = {}
    for e in batch.edges.values():
        if e.provenance is not None:
            edges_at.setdefault((e.provenance.start, e.provenance.end), []).append(e.type)
    mentions = sorted(doc._.mentions, key=lambda m: (m.start, -m.end))
    rows = "".join(
        f"<tr><td>{m.start}–{m.end}</td><td>{m.label}</td><td>{html.escape(m.text)}</td><td>{html.escape(str(m.key or ''))}</td>"
        f"<td>{html.escape(', '.join(sorted(set(edges_at.get((m.start, m.end), [])))))}</td></tr>"
        for m in mentions
    )
    facts = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in (("file", path), ("region", report.region), ("year", report.year), ("title", report.title),
                     ("author", report.body), ("nodes", len(batch.nodes)), ("edges", len(batch.edges)))
    )
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.label] = counts.get(m.label, 0) + 1
    legend = " ".join(f'<mark style="background:{COLORS.get(k, "#ddd")}">{k}: {n}</mark>' for k, n in sorted(counts.items()))
    return (
        f"<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>policykg explain: {html.escape(path.name)}</title>"
        f"<style>{STYLE}</style></head><body><h1>{html.escape(path.name)}</h1><table>{facts}</table><p>{legend}</p>"
        f"<pre>{_inline(source.text, mentions)}</pre><h2>Every mention</h2>"
        f"<table><tr><th>offsets</th><th>label</th><th>text</th><th>key</th><th>edges read here</th></tr>{rows}</table>"
        "</body></html>\n"
    )
