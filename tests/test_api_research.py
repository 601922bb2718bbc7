"""The research API over HTTP, on the embedded store and on a real Neo4j, both with the seeds.

Expected values come from reading the seed reports (sentences quoted in the comments)."""
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.lineage import _Builder
from graph.stores.embedded import EmbeddedStore
from ingest.pipeline import ingest_paths


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request):
    store = request.getfixturevalue("seeded_store" if request.param == "embedded" else "neo4j_seeded")
    with TestClient(create_app(lambda: store)) as c:
        yield c


def one_document(client, q: str, **filters) -> dict:
    r = client.get("/documents", params={"q": q, **filters})
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert len(items) == 1, items
    return items[0]


def seed_text(client, doc_id: str) -> str:
    sources = client.get(f"/documents/{doc_id}").json()["sources"]
    assert len(sources) == 1
    return Path(sources[0]).read_text(encoding="utf-8")


# 001: 根据《浙江省人民政府教育督导委员会办公室关于修订对市县级人民政府履行教育职责评价办法》(浙政教督办〔2022〕5号)
@pytest.mark.parametrize("number", ["浙政教督办[2022]5号", "浙政教督办〔2022〕5号", "浙政教督办（2022）5号", "浙政教督办 [2022] 5 号"])
def test_documents_by_number_in_any_bracket_style(client, number):
    d = one_document(client, number)
    assert d["doc_number"] == "浙政教督办〔2022〕5号"
    assert d["title"] == "浙江省人民政府教育督导委员会办公室关于修订对市县级人民政府履行教育职责评价办法"
    assert d["issuers"] == ["浙江省人民政府教育督导委员会办公室"]
    assert {"adcode": "330000", "name": "浙江省", "level": "province"} in d["regions"]
    assert d["ingested"] is False


def test_documents_by_title_fragment_and_filters(client):
    titles = lambda params: {d["title"] for d in client.get("/documents", params={"limit": 500, **params}).json()["items"]}
    # the year of a cited notice is its 文号's: 津教督导室〔2021〕40号
    assert titles({"q": "履行教育职责", "year": 2021}) == {
        "2021年度滨江区人民政府履行教育职责情况自评报告", "绍兴市越城区人民政府履行教育职责自评报告(2021年度)",
        "天津市人民政府教育督导室关于印发对各区人民政府2020年履行教育职责评价方案的通知",
    }
    assert titles({"q": "履行教育职责", "kind": "通知"}) == {
        "天津市人民政府教育督导室关于印发对各区人民政府2020年履行教育职责评价方案的通知",
        "杭州市人民政府教育督导委员会办公室关于对区、县（市）人民政府开展履行教育职责评价的通知",
        "绍兴市人民政府教育督导委员会办公室关于开展做好市对区、县(市)人民政府履行教育职责评价的通知",
    }
    assert titles({"year": 2020, "region": "天津市"}) == {"东丽区人民政府2020年履行教育职责情况自评报告"}
    assert titles({"q": "报告", "region": "绍兴市越城区"}) == {"绍兴市越城区人民政府履行教育职责自评报告(2021年度)"}
    assert "杭州市教育局2020年工作总结" in titles({"issuer": "杭州市教育局"})
    assert titles({"q": "没有这样的标题"}) == set()


def test_same_titled_opinions_of_different_provinces_are_listed_apart(tmp_path, seeds):
    # 越城 (浙江) and a 东丽 (天津) report both follow a 《关于学前教育深化改革规范发展的实施意见》 of their own province.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "yuecheng.txt").write_text((seeds / "001_f38a59b6a3b78320.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "dongli.txt").write_text(
        "东丽区人民政府2021年履行教育职责情况自评报告\n一、学前教育\n"
        "认真落实天津市人民政府《关于学前教育深化改革规范发展的实施意见》，学前教育普及普惠水平进一步提高。\n",
        encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    assert ingest_paths(store, [folder]).rejected == []
    with TestClient(create_app(lambda: store)) as c:
        items = c.get("/documents", params={"q": "《关于学前教育深化改革规范发展的实施意见》"}).json()["items"]
    assert len(items) == 2
    assert {r["adcode"][:2] for d in items for r in d["regions"]} == {"33", "12"}
    assert len({d["id"] for d in items}) == 2


