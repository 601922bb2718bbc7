"""Curated reference data (ingest/patterns/*), loaded once: regions (GB/T 2260), region aliases,
机关代字 codes, agency suffixes and initiatives. No names live in Python code."""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PATTERNS = Path(__file__).with_name("patterns")
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str
    short: str
    level: str
    parent: str | None
    current: bool

    @property
    def is_municipality(self) -> bool:
        return self.adcode in MUNICIPALITIES


@dataclass
class Gazetteer:
    regions: dict[str, Region]
    names: dict[str, list[str]]  # surface form -> candidate adcodes
    province_abbrevs: dict[str, str]  # 浙 -> 330000
    initiatives: list[dict] = field(default_factory=list)
    full_names: frozenset[str] = frozenset()  # every region's formal name (杭州市, 滨江区)

    def chain(self, adcode: str) -> list[Region]:
        """The region and its ancestors, most specific first."""
        out: list[Region] = []
        code: str | None = adcode
        while code and code in self.regions:
            out.append(self.regions[code])
            code = self.regions[code].parent
        return out

    def province_of(self, adcode: str) -> str:
        return self.chain(adcode)[-1].adcode

    def full_name(self, adcode: str) -> str:
        """The formal prefix used in agency names: 杭州市滨江区, 天津市东丽区, 浙江省."""
        chain = self.chain(adcode)
        region = chain[0]
        if region.level == "county" and len(chain) > 1:
            return chain[1].name + region.name
        return region.name

    def resolve(self, surface: str, context: str | None = None) -> str | None:
        """The adcode a name most likely means, preferring regions near `context`."""
        candidates = self.names.get(surface, [])
        if not candidates:
            return None
        if len(candidates) == 1 or context is None:
            return min(candidates, key=lambda c: (not self.regions[c].current, LEVEL_RANK[self.regions[c].level]))
        return min(candidates, key=lambda c: self.distance(c, context))

    def distance(self, adcode: str, context: str) -> tuple[int, int, bool]:
        """How far a candidate is from the context region: same chain, same city, same province."""
        ctx_chain = [r.adcode for r in self.chain(context)]
        cand = self.chain(adcode)
        if adcode in ctx_chain:
            d = 0
        elif any(r.adcode in ctx_chain[:-1] for r in cand[1:]) or (cand[0].parent in ctx_chain[:2]):
            d = 1
        elif cand[-1].adcode == ctx_chain[-1]:
            d = 2
        else:
            d = 3
        return d, LEVEL_RANK[cand[0].level], not cand[0].current


def read_tsv(name: str) -> list[dict[str, str]]:
    with open(PATTERNS / name, encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh, delimiter="\t") if not next(iter(row.values()), "").startswith("#")]


def read_jsonl(name: str) -> list[dict]:
    lines = (PATTERNS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    regions: dict[str, Region] = {}
    for row in read_tsv("regions.tsv"):
        regions[row["adcode"]] = Region(
            row["adcode"], row["name"], row.get("short") or "", row["level"], row.get("parent") or None,
            row.get("status", "current") == "current",
        )
    names: dict[str, list[str]] = {}

    def add(surface: str, code: str) -> None:
        if surface and code not in names.setdefault(surface, []):
            names[surface].append(code)

    for r in regions.values():
        add(r.name, r.adcode)
        # Short forms of counties (滨江, 越城) are common words elsewhere in China; they are added
        # as surfaces but the region recogniser only accepts them near the reporting region.
        if len(r.short) >= 2:
            add(r.short, r.adcode)
    for row in read_tsv("region_aliases.tsv"):
        add(row["alias"], row["adcode"])
    abbrevs = {row["abbrev"]: row["adcode"] for row in read_tsv("province_abbrevs.tsv")}
    full_names = frozenset(r.name for r in regions.values())
    return Gazetteer(regions, names, abbrevs, read_jsonl("initiatives.jsonl"), full_names)
