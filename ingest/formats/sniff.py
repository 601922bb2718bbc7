"""Which format a file holds, from its first bytes (and the suffix only where bytes cannot tell)."""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

PDF = "pdf"
DOCX = "docx"
HTML = "html"
TEXT = "text"

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAG = re.compile(rb"</?(?:html|head|body|div|p|span|a|table|tr|td|br|meta|script|style|ul|li|h[1-6])\b[^>]*>", re.I)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps
_KNOWN_BINARY = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
    b"Rar!": "RAR archive", b"\x1f\x8b": "gzip archive", b"7z\xbc\xaf": "7-Zip archive",
    _OLE: "legacy Office file (.doc/.xls/.wps; save it as .docx)",
}


def _looks_like_html(head: bytes) -> bool:
    # UTF-16 pages are read as text first; HTML there is caught after decoding (see reader).
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 5


def looks_like_html_text(text: str) -> bool:
    return _looks_like_html(text[:8192].encode("utf-8", "replace"))


def sniff(data: bytes, suffix: str) -> str:
    """The format name, or raises ValueError naming what the file is when it is none of ours."""
    head = data[:8192]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise ValueError("damaged ZIP archive")
        if "word/document.xml" in names:
            return DOCX
        raise ValueError("ZIP archive that is not a Word document (.docx)")
    for magic, what in _KNOWN_BINARY.items():
        if head.startswith(magic):
            raise ValueError(what)
    if suffix in HTML_SUFFIXES or _looks_like_html(head):
        return HTML
    return TEXT