def test_every_list_pages_in_a_stable_order(client):
    for path in ["/documents", "/initiatives", "/schools", "/indicators/率", "/initiatives/双减/adopters",
                 "/initiatives/双减/timeline"]:
        whole = client.get(path, params={"limit": 500}).json()
        assert whole["next_cursor"] is None and whole["total"] == len(whole["items"]) > 0, path
        walked, cursor = [], None
        while True:
            params = {"limit": 7} | ({"cursor": cursor} if cursor else {})
            body = client.get(path, params=params).json()
            assert body["total"] == whole["total"]
            walked += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert walked == whole["items"], path


def test_paged_endpoints_ask_the_store_for_one_page(client, monkeypatch):
    import api.deps

    asked = []
    real = api.deps.registry.run
    monkeypatch.setattr(api.deps.registry, "run", lambda store, name, args: asked.append((name, args)) or real(store, name, args))
    whole = client.get("/initiatives/双减/adopters").json()
    assert whole["total"] == len(whole["items"]) >= 3
    second = client.get("/initiatives/双减/adopters", params={"limit": 1, "cursor": _cursor(1)}).json()
    assert second["items"] == whole["items"][1:2] and second["total"] == whole["total"] and second["next_cursor"]
    assert ("adopters", {"initiative": "双减", "limit": "1", "skip": "1"}) in asked
    asked.clear()
    beyond = client.get("/initiatives/双减/adopters", params={"limit": 2, "cursor": _cursor(40)}).json()
    assert beyond == {"items": [], "total": whole["total"], "next_cursor": None}
    assert [args for _, args in asked if _ == "adopters"] == [
        {"initiative": "双减", "limit": "2", "skip": "40"}, {"initiative": "双减", "limit": "1", "skip": "0"}]


def _cursor(offset: int) -> str:
    from api.paging import _encode

    return _encode(offset)


@pytest.mark.parametrize("params", [{"limit": -5}, {"limit": 0}, {"limit": 501}, {"cursor": "not-a-cursor"},
                                    {"year": "twenty"}, {"region": "没有这个地方"}, {"region": "朝阳区"}])
def test_bad_parameters_are_422(client, params):
    r = client.get("/documents", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]


def test_document_detail_with_evidence(client):
    # 000: 根据《杭州市人民政府教育督导委员会办公室关于对区、县（市）人民政府开展履行教育职责评价的通知》（杭政教督办[2022]5号）要求
    notice = one_document(client, "杭政教督办〔2022〕5号")
    body = client.get(f"/documents/{notice['id']}").json()
    assert body["doc_number"] == "杭政教督办〔2022〕5号" and body["sources"] == [] and body["cites"] == []
    assert [i["agency"] for i in body["issuers"]] == ["杭州市人民政府教育督导委员会办公室"]
    (cited_by,) = body["cited_by"]
    assert cited_by["title"] == "2021年度滨江区人民政府履行教育职责情况自评报告" and cited_by["relation"] == "CITES"
    ev = cited_by["evidence"]
    assert ev["doc_id"] == cited_by["id"] and ev["sentence"].startswith("根据《杭州市人民政府教育督导委员会办公室")
    text = seed_text(client, cited_by["id"])
    assert text[ev["start"]:ev["end"]] in ev["sentence"] and "杭州市人民政府教育督导委员会办公室" in text[ev["start"]:ev["end"]]

    report = client.get(f"/documents/{cited_by['id']}").json()
    assert report["ingested"] is True and report["sources"][0].endswith("000_9fd6141abc141271.txt")
    assert report["reports_on"] == [{"adcode": "330108", "name": "滨江区", "level": "county"}]
    numbers = {c["doc_number"] for c in report["cites"]}
    assert {"杭政教督办〔2022〕5号", "浙编办发〔2020〕24号", "浙教财〔2022〕5号"} <= numbers


