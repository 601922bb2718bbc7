"""Reading one source file into text, with an error that names the file and the problem.

The file is checked before it is read: a regular file (a FIFO, socket or device is refused without
being opened, since reading one can block for ever), within the size limit. Its format is told from
its bytes (PDF, DOCX, HTML, text in any usual Chinese encoding), not from its suffix alone."""
from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.formats import sniff as formats
from ingest.formats.clean import clean_text
from ingest.formats.docx import read_docx
from ingest.formats.errors import FormatError
from ingest.formats.html import declared_charset, read_html
from ingest.formats.pdf import read_pdf
from ingest.formats.text import decode, looks_misdecoded

MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".md", ".text"}
DOCUMENT_SUFFIXES = {".pdf", ".docx"}
SOURCE_SUFFIXES = TEXT_SUFFIXES | DOCUMENT_SUFFIXES | formats.HTML_SUFFIXES


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
    format: str = formats.TEXT  # text, html, pdf, docx
    encoding: str | None = None  # for text and HTML: the encoding found (utf-8, gb18030, big5 …)


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _check_kind(path: Path, st: os.stat_result) -> None:
    for test, what in _NOT_REGULAR:
        if test(st.st_mode):
            raise IngestError(path, f"not a regular file but {what}: refused without reading")
    if not stat.S_ISREG(st.st_mode):
        raise IngestError(path, "not a regular file: refused without reading")


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, checked (kind, size) by stat before it is opened and again once open."""
    try:
        _check_kind(path, os.stat(path))
        # O_NONBLOCK: should the path become a FIFO between stat and open, open does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        _check_kind(path, st)
        if st.st_size > MAX_BYTES:
            raise IngestError(path, f"too large ({st.st_size} bytes; limit {MAX_BYTES})")
        try:
            data = f.read(MAX_BYTES + 1)
        except OSError as exc:
            raise IngestError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BYTES:  # grew while we read it
        raise IngestError(path, f"too large (over {MAX_BYTES} bytes)")
    return data


def _to_text(data: bytes, suffix: str) -> tuple[str, str, str | None]:
    """(text, format, encoding) or FormatError."""
    try:
        kind = formats.sniff(data, suffix)
    except ValueError as exc:
        raise FormatError(f"unsupported file type: {exc}") from exc
    if kind == formats.PDF:
        return read_pdf(data), kind, None
    if kind == formats.DOCX:
        return read_docx(data), kind, None
    declared = declared_charset(data) if kind == formats.HTML else None
    text, encoding = decode(data, declared)
    if looks_misdecoded(text):
        raise FormatError(f"not readable text: decoded as {encoding} it is mostly unassigned or combining characters (binary, or a wrong encoding)")
    if kind == formats.HTML or formats.looks_like_html_text(text):  # UTF-16 HTML is found only here
        return read_html(text), formats.HTML, encoding
    if suffix not in TEXT_SUFFIXES and suffix:
        text_like = sum(ch.isprintable() or ch in "\n\t\r" for ch in text[:4096])
        if text_like < 0.95 * len(text[:4096]):
            raise FormatError(f"unsupported file type ({suffix}): neither text, HTML, PDF nor DOCX")
    return text, kind, encoding


def read_source(path: Path) -> SourceText:
    path = Path(path)
    data = _read_bounded(path)
    if not data.strip():
        raise IngestError(path, "empty file")
    try:
        raw, kind, encoding = _to_text(data, path.suffix.lower())
    except FormatError as exc:
        raise IngestError(path, str(exc)) from exc
    text = clean_text(raw)
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text[:5000]):
        found = f"{kind}, {encoding}" if encoding else kind
        raise IngestError(path, f"no Chinese text found ({found}): not a policy document")
    return SourceText(path, text, hashlib.sha256(data).hexdigest(), kind, encoding)


def is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def scan_folder(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to read, files skipped with the reason), both in a stable order."""
    keep: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for f in sorted(folder.rglob("*")):
        if is_hidden(f, folder):
            inside_hidden = f.parent != folder and is_hidden(f.parent, folder)
            if not inside_hidden:  # a hidden folder is listed once, not file by file
                skipped.append((f, "hidden folder" if f.is_dir() else "hidden file"))
            continue
        if f.is_dir():
            continue
        if f.suffix.lower() not in SOURCE_SUFFIXES:
            skipped.append((f, f"unsupported type ({f.suffix or 'no suffix'})"))
            continue
        keep.append(f)
    return keep, skipped


def iter_sources(paths: list[Path], skipped: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Files named directly, and readable files (by suffix) found under folders, in a stable order.
    Files a folder holds but that are not read are appended to `skipped` with the reason."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            keep, passed_over = scan_folder(p)
            out.extend(keep)
            if skipped is not None:
                skipped.extend(passed_over)
        else:
            out.append(p)
    return out
