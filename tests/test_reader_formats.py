"""Every format policykg reads, made from real text, read back through read_source and extract:
PDF, DOCX, HTML (also saved as .txt), text in UTF-8/GB18030/Big5/UTF-16; and what is refused."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.recognisers.title import find_titles
from ingest.reader import IngestError, iter_sources, read_source
from tests.formats_fixtures import CITED_NUMBER, TITLE, make_docx, make_html, make_pdf, make_scanned_pdf, seed_text

REPO = Path(__file__).resolve().parents[1]
POLICYKG = [sys.executable, "-c", "from api.cli import main; raise SystemExit(main())"]


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _document(source):
    batch = extract(source.text, str(source.path), source.content_hash)
    return batch, batch.nodes[batch.doc_id]


def _numbers_cited(batch) -> set[str]:
    return {n.props.get("doc_number") for n in batch.nodes.values() if n.label == "Document"} - {None}


def test_pdf_with_text_layer_reads_the_whole_text_with_wrapped_lines_joined(seeds, tmp_path):
    text = seed_text(seeds)
    source = read_source(make_pdf(text, tmp_path / "report.pdf"))
    assert source.format == "pdf"
    assert _compact(source.text) == _compact(text)
    # The citing sentence is longer than a line of the page; read back it is one line again.
    citing = next(l for l in text.split("\n") if "杭政教督办" in l)
    assert citing in source.text.split("\n")
    batch, doc = _document(source)
    assert doc.props["title"] == TITLE
    assert CITED_NUMBER in _numbers_cited(batch)


def test_pdf_page_numbers_are_dropped_and_sentences_run_on_across_pages(seeds, tmp_path):
    text = seed_text(seeds, paragraphs=60)
    source = read_source(make_pdf(text, tmp_path / "report.pdf", page_numbers=True))
    assert _compact(source.text) == _compact(text)
    assert "- 2 -" not in source.text
    paragraphs = [_compact(l) for l in text.split("\n") if l.strip()]
    for line in map(_compact, filter(str.strip, source.text.split("\n"))):
        assert any(line in p for p in paragraphs), line  # never two paragraphs run together
        if not line.endswith(("。", "；", "：")):  # a break the layout made (not a sentence end) is undone
            assert any(p.endswith(line) for p in paragraphs), line


def test_print_protected_pdf_is_read_and_a_password_protected_one_refused(seeds, tmp_path):
    text = seed_text(seeds, paragraphs=10)
    source = read_source(make_pdf(text, tmp_path / "protected.pdf", user_password=""))
    assert _compact(source.text) == _compact(text)
    locked = make_pdf(text, tmp_path / "locked.pdf", user_password="secret")
    with pytest.raises(IngestError, match="encrypted PDF: cannot read its text"):
        read_source(locked)


def test_damaged_pdf_is_refused_by_name(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> and then nothing")
    with pytest.raises(IngestError) as err:
        read_source(path)
    assert err.value.path == str(path) and err.value.problem.startswith("damaged PDF")


def test_damaged_docx_is_refused_by_name(tmp_path):
    import zipfile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types")
        z.writestr("word/document.xml", "<w:document>未闭合")
    with pytest.raises(IngestError) as err:
        read_source(path)
    assert err.value.path == str(path) and err.value.problem.startswith("damaged Word document")


def test_scanned_pdf_is_refused_as_unsupported(tmp_path):
    path = make_scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(IngestError) as err:
        read_source(path)
    assert err.value.path == str(path)
    assert "scanned PDF" in err.value.problem and "unsupported" in err.value.problem


def test_docx_paragraphs_and_table_cells_are_read(seeds, tmp_path):
    text = seed_text(seeds, paragraphs=12)
    table = [["学段", "生均教学仪器设备值(元)"], ["小学", "4392.69"]]
    source = read_source(make_docx(text, tmp_path / "report.docx", table))
    assert source.format == "docx"
    assert source.text.startswith(text)
    assert "\t小学\n\t4392.69\n" in source.text  # the layout the table recogniser reads
    batch, doc = _document(source)
    assert doc.props["title"] == TITLE
    assert CITED_NUMBER in _numbers_cited(batch)


@pytest.mark.parametrize("name", ["page.html", "page.txt"])
def test_html_gives_main_text_and_the_real_title_and_no_tags_or_chrome(seeds, tmp_path, name):
    text = seed_text(seeds, paragraphs=20)
    title_lines = "\n".join(text.split("\n")[:2])  # the heading is broken over two lines
    path = tmp_path / name
    path.write_text(make_html(text, title_lines.replace("\n", "")), encoding="utf-8")
    source = read_source(path)
    assert source.format == "html"
    for chrome in ("打印本页", "关闭窗口", "返回顶部", "当前位置", "var _hmt", "版权所有", "浏览次数"):
        assert chrome not in source.text
    batch, doc = _document(source)
    assert doc.props["title"] == TITLE
    sentences = [e.provenance.sentence for e in batch.edges.values() if e.provenance]
    assert sentences and not [s for s in sentences if re.search(r"<[a-zA-Z/!]", s)]
    assert CITED_NUMBER in _numbers_cited(batch)


def test_html_without_a_heading_takes_its_title_from_the_title_tag_without_the_site_name(seeds, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(make_html(seed_text(seeds, 10), TITLE).replace(f"<h1>{TITLE}</h1>", ""), encoding="utf-8")
    source = read_source(path)
    assert source.text.split("\n")[0] == TITLE
    assert "门户网站" not in source.text


def test_html_declared_gbk_is_decoded(seeds, tmp_path):
    text = seed_text(seeds, paragraphs=8)
    path = tmp_path / "page.htm"
    path.write_bytes(make_html(text, TITLE, charset="gbk").encode("gbk"))
    source = read_source(path)
    assert (source.format, source.encoding) == ("html", "gbk")
    assert "滨江区全面开展2021年度履行教育职责情况自查" in source.text


@pytest.mark.parametrize("encoding,bom,reported", [
    ("gb18030", b"", "gb18030"),
    ("utf-16-le", b"\xff\xfe", "utf-16-le (BOM)"),
    ("utf-16-be", b"\xfe\xff", "utf-16-be (BOM)"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8 (BOM)"),
])
def test_text_encodings_are_detected_and_reported(seeds, tmp_path, encoding, bom, reported):
    text = seed_text(seeds)
    path = tmp_path / "report.txt"
    path.write_bytes(bom + text.encode(encoding))
    source = read_source(path)
    assert (source.format, source.encoding, source.text) == ("text", reported, text)


# Written for this test in traditional characters, as a Taiwan or Hong Kong notice would be.
BIG5_NOTICE = (
    "教育局關於加強學校美育工作的通知\n"
    "各級學校：\n"
    "為落實《學校藝術教育工作規程》，進一步提升學生審美和人文素養，現將有關事項通知如下。\n"
    "一、開齊開足藝術課程，豐富課外活動。\n"
    "二、加強美育教師隊伍建設，完善評價機制。\n"
)


def test_big5_text_is_read_as_big5_and_its_titles_recognised(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(BIG5_NOTICE.encode("big5"))
    source = read_source(path)
    assert source.encoding.startswith("big5")
    assert source.text == BIG5_NOTICE
    # Read as GB18030 (before), the bytes were mojibake with no 《》 in them.
    assert [m.attrs["title"] for m in find_titles(source.text)] == ["學校藝術教育工作規程"]


def test_control_characters_become_spaces_and_keep_offsets(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text("关于\x07做好\x1b学前教育\x01工作的通知\n\t各区\x7f教育局：\n", encoding="utf-8")
    assert read_source(path).text == "关于 做好 学前教育 工作的通知\n\t各区 教育局：\n"


def test_fifo_is_refused_at_once_without_being_opened(tmp_path):
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    env = dict(os.environ, POLICYKG_STORE=str(tmp_path / "store"))
    # Before, opening the FIFO waited for a writer for ever; the timeout is only a bound on that.
    done = subprocess.run([*POLICYKG, "ingest", str(fifo)], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"{fifo}: not a regular file but a FIFO" in done.stdout + done.stderr


def test_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # sparse: 4 GB on paper, nothing on disk; reading it would take minutes
        f.truncate(4 * 1024**3)
    with pytest.raises(IngestError, match=r"too large \(4294967296 bytes; limit 20971520\)"):
        read_source(path)


def test_device_is_refused_without_reading():
    with pytest.raises(IngestError, match="character device"):
        read_source(Path("/dev/zero"))


@pytest.mark.parametrize("name,data,what", [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "legacy Office file"),
    ("data.bin", bytes(range(256)) * 8, "unsupported file type"),
    ("nul.txt", b"\x00\x01\x02PK", "binary file (NUL bytes)"),
])
def test_unknown_types_are_rejected_by_name_as_unsupported(tmp_path, name, data, what):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_source(path)
    assert err.value.path == str(path) and what in err.value.problem
    assert "unsupported" in err.value.problem


def test_folder_lists_the_files_it_skips(seeds, tmp_path):
    (tmp_path / "report.txt").write_text(seed_text(seeds, 6), encoding="utf-8")
    make_pdf(seed_text(seeds, 6), tmp_path / "report.pdf")
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".draft.txt").write_text("草稿", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    skipped: list = []
    files = iter_sources([tmp_path], skipped)
    assert files == [tmp_path / "report.pdf", tmp_path / "report.txt"]
    assert sorted((p.name, why) for p, why in skipped) == [
        (".draft.txt", "hidden file"), (".git", "hidden folder"), ("table.xlsx", "unsupported type (.xlsx)")]
    env = dict(os.environ, POLICYKG_STORE=str(tmp_path / ".store"))
    done = subprocess.run([*POLICYKG, "ingest", str(tmp_path)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "documents read: 2" in out
    assert "formats read: pdf: 1, text (utf-8): 1" in out
    assert "files skipped in folders (not read): 3" in out
    assert f"{tmp_path / 'table.xlsx'}: unsupported type (.xlsx)" in out