def test_a_documents_lists_are_cut_at_the_limit_in_a_fixed_order_with_their_totals(client):
    report = one_document(client, "东丽区人民政府2020年履行教育职责情况自评报告")
    whole = client.get(f"/documents/{report['id']}", params={"limit": 500}).json()
    assert whole["cites_total"] == len(whole["cites"]) >= 5 and whole["issuers_total"] == len(whole["issuers"]) >= 1
    order = [(c["id"], c["relation"], c["evidence"]["start"]) for c in whole["cites"]]
    assert order == sorted(order)
    cut = client.get(f"/documents/{report['id']}", params={"limit": 2}).json()
    assert cut["cites"] == whole["cites"][:2] and cut["cites_total"] == whole["cites_total"]
    assert cut["issuers"] == whole["issuers"][:2] and cut["cited_by_total"] == whole["cited_by_total"]
    assert client.get(f"/documents/{report['id']}").json()["cites"] == whole["cites"][:50]
    up = client.get(f"/documents/{report['id']}/lineage", params={"direction": "up", "depth": 1, "limit": 500}).json()
    assert {(n["id"], n["relation"]) for n in up["up"]} == {(c["id"], c["relation"]) for c in whole["cites"]}


def test_unknown_ids_are_404(client):
    for path in ["/documents/doc:0000000000000000", "/documents/doc:0000000000000000/lineage",
                 "/documents/doc:0000000000000000/citing-regions", "/initiatives/没有这个项目/adopters",
                 "/initiatives/没有这个项目/timeline", "/regions/999999", "/regions/没有这个地方", "/indicators/没有这个指标"]:
        r = client.get(path)
        assert r.status_code == 404, (path, r.text)
        assert r.json()["detail"]


def test_lineage_is_a_tree_with_evidence_on_every_edge(client):
    # 003: 深入贯彻落实《市教委、市语委转发<教育部、国家语委关于进一步加强学校语言文字工作的意见>的通知》
    report = one_document(client, "东丽区人民政府2020年履行教育职责情况自评报告")
    tree = client.get(f"/documents/{report['id']}/lineage", params={"direction": "up", "depth": 2}).json()
    assert tree["root"]["id"] == report["id"] and tree["down"] == [] and tree["truncated"] is False
    forwarding = [n for n in tree["up"] if n["title"] == "市教委、市语委转发<教育部、国家语委关于进一步加强学校语言文字工作的意见>的通知"]
    assert len(forwarding) == 1 and forwarding[0]["relation"] == "CITES"
    (inner,) = forwarding[0]["children"]
    assert inner["relation"] == "FORWARDS" and inner["title"] == "教育部、国家语委关于进一步加强学校语言文字工作的意见"

    def edges(nodes):
        for n in nodes:
            yield n
            yield from edges(n["children"])

    for n in edges(tree["up"]):
        assert n["evidence"] and all(e["doc_id"] == report["id"] and e["sentence"] for e in n["evidence"])

    shallow = client.get(f"/documents/{report['id']}/lineage", params={"direction": "up", "depth": 1}).json()
    assert all(n["children"] == [] for n in shallow["up"])

    down = client.get(f"/documents/{inner['id']}/lineage", params={"direction": "down"}).json()
    assert down["up"] == []
    (via,) = down["down"]
    assert via["relation"] == "FORWARDS" and [c["id"] for c in via["children"]] == [report["id"]]
    both = client.get(f"/documents/{forwarding[0]['id']}/lineage").json()
    assert [n["id"] for n in both["up"]] == [inner["id"]] and [n["id"] for n in both["down"]] == [report["id"]]

    for params in ({"direction": "sideways"}, {"depth": 0}, {"depth": 7}):
        assert client.get(f"/documents/{report['id']}/lineage", params=params).status_code == 422


def test_a_lineage_tree_is_one_query_whatever_its_depth(client, monkeypatch):
    import api.deps

    report = one_document(client, "东丽区人民政府2020年履行教育职责情况自评报告")
    asked = []
    real = api.deps.registry.run
    monkeypatch.setattr(api.deps.registry, "run", lambda store, name, args: asked.append(name) or real(store, name, args))
    tree = client.get(f"/documents/{report['id']}/lineage", params={"direction": "both", "depth": 4}).json()
    assert any(n["children"] for n in tree["up"])  # more than one level was read
    assert asked.count("lineage-links") == 1 and "document-links" not in asked


