"""Invariants of the GB/T 2260 region gazetteer (ingest/patterns/regions.tsv, built by
scripts/build_region_gazetteer.py) and the hand-curated ingest/patterns/region_aliases.tsv."""
from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

PATTERNS = Path(__file__).resolve().parent.parent / "ingest" / "patterns"
RANK = {"province": 0, "city": 1, "county": 2}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


def read(name: str) -> list[dict[str, str]]:
    with open(PATTERNS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read("regions.tsv")


@pytest.fixture(scope="module")
def regions(rows) -> dict[str, dict[str, str]]:
    return {r["adcode"]: r for r in rows}


@pytest.fixture(scope="module")
def aliases() -> list[dict[str, str]]:
    return read("region_aliases.tsv")


def test_header(rows, aliases):
    assert list(rows[0]) == ["adcode", "name", "short", "level", "parent", "status"]
    assert list(aliases[0]) == ["alias", "adcode", "note"]


def test_adcodes_unique_six_digits_and_sorted(rows):
    codes = [r["adcode"] for r in rows]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    assert codes == sorted(codes)


def test_fields(rows):
    for r in rows:
        assert r["level"] in RANK, r
        assert r["status"] in {"current", "abolished"}, r
        assert r["name"] and r["name"] == r["name"].strip(), r
        assert r["name"] not in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}, r
        assert len(r["short"]) != 1, r
        assert r["short"] == "" or r["name"].startswith(r["short"]), r


def test_level_matches_code_shape(rows):
    for r in rows:
        code = r["adcode"]
        shape = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
        assert r["level"] == shape, r


def test_parents_exist_and_rank_higher(rows, regions):
    for r in rows:
        if r["level"] == "province":
            assert r["parent"] == "", r
            continue
        parent = regions.get(r["parent"])
        assert parent is not None, r
        assert RANK[parent["level"]] < RANK[r["level"]], r
        assert r["parent"][:2] == r["adcode"][:2], r  # same province
        if r["status"] == "current":
            assert parent["status"] == "current", r


def test_municipality_districts_hang_off_the_municipality(rows):
    for r in rows:
        if r["adcode"][:2] + "0000" in MUNICIPALITIES and r["level"] != "province":
            assert r["level"] == "county" and r["parent"] == r["adcode"][:2] + "0000", r


def test_31_mainland_provinces(rows):
    provinces = {r["adcode"]: r["name"] for r in rows if r["level"] == "province"}
    # 34 provincial-level units less 台湾 710000, 香港 810000, 澳门 820000
    assert len(provinces) == 31
    assert all(r["status"] == "current" for r in rows if r["level"] == "province")
    assert not any(r["adcode"][:2] in {"71", "81", "82"} for r in rows)
    assert provinces["110000"] == "北京市" and provinces["500000"] == "重庆市"
    assert provinces["450000"] == "广西壮族自治区"


@pytest.mark.parametrize(
    "code,name,parent,short",
    [
        ("330000", "浙江省", "", "浙江"),
        ("330100", "杭州市", "330000", "杭州"),
        ("330102", "上城区", "330100", "上城"),
        ("330105", "拱墅区", "330100", "拱墅"),
        ("330106", "西湖区", "330100", "西湖"),
        ("330108", "滨江区", "330100", "滨江"),
        ("330109", "萧山区", "330100", "萧山"),
        ("330110", "余杭区", "330100", "余杭"),
        ("330113", "临平区", "330100", "临平"),
        ("330114", "钱塘区", "330100", "钱塘"),
        ("330600", "绍兴市", "330000", "绍兴"),
        ("330602", "越城区", "330600", "越城"),
        ("330603", "柯桥区", "330600", "柯桥"),
        ("330604", "上虞区", "330600", "上虞"),
        ("120000", "天津市", "", "天津"),
        ("120110", "东丽区", "120000", "东丽"),
        ("120116", "滨海新区", "120000", "滨海新区"),
    ],
)
def test_spot_checks(regions, code, name, parent, short):
    r = regions[code]
    assert (r["name"], r["parent"], r["short"], r["status"]) == (name, parent, short, "current")


def test_abolished_units_kept(regions):
    assert regions["330104"]["name"] == "江干区" and regions["330104"]["status"] == "abolished"
    assert regions["330103"]["name"] == "下城区" and regions["330103"]["status"] == "abolished"
    assert regions["330104"]["parent"] == "330100"
    # 2025: 江北区 and 渝北区 abolished, 两江新区 500157 set up
    assert regions["500105"]["status"] == regions["500112"]["status"] == "abolished"
    assert regions["500157"]["name"] == "两江新区" and regions["500157"]["status"] == "current"


def test_placeholders_skipped_and_direct_counties(regions):
    for placeholder in ("110100", "120100", "310100", "500100", "500200", "419000", "429000", "469000", "659000"):
        assert placeholder not in regions
    assert regions["429021"]["name"] == "神农架林区" and regions["429021"]["parent"] == "420000"
    assert regions["419001"]["name"] == "济源市" and regions["419001"]["parent"] == "410000"
    assert regions["659001"]["parent"] == "650000"


def test_non_gbt2260_units_left_out(regions):
    assert "133100" not in regions  # 雄安新区
    assert "320576" not in regions  # 苏州工业园区


@pytest.mark.parametrize(
    "name,short",
    [
        ("广西壮族自治区", "广西"), ("内蒙古自治区", "内蒙古"), ("新疆维吾尔自治区", "新疆"),
        ("宁夏回族自治区", "宁夏"), ("西藏自治区", "西藏"), ("黑龙江省", "黑龙江"),
        ("延边朝鲜族自治州", "延边"), ("伊犁哈萨克自治州", "伊犁"), ("锡林郭勒盟", "锡林郭勒"),
        ("阿里地区", "阿里"), ("景宁畲族自治县", "景宁"), ("融水苗族自治县", "融水"),
        ("龙胜各族自治县", "龙胜"), ("东乡族自治县", "东乡"), ("鄂伦春自治旗", "鄂伦春"),
        ("神农架林区", "神农架"), ("六枝特区", "六枝"), ("碑林区", "碑林"), ("清新区", "清新"),
        ("浦东新区", "浦东新区"), ("城区", ""), ("郊区", ""), ("和县", ""), ("杭锦后旗", ""),
        ("达拉特旗", "达拉特"), ("津市市", "津市"), ("芒市", ""),
    ],
)
def test_short_forms(rows, name, short):
    found = {r["short"] for r in rows if r["name"] == name}
    assert found == {short}, (name, found)


def test_aliases(aliases, regions):
    names = {r["name"] for r in regions.values()}
    seen = Counter(a["alias"] for a in aliases)
    assert [a for a, n in seen.items() if n > 1] == []
    for a in aliases:
        assert a["alias"] and a["alias"] == a["alias"].strip(), a
        assert a["adcode"] in regions, a
        assert regions[a["adcode"]]["status"] == "current", a
        assert a["alias"] not in names, a  # a unit's own name needs no alias
    by_alias = {a["alias"]: a["adcode"] for a in aliases}
    for form in ("杭州高新区（滨江）", "杭州高新区(滨江)", "高新区（滨江）", "高新区(滨江)", "杭州高新区"):
        assert by_alias[form] == "330108"
