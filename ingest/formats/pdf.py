"""PDF with a text layer, with pdfplumber (it keeps Chinese text in reading order with no stray
spaces; see docs/formats.md for the comparison with pypdf). Lines the layout wrapped at the right
margin are joined again, across pages too, so a sentence, a 《title》 or 增长11.3% is not cut by the
page width. A PDF whose pages yield no text is a scan and is refused."""
from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from io import BytesIO

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from ingest.formats.errors import FormatError, UnsupportedFormat

MIN_TEXT_CHARS_PER_PAGE = 5  # fewer visible characters than this on every page: no text layer
_SENTENCE_END = "。！？；：!?;:"
# What cannot be split from the next character, so a layout carries it to the next line whole:
# opening brackets and quotes, a number with its unit sign. Capped, so a short last line stays.
_UNBREAKABLE_START = re.compile(r"^[（(“‘《〈〔\[【]*[0-9A-Za-z.,%％]{0,12}")
_UNMAPPED = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph it has no character for
_PAGE_NUMBER = re.compile(r"^[\s\-—–]*(?:第\s*)?\d{1,4}(?:\s*页)?[\s\-—–]*$")

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # warnings about sloppy PDFs are not errors


def _page_lines(page) -> list[dict]:
    return [l for l in page.extract_text_lines(strip=True) if l["text"].strip()]


def _drop_page_numbers(pages: list[list[dict]]) -> list[list[dict]]:
    """A number alone at the foot (or head) of most pages is a page number, not text; a number
    alone there on one page only is kept."""
    for end in (-1, 0):
        numbered = [bool(p) and bool(_PAGE_NUMBER.match(p[end]["text"])) for p in pages]
        if len(pages) > 1 and sum(numbered) * 2 >= len(pages):
            pages = [p[:-1] if end == -1 and hit else p[1:] if hit else p for p, hit in zip(pages, numbered)]
    return pages


def _mark_full(lines: list[dict]) -> list[tuple[str, bool]]:
    """Each line with whether it runs to the right margin (so the layout may have wrapped it).
    The margin is where most lines end: a few hang past it (punctuation), many stop short."""
    if not lines:
        return []
    width = statistics.median(c["width"] for l in lines for c in l["chars"]) or 10.0
    rightmost = max(l["x1"] for l in lines)
    margin = Counter(round(l["x1"]) for l in lines if l["x1"] > rightmost - 3 * width).most_common(1)[0][0]
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1]["text"] if i + 1 < len(lines) else ""
        carried = len(_UNBREAKABLE_START.match(following)[0]) + 2
        out.append((line["text"], margin - line["x1"] < carried * width))
    return out


def _joiner(left: str, right: str) -> str:
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""


def _join(lines: list[tuple[str, bool]]) -> str:
    out = []
    for i, (text, full) in enumerate(lines):
        out.append(text)
        if i + 1 < len(lines):
            wrapped = full and not text.endswith(tuple(_SENTENCE_END))
            out.append(_joiner(text, lines[i + 1][0]) if wrapped else "\n")
    return "".join(out)


def read_pdf(data: bytes) -> str:
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise FormatError("encrypted PDF: cannot read its text") from exc
    except Exception as exc:  # pdfminer raises many types on broken files; any of them means unreadable
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise FormatError("encrypted PDF: cannot read its text") from exc
        raise FormatError(f"damaged PDF: {cause!r}") from exc
    if not pages:
        raise FormatError("PDF with no pages")
    if all(sum(len("".join(l["text"].split())) for l in page) < MIN_TEXT_CHARS_PER_PAGE for page in pages):
        raise UnsupportedFormat(f"scanned PDF (no text layer on any of its {len(pages)} pages): unsupported; OCR it first")
    pages = _drop_page_numbers(pages)
    text = _join(_mark_full([line for page in pages for line in page]))
    if len("".join(_UNMAPPED.findall(text))) > 0.1 * len(text):
        return _read_with_pypdf(data)
    return text


def _read_with_pypdf(data: bytes) -> str:
    """Second opinion for PDFs whose glyphs pdfminer cannot map to characters (seen with
    print-protected PDFs using predefined CJK CMaps); pypdf decodes those, without layout."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        text = "\n".join((page.extract_text() or "").strip("\n") for page in reader.pages)
    except Exception as exc:  # pypdf raises many types on broken files; any of them means unreadable
        raise FormatError(f"PDF whose fonts map no glyph to a character: {exc!r}") from exc
    if _UNMAPPED.search(text) or not text.strip():
        raise UnsupportedFormat("PDF whose fonts map no glyph to a character (text shows as (cid:N)): unsupported")
    return text