def test_lineage_cuts_cycles():
    links = {
        "a": [{"document": "a", "id": "b", "relation": "CITES", "title": "B", "doc_number": None, "doc_id": "a", "start": 0, "end": 3, "sentence": "s"}],
        "b": [{"document": "b", "id": "a", "relation": "SUPERSEDES", "title": "A", "doc_number": None, "doc_id": "b", "start": 5, "end": 8, "sentence": "t"}],
    }
    (b,), total = _Builder(links).children("a", frozenset({"a"}), 6)
    (a,) = b["children"]
    assert total == 1 and b["children_total"] == 1
    assert a["id"] == "a" and a["cycle"] is True and a["children"] == [] and a["children_total"] is None


def test_lineage_cuts_every_node_at_the_limit_and_counts_what_it_cut():
    def link(doc, to):
        return {"document": doc, "id": to, "relation": "CITES", "title": to.upper(), "doc_number": None,
                "doc_id": doc, "start": 0, "end": 1, "sentence": "s"}

    links = {"a": [link("a", x) for x in "bcd"], "b": [link("b", x) for x in "efg"], "c": [link("c", "h")]}
    builder = _Builder(links, limit=2)
    (b, c), total = builder.children("a", frozenset({"a"}), 3)
    assert total == 3 and [n["id"] for n in b["children"]] == ["e", "f"] and b["children_total"] == 3
    assert [n["id"] for n in c["children"]] == ["h"] and c["children_total"] == 1
    assert all(n["children"] == [] and n["children_total"] == 0 for n in b["children"])  # read, and no links
    (d,), _ = _Builder(links, limit=2).children("a", frozenset({"a"}), 3, skip=2)
    assert d["id"] == "d" and d["children_total"] == 0
    (b,), _ = _Builder(links, limit=1).children("a", frozenset({"a"}), 1)
    assert b["children"] == [] and b["children_total"] is None  # depth reached: its links were not read


