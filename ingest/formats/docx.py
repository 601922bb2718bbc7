"""DOCX: paragraphs and tables in document order. Tables are laid out as the table recogniser reads
Word tables flattened to text: one tab-indented cell per line, a blank line after each row."""
from __future__ import annotations

from io import BytesIO

import docx
from docx.table import Table

from ingest.formats.errors import FormatError


def read_docx(data: bytes) -> str:
    try:
        return _text(docx.Document(BytesIO(data)))
    except Exception as exc:  # python-docx, lxml and zipfile raise many types on a broken package
        raise FormatError(f"damaged Word document: {exc!r}") from exc


def _text(document) -> str:
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = []
                for cell in row.cells:
                    if cell._tc in seen:  # a merged cell is listed once per grid column it spans
                        continue
                    seen.append(cell._tc)
                    lines.append("\t" + " ".join(cell.text.split()))
                lines.append("")
        else:
            lines.append(block.text)
    return "\n".join(lines)
