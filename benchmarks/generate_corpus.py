#!/usr/bin/env python3
"""Build a corpus of N policy texts (1k, 10k, 100k) from the real ones, for the scale benchmarks.

Each generated text takes a real text (the dev corpus and the seed reports, in turn) as its
template, keeps its heading lines and replaces a share of its body sentences with sentences of
other real texts. Then, consistently within the text:

* region names (GB/T 2260 names from ingest/patterns/regions.tsv) are moved to another place: text
  i is about the i-th county of the country (its city and province follow), so names of counties,
  cities and provinces in the template become that county, its city and its province; issuers
  named after a region (杭州市教育局 …) move with it;
* the heading becomes a county body's, with a 文号 of the county's own, so every text is a document
  of its own (a template headed by a province, a city or a national body would otherwise give the
  same document many times over); document numbers cited in the body, of provincial and local bodies, become
  one of a few provincial numbers of the new province (abbreviation from
  ingest/patterns/province_abbrevs.tsv): many cities of a province cite the same provincial
  opinion, as in the real corpus; national numbers (国发 …) stay;
* years move by a fixed shift per round through the counties, so heading + region stay distinct.

Deterministic: the same --seed and N give the same files. Text i is written to
OUT/<i // 1000>/<i>.txt.

    python benchmarks/generate_corpus.py --count 10000 --out /tmp/policykg-10k
"""
from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PATTERNS = REPO / "ingest" / "patterns"
DEFAULT_SOURCES = [REPO.parent / "shared" / "dev-corpus" / "texts", REPO.parent / "shared" / "seeds"]

SENTENCE = re.compile(r"[^。！？；\n]*[。！？；]|[^\n]+|\n")
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})([〔\[［（(]\s*)((?:19|20)\d\d)(\s*[〕\]］）)])(\d{1,4})(号)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
SWAP_SHARE = 0.3  # body sentences replaced by sentences of other texts
PROVINCIAL_NUMBERS = 6  # distinct provincial documents a province's texts cite
# National bodies heading a template, and the county body a generated text puts in their place.
COUNTY_BODY = {"中共中央办公厅": "委办公室", "中共中央": "委", "国务院办公厅": "人民政府办公室", "国务院": "人民政府",
               "教育部办公厅": "教育局办公室", "教育部": "教育局"}
NATIONAL_HEADS = re.compile("|".join(sorted(COUNTY_BODY, key=len, reverse=True)))


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str
    level: str
    parent: str


def load_regions(path: Path = PATTERNS / "regions.tsv") -> dict[str, Region]:
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")]
    return {
        r["adcode"]: Region(r["adcode"], r["name"], r["level"], r["parent"] or "")
        for r in rows if r.get("status", "current") == "current" and len(r["name"]) >= 2
    }


def load_abbrevs(path: Path = PATTERNS / "province_abbrevs.tsv") -> dict[str, str]:
    """province adcode -> one-character abbreviation."""
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["adcode"]: r["abbrev"] for r in rows}


def national_prefixes(path: Path = PATTERNS / "national_codes.tsv") -> tuple[str, ...]:
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return tuple(sorted({r["code"] for r in rows} | {"教"}, key=len, reverse=True))


