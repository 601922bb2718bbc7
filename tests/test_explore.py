"""The exploratory and analytics queries (queries/twins_explore.py and their .cypher files).

Expected values come from reading the texts: the seed reports (tests/gold/) and the dev corpus,
whose gold (shared/dev-corpus/gold/) lists every document each text cites and where it is from.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from graph.stores.embedded import EmbeddedStore
from ingest.pipeline import ingest_paths
from queries import registry
from queries.params import QueryArgumentError

from conftest import REPO

DEV_TEXTS = REPO.parent / "shared" / "dev-corpus" / "texts"

# The 2015 national opinion on school aesthetic education, and two provincial opinions that
# carry it out. Per the dev-corpus gold, texts from 江西 (h058), 河南 (h053, h061, h099), 浙江
# (h064, h078, h093) and 福建 (h027, h039, h062, h074, h075, h080) cite the national one, 15 texts in
# all; 闽政办 is cited by 7 texts, all of Fujian (h024, h027, h039, h062, h074, h077, h080), 豫政办
# by 4 (h019, h042, h053, h099); no other national or provincial text is cited by more than 3.
NATIONAL_OPINION = "国办发〔2015〕71号"
FUJIAN_OPINION = "闽政办〔2016〕69号"
HENAN_OPINION = "豫政办〔2016〕160号"
# h025, 南昌市教育局 forwarding 南昌市人民政府办公厅's opinion: one text naming it many times.
NANCHANG_OPINION = "洪府厅发〔2017〕50号"

# Seed 003 (东丽区, 2020): 深入贯彻落实《市教委、市语委转发<教育部、国家语委关于进一步加强学校语言文字工作的意见>的通知》
DONGLI_REPORT = "东丽区人民政府2020年履行教育职责情况自评报告"
LANGUAGE_NOTICE = "市教委、市语委转发<教育部、国家语委关于进一步加强学校语言文字工作的意见>的通知"
LANGUAGE_OPINION = "教育部、国家语委关于进一步加强学校语言文字工作的意见"


@pytest.fixture(scope="module")
def dev_store(tmp_path_factory) -> EmbeddedStore:
    store = EmbeddedStore(tmp_path_factory.mktemp("dev-corpus"))
    summary = ingest_paths(store, [DEV_TEXTS])
    assert summary.rejected == [], summary.rejected
    store.flush()
    return store


def _by_number(rows: list[dict]) -> dict[str, dict]:
    return {r["doc_number"]: r for r in rows if r["doc_number"]}


# ---------------------------------------------------------------- most-cited

def test_most_cited_ranks_the_national_opinion_first_among_national_documents(dev_store):
    rows = registry.run(dev_store, "most-cited", {"issuer_level": "national", "top": "5"})
    assert [r["level"] for r in rows] == ["national"] * len(rows)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    first = rows[0]
    assert first["doc_number"] == NATIONAL_OPINION and first["issuers"] == ["国务院办公厅"]
    assert first["cited_by"] >= 12, first  # 15 citing texts in the gold, minus the 3 citing it by title only


def test_most_cited_ranks_provincial_opinions_by_citing_texts(dev_store):
    rows = registry.run(dev_store, "most-cited", {"issuer_level": "province", "top": "2"})
    assert [(r["rank"], r["doc_number"]) for r in rows] == [(1, FUJIAN_OPINION), (2, HENAN_OPINION)]
    assert rows[0]["cited_by"] >= 7 and rows[1]["cited_by"] >= 4


def test_most_cited_counts_citing_documents_not_citations(dev_store):
    city = _by_number(registry.run(dev_store, "most-cited", {"issuer_level": "city", "top": "50"}))
    assert city[NANCHANG_OPINION]["cited_by"] == 1


def test_most_cited_lists_levels_from_national_down(dev_store):
    rows = registry.run(dev_store, "most-cited", {"top": "1"})
    levels = [r["level"] for r in rows]
    assert levels[:3] == ["national", "province", "city"]
    assert all(r["rank"] == 1 for r in rows)
    assert rows[0]["doc_number"] == NATIONAL_OPINION and rows[1]["doc_number"] == FUJIAN_OPINION


# ---------------------------------------------------------------- cited-by-provinces

def test_national_opinion_is_cited_from_four_provinces(dev_store):
    rows = _by_number(registry.run(dev_store, "cited-by-provinces", {}))
    national = rows[NATIONAL_OPINION]
    assert {"江西省", "河南省", "浙江省", "福建省"} <= set(national["provinces"])
    assert national["province_count"] == len(national["provinces"])
    assert FUJIAN_OPINION not in rows, "a provincial opinion cited only within its province"


def test_provincial_opinion_is_cited_from_its_own_province_only(dev_store):
    rows = _by_number(registry.run(dev_store, "cited-by-provinces", {"min_provinces": "1"}))
    assert rows[FUJIAN_OPINION]["provinces"] == ["福建省"]
    assert rows[FUJIAN_OPINION]["citing_documents"] >= 7
    assert rows[HENAN_OPINION]["provinces"] == ["河南省"]


# ---------------------------------------------------------------- initiative-spread / -diffusion

# Seed gold: 清廉学校 in 杭州市's 2020 report (004), 滨江区's 2021 (000) and 2023 (002) reports, and
# 越城区's 2021 report (001).
def test_initiative_spread_by_year(seeded_store):
    rows = registry.run(seeded_store, "initiative-spread", {"initiatives": "清廉学校"})
    assert [(r["year"], r["new_regions"], r["regions_so_far"], r["regions"]) for r in rows] == [
        (2020, 1, 1, ["杭州市"]),
        (2021, 2, 3, ["滨江区", "越城区"]),
    ]


def test_initiative_spread_over_every_initiative(seeded_store):
    rows = registry.run(seeded_store, "initiative-spread", {"initiatives": "*"})
    names = {r["initiative"] for r in rows}
    assert {"清廉学校", "双减", "嵌入式幼儿园"} <= names
    for name in names:
        mine = [r for r in rows if r["initiative"] == name]
        assert [r["year"] for r in mine] == sorted(r["year"] for r in mine)
        assert mine[-1]["regions_so_far"] == sum(r["new_regions"] for r in mine)


def test_initiative_diffusion_orders_regions_by_first_adoption(seeded_store):
    rows = registry.run(seeded_store, "initiative-diffusion", {"initiative": "清廉学校"})
    assert [(r["wave"], r["first_year"], r["region"], r["level"]) for r in rows] == [
        (1, 2020, "杭州市", "city"),
        (2, 2021, "滨江区", "county"),
        (2, 2021, "越城区", "county"),
    ]
    binjiang = rows[1]
    assert binjiang["parent"] == "杭州市" and binjiang["parent_first_year"] == 2020
    assert rows[2]["parent"] == "绍兴市" and rows[2]["parent_first_year"] is None
    for r in rows:
        assert "清廉" in r["evidence"] and r["doc_id"].startswith("doc:") and r["start"] < r["end"]


# ---------------------------------------------------------------- citation-path

def test_citation_path_goes_through_the_forwarding_notice(seeded_store):
    rows = registry.run(seeded_store, "citation-path", {"from": DONGLI_REPORT, "to": LANGUAGE_OPINION})
    assert [(r["hops"], r["titles"]) for r in rows] == [(2, [DONGLI_REPORT, LANGUAGE_NOTICE, LANGUAGE_OPINION])]
    assert len(rows[0]["path"]) == 3


def test_citation_path_follows_the_direction_asked(seeded_store):
    against = {"from": LANGUAGE_OPINION, "to": DONGLI_REPORT}
    assert registry.run(seeded_store, "citation-path", against) == []
    down = registry.run(seeded_store, "citation-path", {**against, "direction": "down"})
    assert [r["titles"] for r in down] == [[LANGUAGE_OPINION, LANGUAGE_NOTICE, DONGLI_REPORT]]
    both = registry.run(seeded_store, "citation-path", {**against, "direction": "both"})
    assert [r["titles"] for r in both] == [r["titles"] for r in down]


def test_citation_path_from_a_document_to_itself_is_empty(seeded_store):
    assert registry.run(seeded_store, "citation-path", {"from": DONGLI_REPORT, "to": DONGLI_REPORT}) == []


# ---------------------------------------------------------------- citation-centrality

def test_citation_centrality_ranks_the_national_opinion_first(dev_store):
    rows = registry.run(dev_store, "citation-centrality", {"top": "10"})
    assert len(rows) == 10 and [r["rank"] for r in rows] == list(range(1, 11))
    assert rows[0]["doc_number"] == NATIONAL_OPINION
    documents = dev_store.counts()["Document"]
    for r in rows:
        assert r["in_degree_centrality"] == pytest.approx(r["cited_by"] / (documents - 1))
        assert r["reach"] >= r["cited_by"]


def test_citation_centrality_reach_counts_indirect_followers(seeded_store):
    rows = {r["title"]: r for r in registry.run(seeded_store, "citation-centrality", {"top": "1000"})}
    # The 东丽区 report cites the notice, which forwards the opinion: one citer, two followers.
    assert rows[LANGUAGE_OPINION]["cited_by"] == 1 and rows[LANGUAGE_OPINION]["reach"] == 2
    assert DONGLI_REPORT not in rows, "nothing cites the report"


# ---------------------------------------------------------------- arguments

@pytest.mark.parametrize("name,args,message", [
    ("most-cited", {"issuer_level": "district"}, "issuer_level"),
    ("most-cited", {"top": "0"}, "top"),
    ("most-cited", {"top": "ten"}, "top"),
    ("cited-by-provinces", {"min_provinces": "-1"}, "min_provinces"),
    ("citation-path", {"from": " ", "to": DONGLI_REPORT}, "from"),
    ("citation-path", {"from": DONGLI_REPORT}, "to"),
    ("initiative-diffusion", {}, "initiative"),
])
def test_bad_arguments_are_refused_with_the_argument_named(seeded_store, name, args, message):
    with pytest.raises(QueryArgumentError, match=message):
        registry.run(seeded_store, name, args)


# ---------------------------------------------------------------- both stores, on the dev corpus

DEV_CASES = [
    ("most-cited", {"issuer_level": "all", "top": "5"}),
    ("cited-by-provinces", {"min_provinces": "2"}),
    ("cited-by-provinces", {"min_provinces": "1"}),
    ("initiative-spread", {"initiatives": "*"}),
    ("citation-centrality", {"top": "30"}),
    ("initiative-diffusion", {"initiative": "一校一品"}),
    ("initiative-diffusion", {"initiative": "高雅艺术进校园"}),
]


@pytest.fixture(scope="module")
def neo4j_dev(_neo4j_store):
    """The dev corpus alone in Neo4j; cleared afterwards, so the seed fixtures ingest afresh."""
    _neo4j_store.clear()
    summary = ingest_paths(_neo4j_store, [DEV_TEXTS])
    assert summary.rejected == [], summary.rejected
    yield _neo4j_store
    _neo4j_store.clear()


@pytest.mark.neo4j
def test_dev_corpus_gives_the_same_rows_on_both_stores(dev_store, neo4j_dev):
    for name, args in DEV_CASES:
        embedded = registry.run(dev_store, name, args)
        assert embedded, f"{name} {args}: no rows on the dev corpus"
        assert registry.run(neo4j_dev, name, args) == embedded, f"{name} {args}"


# ---------------------------------------------------------------- Browser files (queries/browser/)

BROWSER_FILES = REPO / "queries" / "browser"


class _GuideBlocks(HTMLParser):
    """The text of every <pre> in the guide, with its data-query attribute (None if it has none)."""

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str | None, str]] = []
        self._open: list | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "pre":
            self._open = [dict(attrs).get("data-query"), ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "pre" and self._open is not None:
            self.blocks.append((self._open[0], self._open[1]))
            self._open = None


def _guide_blocks() -> list[tuple[str | None, str]]:
    parser = _GuideBlocks()
    parser.feed((BROWSER_FILES / "policykg.html").read_text(encoding="utf-8"))
    return parser.blocks


def test_the_style_gives_every_label_of_the_schema_a_colour_and_a_caption():
    from graph.model import schema

    text = (BROWSER_FILES / "policykg.grass").read_text(encoding="utf-8")
    rules = dict(re.findall(r'node\.(\w+)\s*\{((?:[^{}"]|"[^"]*")*)\}', text))
    assert set(rules) == set(schema().nodes)
    for label, body in rules.items():
        assert re.search(r"\bcolor:\s*#[0-9A-Fa-f]{6};", body), label
        captions = re.findall(r'caption:\s*"([^"]*)"', body)
        props = re.findall(r"\{(\w+)\}", captions[0]) if captions else []
        assert props and set(props) <= set(schema().nodes[label].properties), (label, captions)


def test_the_guide_shows_named_queries_as_their_files_have_them():
    named = {name: text for name, text in _guide_blocks() if name}
    assert {"most-cited", "initiative-diffusion"} <= set(named)
    for name, text in named.items():
        assert text == registry.get(name).cypher, f"the guide's copy of {name} differs from queries/{name}.cypher"


def test_the_guide_links_only_to_files_the_launcher_serves():
    text = (BROWSER_FILES / "policykg.html").read_text(encoding="utf-8")
    linked = set(re.findall(r"\{\{base\}\}/guides/([\w.-]+)", text))
    assert linked == {"policykg.grass", "policykg.html"}
    assert all((BROWSER_FILES / name).is_file() for name in linked)


def test_the_guide_sets_the_parameters_its_queries_use():
    blocks = [text for _, text in _guide_blocks()]
    params = set()
    for text in blocks:
        if text.startswith(":params"):
            params |= set(re.findall(r"(\w+):", text.removeprefix(":params")))
    used = {p for text in blocks if not text.startswith(":") for p in re.findall(r"\$(\w+)", text)}
    assert used and used <= params, f"the guide's queries use {sorted(used - params)} that no :params sets"
