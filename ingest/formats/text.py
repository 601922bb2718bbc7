"""Bytes to str for plain text: a BOM first, then strict UTF-8, then charset-normalizer's guess
(GB18030, Big5, UTF-16 without BOM …). The encoding used is returned so that it can be reported."""
from __future__ import annotations

import codecs
import unicodedata
from collections import Counter

from charset_normalizer import from_bytes

from ingest.formats.errors import FormatError, UnsupportedFormat

_BOMS = (  # UTF-32 LE's BOM starts with UTF-16 LE's, so the longer ones are tried first
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A guess is decoded with the superset of what was guessed, so rarer characters still decode.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5": "big5hkscs", "cp950": "big5hkscs"}


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding name). `declared` is an encoding the content itself names (HTML meta)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), f"{encoding} (BOM)"
            except UnicodeDecodeError as exc:
                raise FormatError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason} at byte {exc.start}") from exc
    if b"\x00" in data[:8192]:  # only UTF-16/32 text has NUL bytes; anything else is binary
        best = from_bytes(data).best()
        if best is None or not best.encoding.startswith(("utf_16", "utf_32")):
            raise UnsupportedFormat("binary file (NUL bytes): unsupported file type, neither text, HTML, PDF nor DOCX")
        return str(best), best.encoding.replace("_", "-")
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return data.decode(_SUPERSET.get(encoding, encoding)), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise FormatError("not text in any known encoding (tried UTF-8, GB18030, Big5, UTF-16)")
    encoding = best.encoding.replace("_", "-")
    target = _SUPERSET.get(best.encoding, best.encoding)
    try:
        return data.decode(target), encoding
    except UnicodeDecodeError:
        return str(best), encoding


_IMPLAUSIBLE = {"Co", "Cn", "Cs", "Mn", "Me"}  # private use, unassigned, surrogates, combining marks
MAX_IMPLAUSIBLE_SHARE = 0.02


def looks_misdecoded(text: str) -> bool:
    """Bytes read in the wrong encoding give private-use, unassigned and combining characters,
    which real Chinese text hardly has."""
    sample = text[:5000]
    odd = sum(n for ch, n in Counter(sample).items() if unicodedata.category(ch) in _IMPLAUSIBLE)  # each character once
    return bool(sample) and odd > MAX_IMPLAUSIBLE_SHARE * len(sample)
