"""HTML: the page's main text (trafilatura), headed by the page's own title, with the page's
controls (打印/关闭/返回顶部 …, lexicon `page_chrome`) and its metadata line (发布时间：… 来源：…,
lexicon `page_meta`) dropped."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import lxml.html
import trafilatura

from ingest.formats.errors import FormatError
from ingest.lexicon import alternation

logging.getLogger("trafilatura").setLevel(logging.ERROR)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m[1].decode("ascii").lower() if m else None


@lru_cache(maxsize=1)
def _chrome_line() -> re.Pattern:
    word = alternation("page_chrome")
    # 【打印本页】【关闭窗口】, 打印 | 关闭, [ 返回顶部 ], 字体：大 中 小 …
    return re.compile(rf"^[\s【】\[\]（）()<>〈〉|｜/·•:：,，、]*(?:{word}[\s【】\[\]（）()<>〈〉|｜/·•:：,，、]*)+$")


@lru_cache(maxsize=1)
def _meta_label() -> re.Pattern:
    return re.compile(rf"{alternation('page_meta')}\s*[:：]")


def _is_page_meta(line: str) -> bool:
    label = _meta_label()
    return bool(label.match(line.strip())) and len(label.findall(line)) >= 2


def _drop_chrome(text: str) -> str:
    chrome = _chrome_line()
    return "\n".join(line for line in text.split("\n") if not chrome.match(line) and not _is_page_meta(line))


_SITE_SUFFIX = re.compile(r"\s*(?:_|\||｜| - | — ).*$")  # 标题_某某市人民政府门户网站


def _page_title(tree) -> str:
    for xpath in ("//h1", "//meta[@property='og:title']/@content", "//title"):
        for found in tree.xpath(xpath):
            title = " ".join((found if isinstance(found, str) else found.text_content()).split())
            if xpath == "//title":
                title = _SITE_SUFFIX.sub("", title)
            if title:
                return title
    return ""


def _fallback_text(tree) -> str:
    for bad in tree.xpath("//script|//style|//nav|//header|//footer|//noscript"):
        bad.drop_tree()
    body = tree.find("body")
    return (body if body is not None else tree).text_content()


def read_html(markup: str) -> str:
    try:
        tree = lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FormatError(f"HTML that cannot be parsed: {exc}") from exc
    try:
        main = trafilatura.extract(markup, include_tables=True, include_comments=False, favor_recall=True) or ""
    except Exception:  # trafilatura gives up on some odd markup; the plain-text fallback below still works
        main = ""
    if not main.strip():
        main = _fallback_text(tree)
    main = _drop_chrome(main).strip()
    if not main:
        raise FormatError("HTML page with no text in it")
    title = _page_title(tree)
    if title and title not in main[: len(title) + 200]:
        main = f"{title}\n{main}"
    return main
