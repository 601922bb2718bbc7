"""Each named query on the seeds, through the registry every shell uses."""
import pytest

from queries import registry
from queries.params import QueryArgumentError


def run(store, name, **args):
    return registry.run(store, name, args)


@pytest.mark.parametrize("number", ["浙政教督办[2022]5号", "浙政教督办〔2022〕5号", "浙政教督办（2022）5号", "浙政教督办(2022)5号"])
def test_citing_regions_accepts_any_bracket_style(seeded_store, number):
    rows = run(seeded_store, "citing-regions", doc=number)
    assert {(r["region"], r["parent"]) for r in rows} == {("越城区", "绍兴市")}
    assert all("浙政教督办〔2022〕5号" in r["evidence"] for r in rows)


def test_citing_regions_for_a_city_notice_names_binjiang(seeded_store):
    rows = run(seeded_store, "citing-regions", doc="杭政教督办〔2022〕5号")
    assert [r["region"] for r in rows] == ["滨江区"]
    assert "根据《杭州市人民政府教育督导委员会办公室" in rows[0]["evidence"]


def test_citing_regions_by_title(seeded_store):
    rows = run(seeded_store, "citing-regions", doc="《天津市人民政府教育督导室关于印发对各区人民政府2020年履行教育职责评价方案的通知》")
    assert [r["region"] for r in rows] == ["东丽区"]


def test_evidence_offsets_point_at_the_citation(seeded_store):
    row = run(seeded_store, "citing-regions", doc="津教督导室(2021)40号")[0]
    source = seeded_store.node(row["doc_id"])["source_path"]
    text = open(source, encoding="utf-8").read()
    assert text[row["start"]:row["end"]].startswith("《天津市人民政府教育督导室")
    assert text[row["start"]:row["end"]].endswith("40号")


def test_adopters_of_embedded_kindergartens(seeded_store):
    rows = run(seeded_store, "adopters", initiative="嵌入式幼儿园")
    binjiang = [r for r in rows if r["region"] == "滨江区"]
    assert binjiang and all("嵌入式幼儿园" in r["evidence"] for r in binjiang)
    assert {r["year"] for r in binjiang} == {2021, 2023}


def test_adopters_resolves_an_alias(seeded_store):
    by_alias = run(seeded_store, "adopters", initiative="云守护通学路")
    assert by_alias == run(seeded_store, "adopters", initiative="通学路云守护")
    assert {r["region"] for r in by_alias} == {"滨江区"}


def test_lineage_both_directions(seeded_store):
    down = run(seeded_store, "lineage", doc="津教督导室〔2021〕40号", direction="down")
    assert [r["title"] for r in down] == ["东丽区人民政府2020年履行教育职责情况自评报告"]
    report = "2021年度滨江区人民政府履行教育职责情况自评报告"
    up = run(seeded_store, "lineage", doc=report, direction="up")
    numbers = {r["doc_number"] for r in up}
    assert {"杭政教督办〔2022〕5号", "浙教财〔2022〕5号", "浙编办发〔2020〕24号"} <= numbers
    assert "滨政〔2022〕6号" not in numbers  # the district issued it (出台): not a citation of its report
    assert all(r["direction"] == "up" and r["depth"] >= 1 for r in up)


def test_region_profile_follows_aliases_and_the_parent_chain(seeded_store):
    rows = run(seeded_store, "region", region="杭州高新区（滨江）")
    assert len(rows) == 1
    profile = rows[0]
    assert (profile["region"], profile["adcode"]) == ("滨江区", "330108")
    assert profile["parents"] == ["杭州市", "浙江省"]
    assert "嵌入式幼儿园" in profile["initiatives"]
    assert "2021年度滨江区人民政府履行教育职责情况自评报告" in profile["reports"]
    assert any("公办幼儿园聘用制教师管理办法" in t for t in profile["issued"])  # 滨政〔2022〕6号
    assert any(i["indicator"] == "学前三年毛入园率" and i["value"] == 96.2 for i in profile["indicators"])
    assert run(seeded_store, "region", region="330108") == rows


def test_indicator_across_regions(seeded_store):
    rows = run(seeded_store, "indicator", indicator="学前三年毛入园率")
    values = {(r["region"], r["value"]) for r in rows}
    assert ("滨江区", 96.2) in values and ("东丽区", 91.5) in values
    assert all("毛入园率" in r["evidence"] for r in rows)


def test_bad_arguments_are_rejected_with_a_message(seeded_store):
    with pytest.raises(QueryArgumentError, match="missing required argument 'doc'"):
        run(seeded_store, "citing-regions")
    with pytest.raises(QueryArgumentError, match="direction"):
        run(seeded_store, "lineage", doc="x", direction="sideways")
    with pytest.raises(QueryArgumentError, match="unknown region"):
        run(seeded_store, "region", region="不存在的地方")
    with pytest.raises(registry.UnknownQueryError):
        run(seeded_store, "nope")


def test_every_query_has_cypher_and_an_embedded_twin():
    queries = registry.registry()
    assert {"citing-regions", "adopters", "lineage", "region", "indicator", "most-cited", "cited-by-provinces",
            "initiative-spread", "citation-path", "citation-centrality", "initiative-diffusion"} <= set(queries)
    for q in queries.values():
        assert q.cypher.startswith("MATCH") and q.columns
        for p in q.params:
            assert f"${p.name}" in q.cypher or p.name in ("doc", "region", "from", "to")
