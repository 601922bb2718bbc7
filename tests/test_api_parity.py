"""The research API's named queries give identical rows on the embedded store and on Neo4j."""
import pytest

from queries import registry

pytestmark = pytest.mark.neo4j

# Documents named by title or 文号, looked up in the store: ids are the store's business.
REPORT = "title=2021年度滨江区人民政府履行教育职责情况自评报告"
DONGLI = "title=东丽区人民政府2020年履行教育职责情况自评报告"
FORWARDING = "title=市教委、市语委转发<教育部、国家语委关于进一步加强学校语言文字工作的意见>的通知"
FORWARDED = "title=教育部、国家语委关于进一步加强学校语言文字工作的意见"
HZ_NOTICE = "doc_number=杭政教督办〔2022〕5号"

CASES = [
    ("documents", {}),
    ("documents", {"q": "浙政教督办[2022]5号"}),
    ("documents", {"q": "履行教育职责", "kind": "通知"}),
    ("documents", {"q": "市教委、市语委转发"}),
    ("documents", {"issuer": "杭州市"}),
    ("documents", {"in_region": "杭州高新区（滨江）"}),
    ("documents", {"in_region": "天津市", "year": "2020"}),
    ("document", {"id": REPORT}),
    ("document-links", {"ids": f"{DONGLI},{FORWARDING}"}),
    ("document-links", {"ids": FORWARDED, "direction": "down"}),
    ("lineage-links", {"id": FORWARDED}),
    ("lineage-links", {"id": FORWARDING, "direction": "up", "depth": "6"}),
    ("lineage-links", {"id": FORWARDED, "direction": "down", "depth": "1"}),
    ("document-citing-regions", {"id": HZ_NOTICE, "level": "district"}),
    ("document-citing-regions", {"id": HZ_NOTICE, "level": "city"}),
    ("resolve-document", {"number": "杭政教督办(2022)5号"}),
    ("resolve-document", {"title": "《中小学教育惩戒规则》"}),
    ("initiatives", {}),
    ("initiative-timeline", {"initiative": "嵌入式幼儿园"}),
    ("region-profile", {"adcode": "330108"}),
    ("region-profile", {"adcode": "杭州市"}),
    ("region-documents", {"adcode": "330108"}),
    ("region-documents", {"adcode": "杭州市"}),
    ("region-initiatives", {"adcode": "330108"}),
    ("region-indicators", {"adcode": "330108"}),
    ("indicator-observations", {"indicator": "率"}),
    ("indicator-observations", {"indicator": "毛入园率", "in_region": "杭州市", "year": "2021"}),
    ("schools", {}),
    ("schools", {"in_region": "滨江区"}),
]


def test_every_research_query_is_covered():
    mine = {name for name, fn in registry.implementations().items() if fn.__module__ == "queries.twins_research"}
    assert mine == {name for name, _ in CASES}


def _ids(store, value: str) -> str:
    out = []
    for ref in value.split(","):
        key, _, wanted = ref.partition("=")
        (doc,) = [d for d in registry.run(store, "documents", {"q": wanted}) if d[key] == wanted]
        out.append(doc["id"])
    return ",".join(out)


@pytest.mark.parametrize("name,args", CASES, ids=[f"{n}-{'-'.join(map(str, a.values()))}" for n, a in CASES])
def test_same_rows_on_both_backends(seeded_store, neo4j_seeded, name, args):
    args = {k: _ids(seeded_store, v) if k in ("id", "ids") else v for k, v in args.items()}
    embedded = registry.run(seeded_store, name, args)
    assert embedded, "a parity case that returns nothing proves little"
    assert registry.run(neo4j_seeded, name, args) == embedded


def _links_level_by_level(store, root: str, side: str, depth: int) -> dict:
    """The tree's edges as the API read them before lineage-links: document-links once per level."""
    links, frontier, fetched = {}, [root], set()
    for _ in range(depth):
        todo = [d for d in dict.fromkeys(frontier) if d not in fetched]
        if not todo:
            break
        fetched.update(todo)
        found = registry.run(store, "document-links", {"ids": ",".join(todo), "direction": side})
        for row in found:
            links.setdefault(row["document"], []).append(row)
        frontier = [row["id"] for row in found]
    return links


@pytest.mark.parametrize("ref", [FORWARDED, FORWARDING, DONGLI])
def test_lineage_links_are_the_level_by_level_links(seeded_store, neo4j_seeded, ref):
    from api.lineage import _fetch_links

    root = _ids(seeded_store, ref)
    compared = 0
    for store in (seeded_store, neo4j_seeded):
        for depth in (1, 2, 4, 6):
            found = _fetch_links(store, root, "both", depth)
            for side in ("up", "down"):
                expected = _links_level_by_level(store, root, side, depth)
                assert found[side] == {d: [{k: v for k, v in r.items()} for r in rows] for d, rows in expected.items()}
                compared += sum(map(len, expected.values()))
    assert compared, "no lineage edge compared"