class Generator:
    def __init__(self, sources: list[Path], seed: int = 17):
        self.seed = seed
        self.regions = load_regions()
        self.abbrevs = load_abbrevs()
        self.national = national_prefixes()
        by_name: dict[str, Region] = {}
        for r in self.regions.values():
            by_name.setdefault(r.name, r)
        # Longest first, so 杭州市 wins over 杭州 at the same place.
        self.region_re = re.compile("|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True) if len(n) >= 3))
        self.by_name = by_name
        self.counties = sorted(
            (r for r in self.regions.values() if r.level == "county" and self._province(r) is not None),
            key=lambda r: r.adcode,
        )
        files = sorted(p for d in sources for p in Path(d).glob("*.txt"))
        if not files:
            raise SystemExit(f"no .txt files in {', '.join(map(str, sources))}")
        self.templates = [self._split(p.read_text(encoding="utf-8")) for p in files]
        self.pool = [s for _head, body in self.templates for s in body if len(s) > 20]

    def _province(self, r: Region) -> Region | None:
        while r is not None and r.level != "province":
            r = self.regions.get(r.parent)
        return r

    @staticmethod
    def _split(text: str) -> tuple[list[str], list[str]]:
        """Heading lines (up to the first blank line after some text) and body sentences."""
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), 0)
        head_end = next((i for i in range(first, len(lines)) if not lines[i].strip()), min(first + 3, len(lines)))
        head = lines[:head_end]
        body = SENTENCE.findall("\n".join(lines[head_end:]))
        return head, body

    def place(self, i: int) -> tuple[Region, Region, Region, int]:
        """County, city (the county's parent, or the county itself), province and year shift of text i."""
        n = len(self.counties)
        county = self.counties[(i * 7919) % n]  # a stride prime to n walks every county before repeating
        city = self.regions.get(county.parent) or county
        province = self._province(county)
        shift = (i // n) % 5 - 2
        return county, city, province, shift

    def text(self, i: int) -> str:
        rng = random.Random(zlib.crc32(f"{self.seed}:{i}".encode()))
        head, body = self.templates[i % len(self.templates)]
        body = [s if (s == "\n" or rng.random() >= SWAP_SHARE) else rng.choice(self.pool) for s in body]
        county, city, province, shift = self.place(i)
        heading = self._own_heading("\n".join(head), i, county, province)
        text = heading + "\n" + self._move_numbers(self._move_regions("".join(body), county, city, province), province)
        if county.name not in heading:  # a heading naming no body: the county's bureau signs the text
            text = text.rstrip("\n") + f"\n\n{county.name}教育局\n"
        if shift:
            text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
        return text

    def _move_regions(self, text: str, county: Region, city: Region, province: Region) -> str:
        target = {"county": county.name, "city": city.name, "province": province.name}

        def swap(m: re.Match) -> str:
            r = self.by_name[m.group(0)]
            return target.get(r.level, m.group(0))

        return self.region_re.sub(swap, text)

    def _own_heading(self, heading: str, i: int, county: Region, province: Region) -> str:
        """Each generated text is a document of its own, as each real one is: its heading becomes a
        county body's (a region of any level, or a national body, that heads a template becomes the
        county or its government or bureau), with a 文号 of the county's own. Its body still cites
        provincial and national documents, so fan-in stays."""
        heading = NATIONAL_HEADS.sub(lambda m: county.name + COUNTY_BODY[m.group(0)], heading)
        heading = self.region_re.sub(county.name, heading).replace("教育厅", "教育局")
        code = self.abbrevs.get(province.adcode, province.name[0]) + county.name[0] + "教"
        serial = i // len(self.counties) + 1
        return DOC_NUMBER.sub(lambda m: f"{code}{m.group(2)}{m.group(3)}{m.group(4)}{serial}{m.group(6)}", heading)

    def _move_numbers(self, text: str, province: Region) -> str:
        abbrev = self.abbrevs.get(province.adcode, province.name[0])

        def swap(m: re.Match) -> str:
            prefix = m.group(1)
            if prefix.startswith(self.national):
                return m.group(0)
            n = zlib.crc32(m.group(0).encode()) % PROVINCIAL_NUMBERS + 1
            return f"{abbrev}教发{m.group(2)}{m.group(3)}{m.group(4)}{n}{m.group(6)}"

        return DOC_NUMBER.sub(swap, text)


def generate(count: int, out: Path, sources: list[Path] = DEFAULT_SOURCES, seed: int = 17) -> tuple[int, int]:
    """Write `count` texts under `out`; returns (files, bytes)."""
    gen = Generator(sources, seed)
    total = 0
    for i in range(count):
        path = out / f"{i // 1000:03d}" / f"{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = gen.text(i).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return count, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--sources", type=Path, nargs="*", default=DEFAULT_SOURCES, help="folders of real texts")
    args = ap.parse_args(argv)
    files, size = generate(args.count, args.out, args.sources, args.seed)
    print(f"{files} texts, {size / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
