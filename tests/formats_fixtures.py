"""Files of each format made at test time from the real seed report, so every format test reads
the same known text: a PDF (reportlab, wrapped paragraphs like a word processor's), a scanned PDF
(an image, no text layer), a DOCX (python-docx) and a government-style HTML page."""
from __future__ import annotations

from html import escape
from pathlib import Path

SEED = "000_9fd6141abc141271.txt"
# Read from the seed report: its heading, and the sentence that cites the evaluation notice.
TITLE = "2021年度滨江区人民政府履行教育职责情况自评报告"
CITED_NUMBER = "杭政教督办〔2022〕5号"


def seed_text(seeds: Path, paragraphs: int = 30) -> str:
    lines = [l for l in (seeds / SEED).read_text(encoding="utf-8").split("\n") if l.strip()]
    return "\n".join(lines[:paragraphs])


def make_pdf(text: str, path: Path, page_numbers: bool = False, user_password: str | None = None) -> Path:
    """`user_password`: "" makes a print-protected PDF anyone may open, as many agencies publish."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK")
    from reportlab.lib import pdfencrypt

    encrypt = None if user_password is None else pdfencrypt.StandardEncryption(user_password, ownerPassword="owner", canPrint=0, canCopy=0)
    doc = SimpleDocTemplate(str(path), pagesize=A4, encrypt=encrypt)

    def number(canvas, document):  # "- 3 -" centred at the foot, as government PDFs print them
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {document.page} -")

    paragraphs = [Paragraph(escape(line), style) for line in text.split("\n")]
    doc.build(paragraphs, onFirstPage=number, onLaterPages=number) if page_numbers else doc.build(paragraphs)
    return path


def make_scanned_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    for y in range(60, 760, 24):  # lines of "print" as a scanner sees them: pixels, not characters
        draw.rectangle((50, y, 550, y + 10), fill="black")
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.drawImage(ImageReader(image), 0, 0, width=595, height=842)
        c.showPage()
    c.save()
    return path


def make_docx(text: str, path: Path, table: list[list[str]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    document.save(path)
    return path


def make_html(text: str, title: str, charset: str = "utf-8") -> str:
    lines = text.split("\n")
    body = "\n".join(f"<p>{escape(l)}</p>" for l in lines if l != title and l not in title)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{escape(title)}_政务公开_区人民政府门户网站</title>
<script>var _hmt = _hmt || []; function share() {{ return "<div>"; }}</script>
<style>.nav li {{ float: left; }}</style></head>
<body>
<div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 规划计划</div>
<div class="article">
<h1>{escape(title)}</h1>
<div class="info">发布时间：2022-08-30 来源：区教育局 浏览次数：1024 字体：[大 中 小]</div>
<div class="content">
{body}
</div>
<div class="tools">【打印本页】【关闭窗口】</div>
<div class="gotop"><a href="#">返回顶部</a></div>
</div>
<div class="footer">主办单位：区人民政府办公室 版权所有 备案号：浙ICP备00000000号</div>
</body></html>
"""
