"""Files tried by kind: each text of a corpus converted by LibreOffice (`soffice --headless`) to
PDF, DOCX and HTML, and re-encoded as GB18030 and UTF-16, then read back through read_source and
extracted. Prints, per kind, how many files were read, whether the text came back whole (ignoring
whitespace), and how many of the 文号 and titles cited in the .txt were found again.

    .venv/bin/python benchmarks/formats_roundtrip.py ../shared/dev-corpus/texts ../shared/seeds

Needs LibreOffice with a CJK font (Debian: libreoffice-writer-nogui fonts-wqy-microhei); it is a
measurement, not a test, so CI does not need them.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.extract import extract  # noqa: E402
from ingest.reader import IngestError, read_source  # noqa: E402

CONVERSIONS = {"pdf": "pdf", "docx": 'docx:"MS Word 2007 XML"', "html": "html"}


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _cited(text: str) -> set[str]:
    batch = extract(text, "x", "h")
    return {n.props.get("doc_number") or n.props.get("title_key") for n in batch.nodes.values()
            if n.label == "Document" and n.id != batch.doc_id} - {None}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("folders", type=Path, nargs="+")
    args = p.parse_args(argv)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("soffice not found: install libreoffice-writer-nogui and a CJK font", file=sys.stderr)
        return 2
    texts = sorted(f for folder in args.folders for f in folder.glob("*.txt"))
    work = Path(tempfile.mkdtemp(prefix="policykg-formats-"))
    stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    try:
        for kind, target in CONVERSIONS.items():
            out = work / kind
            out.mkdir()
            cmd = f'"{soffice}" --headless --convert-to {target} --outdir "{out}" ' + " ".join(f'"{t}"' for t in texts)
            subprocess.run(cmd, shell=True, check=True, capture_output=True, env={"HOME": str(work), "PATH": "/usr/bin:/bin"}, timeout=1800)
        for t in texts:
            original = t.read_text(encoding="utf-8")
            want = _cited(original)
            variants = {kind: work / kind / f"{t.stem}.{kind}" for kind in CONVERSIONS}
            saved_as_txt = work / f"{t.stem}.page.txt"  # a web page saved under a .txt name
            shutil.copy(variants["html"], saved_as_txt)
            variants["html as .txt"] = saved_as_txt
            for enc in ("gb18030", "utf-16"):
                path = work / f"{t.stem}.{enc}.txt"
                path.write_bytes(original.encode(enc))
                variants[f"text/{enc}"] = path
            for kind, path in variants.items():
                s = stats[kind]
                s["files"] += 1
                t0 = time.perf_counter()
                try:
                    source = read_source(path)
                except IngestError as exc:
                    s["rejected"] += 1
                    print(f"  {kind} {t.name}: {exc.problem}")
                    continue
                s["seconds"] += time.perf_counter() - t0
                s["read"] += 1
                s["whole"] += _compact(source.text) == _compact(original)
                got = _cited(source.text)
                s["cited"] += len(want)
                s["cited_found"] += len(want & got)
                s["extra"] += len(got - want)
        print(f"{'kind':12s} files read rejected text-whole cited-found/cited extra read-ms/file")
        for kind, s in stats.items():
            print(f"{kind:12s} {s['files']:5.0f} {s['read']:4.0f} {s['rejected']:8.0f} {s['whole']:10.0f} "
                  f"{s['cited_found']:6.0f}/{s['cited']:<6.0f} {s['extra']:5.0f} {1000 * s['seconds'] / max(s['read'], 1):8.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