def test_lineage_pages_the_roots_children_and_cuts_every_node_at_the_limit(client):
    report = one_document(client, "东丽区人民政府2020年履行教育职责情况自评报告")
    path = f"/documents/{report['id']}/lineage"
    whole = client.get(path, params={"direction": "up", "depth": 1, "limit": 500}).json()
    assert whole["up_total"] == len(whole["up"]) >= 5 and whole["next_cursor"] is None and whole["down_total"] == 0
    seen, cursor = [], None
    while True:
        part = client.get(path, params={"direction": "up", "depth": 1, "limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(part["up"]) <= 2 and part["up_total"] == whole["up_total"]
        seen += [(n["id"], n["relation"]) for n in part["up"]]
        cursor = part["next_cursor"]
        if cursor is None:
            break
    assert seen == [(n["id"], n["relation"]) for n in whole["up"]]

    def nodes(tree):
        for n in tree:
            yield n
            yield from nodes(n["children"])

    full = client.get(path, params={"direction": "up", "depth": 3, "limit": 500}).json()
    for n in nodes(full["up"]):
        assert n["children_total"] is None or n["children_total"] == len(n["children"])

    def first_only(node):
        return {**node, "children": [first_only(c) for c in node["children"][:1]]}

    cut, cursor = [], None  # limit 1: every node keeps its first child and its count
    while True:
        part = client.get(path, params={"direction": "up", "depth": 3, "limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        cut += part["up"]
        cursor = part["next_cursor"]
        if cursor is None:
            break
    assert cut == [first_only(n) for n in full["up"]]


def test_citing_regions_by_level(client):
    # 000 (滨江区, 杭州市) cites 杭政教督办〔2022〕5号; 001 (越城区, 绍兴市) cites 浙政教督办〔2022〕5号.
    hz = one_document(client, "杭政教督办[2022]5号")["id"]
    zj = one_document(client, "浙政教督办[2022]5号")["id"]

    def regions(doc, level):
        r = client.get(f"/documents/{doc}/citing-regions", params={"level": level})
        assert r.status_code == 200, r.text
        return [(i["region"]["adcode"], i["region"]["name"]) for i in r.json()["items"]]

    assert regions(hz, "district") == [("330108", "滨江区")]
    assert regions(hz, "city") == [("330100", "杭州市")]
    assert regions(hz, "province") == [("330000", "浙江省")]
    assert regions(zj, "district") == [("330602", "越城区")]
    assert regions(zj, "city") == [("330600", "绍兴市")]
    item = client.get(f"/documents/{zj}/citing-regions", params={"level": "district"}).json()["items"][0]
    assert item["citations"][0]["title"] == "绍兴市越城区人民政府履行教育职责自评报告(2021年度)"
    assert "浙政教督办〔2022〕5号" in item["citations"][0]["evidence"]["sentence"]
    assert client.get(f"/documents/{zj}/citing-regions", params={"level": "town"}).status_code == 422


def test_initiatives_adopters_and_timeline(client):
    names = {i["name"]: i for i in client.get("/initiatives", params={"limit": 500}).json()["items"]}
    assert names["嵌入式幼儿园"]["adopters"] >= 2 and names["嵌入式幼儿园"]["documents"] >= 2
    # 000: 目前，我区共有嵌入式幼儿园三所 (滨江区, 2021); 004: 配合市发改委探索产业园区嵌入式幼儿园建设 (杭州市, 2020)
    adopters = client.get("/initiatives/嵌入式幼儿园/adopters", params={"limit": 500}).json()["items"]
    seen = {(a["region"]["adcode"], a["year"]) for a in adopters}
    assert {("330108", 2021), ("330100", 2020)} <= seen
    assert all(a["evidence"]["sentence"] and "嵌入式幼儿园" in a["evidence"]["sentence"] for a in adopters)
    timeline = client.get("/initiatives/嵌入式幼儿园/timeline").json()["items"]
    assert {"year": 2020, "level": "city", "adopters": 1, "regions": ["330100"]} in timeline
    assert any(p["year"] == 2021 and p["level"] == "county" and "330108" in p["regions"] for p in timeline)
    # an alias reaches the same initiative: 通学路云守护 is also written 云守护通学路
    alias = client.get("/initiatives/云守护通学路/adopters").json()["items"]
    assert alias and {a["initiative"] for a in alias} == {"通学路云守护"}


@pytest.mark.parametrize("ref", ["滨江区", "杭州市滨江区", "杭州高新区（滨江）", "杭州高新区(滨江)", "330108"])
def test_regions_as_people_type_them(client, ref):
    def every(ref: str, part: str) -> list[dict]:
        answer = client.get(f"/regions/{ref}/{part}", params={"limit": 500}).json()
        assert answer["next_cursor"] is None
        return answer["items"]

    r = client.get(f"/regions/{ref}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["region"] == {"adcode": "330108", "name": "滨江区", "level": "county"}
    assert [p["name"] for p in body["parents"]] == ["杭州市", "浙江省"]
    assert {"id": one_document(client, "2021年度滨江区人民政府履行教育职责情况自评报告")["id"],
            "title": "2021年度滨江区人民政府履行教育职责情况自评报告", "doc_number": None, "relation": "reports_on"} in every(ref, "documents")
    assert "嵌入式幼儿园" in {i["name"] for i in every(ref, "initiatives")}
    assert {"indicator": "学前三年毛入园率", "value": 96.2, "unit": "%", "year": 2021} in every(ref, "indicators")


@pytest.mark.parametrize("part", ["documents", "initiatives", "indicators"])
def test_a_regions_lists_are_paged(client, part):
    # 滨江区's report alone names dozens of initiatives and indicators; pages of 3 must add up to the
    # whole list, each item once, and the profile's list is the first page.
    whole = client.get(f"/regions/330108/{part}", params={"limit": 500}).json()
    assert whole["next_cursor"] is None and whole["total"] == len(whole["items"]) > 3
    pages, cursor = [], None
    while True:
        answer = client.get(f"/regions/滨江区/{part}", params={"limit": 3, **({"cursor": cursor} if cursor else {})}).json()
        assert answer["total"] == whole["total"] and len(answer["items"]) <= 3
        pages += answer["items"]
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert pages == whole["items"]
    assert len({json.dumps(i, sort_keys=True) for i in pages}) == len(pages)
    profile = client.get("/regions/330108", params={"limit": 3}).json()[part]
    assert profile["items"] == whole["items"][:3] and profile["total"] == whole["total"] and profile["next_cursor"]
    assert client.get(f"/regions/朝阳区/{part}").status_code == 300
    assert client.get(f"/regions/999999/{part}").status_code == 404


def test_a_region_profile_reads_one_state_of_the_embedded_store(seeded_store, monkeypatch):
    # Four named queries make the answer; each alone would read the state of its own moment.
    states, real = [], seeded_store.snapshot

    def counted():
        if not seeded_store._reader.in_transaction:
            states.append(1)
        return real()

    monkeypatch.setattr(seeded_store, "snapshot", counted)
    with TestClient(create_app(lambda: seeded_store)) as c:
        c.get("/initiatives", params={"limit": 1})  # opens the store
        states.clear()
        answer = c.get("/regions/330108", params={"limit": 3}).json()
    assert answer["documents"]["items"] and answer["initiatives"]["items"] and answer["indicators"]["items"]
    assert len(states) == 1


def test_region_children_and_ambiguous_names(client):
    hz = client.get("/regions/杭州市").json()
    assert {"330108", "330110"} <= {c["adcode"] for c in hz["children"]}
    assert [p["adcode"] for p in hz["parents"]] == ["330000"]
    r = client.get("/regions/朝阳区")
    assert r.status_code == 300
    assert {(c["adcode"], c["full_name"]) for c in r.json()["candidates"]} == {("110105", "北京市朝阳区"), ("220104", "长春市朝阳区")}


def test_indicators_across_regions(client):
    # 000: 2021年，…学前三年毛入园率达96.2%
    r = client.get("/indicators/学前三年毛入园率", params={"region": "滨江区", "year": 2021})
    assert r.status_code == 200, r.text
    (obs,) = r.json()["items"]
    assert obs["region"]["adcode"] == "330108" and obs["value"] == 96.2 and obs["unit"] == "%"
    assert "学前三年毛入园率达96.2%" in obs["evidence"]["sentence"]
    wide = client.get("/indicators/毛入园率", params={"limit": 500}).json()["items"]
    assert len({o["region"]["adcode"] for o in wide}) >= 2
    assert client.get("/indicators/学前三年毛入园率", params={"year": 1999}).json()["items"] == []
    assert client.get("/indicators/学前三年毛入园率", params={"year": "x"}).status_code == 422


def test_schools_by_region(client):
    items = client.get("/schools", params={"region": "滨江区", "limit": 500}).json()["items"]
    names = {s["name"] for s in items}
    assert "杭州二中白马湖学校" in names
    assert all(any(r["adcode"] == "330108" for r in s["regions"]) for s in items)
    everywhere = client.get("/schools", params={"limit": 500}).json()
    assert everywhere["total"] > len(items)


def test_citation_checker_finds_normalises_and_resolves_without_writing(client):
    text = ("根据《浙江省人民政府教育督导委员会办公室关于修订对市县级人民政府履行教育职责评价办法》（浙政教督办[2022]5号）要求，"
            "全面落实《中小学教育惩戒规则》和《关于推进月球学校建设的实施意见》。")
    before = client.get("/documents", params={"limit": 1}).json()["total"]
    r = client.post("/citations", json={"text": text})
    assert r.status_code == 200, r.text
    found = r.json()["citations"]
    by_title = {c["title"]: c for c in found}
    zj = by_title["浙江省人民政府教育督导委员会办公室关于修订对市县级人民政府履行教育职责评价办法"]
    assert zj["doc_number"] == "浙政教督办〔2022〕5号" and zj["status"] == "resolved"
    assert zj["documents"][0]["id"] == one_document(client, "浙政教督办〔2022〕5号")["id"]
    assert text[zj["start"]:zj["end"]] == zj["text"] and zj["text"].startswith("《浙江省人民政府")
    rules = by_title["中小学教育惩戒规则"]
    assert rules["status"] == "resolved" and rules["text"] == "《中小学教育惩戒规则》"
    nobody = by_title["关于推进月球学校建设的实施意见"]
    assert nobody["status"] == "unresolved" and nobody["documents"] == []
    assert client.get("/documents", params={"limit": 1}).json()["total"] == before
    assert client.post("/citations", json={"text": ""}).status_code == 422
