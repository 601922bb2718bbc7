"""Reading one source file into text, with an error that names the file and the problem."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
ENCODINGS = ("utf-8-sig", "gb18030")
TEXT_SUFFIXES = {".txt", ".md", ".text"}


class IngestError(Exception):
    """A file that cannot be ingested; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    content_hash: str


def read_source(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise IngestError(path, "empty file")
    if len(data) > MAX_BYTES:
        raise IngestError(path, f"too large ({len(data)} bytes; limit {MAX_BYTES})")
    if b"\x00" in data[:8192]:
        raise IngestError(path, "binary file (NUL bytes), not a text document")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise IngestError(path, "not valid UTF-8 or GB18030 text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:5000]):
        raise IngestError(path, "no Chinese text found: not a policy document")
    return SourceText(path, text, hashlib.sha256(data).hexdigest())


def iter_sources(paths: list[Path]) -> list[Path]:
    """Files named directly, and text files (by suffix) found under folders, in a stable order."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES and not f.name.startswith(".")))
        else:
            out.append(p)
    return out
