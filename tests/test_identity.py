"""A text's own identity, and one node per document across texts, on real and on small texts."""
import pytest

from graph.stores.embedded import EmbeddedStore
from ingest.extract import extract
from ingest.identity import parse_date, read_own_identity
from ingest.pipeline import ingest_paths


def test_a_policy_text_states_title_number_signature_date_and_database_metadata(dev_corpus):
    text = (dev_corpus / "texts" / "h027.txt").read_text(encoding="utf-8")
    own = read_own_identity(text)
    assert own.title == "厦门市人民政府办公厅关于全面加强和改进学校美育工作的通知"
    assert text[own.number_span[0] : own.number_span[1]] == "厦府办〔2017〕3号"
    assert own.date == "2017-01-09" and [s for s, _, _ in own.signature] == ["厦门市人民政府办公厅"]
    assert own.metadata["citation_code"] == "CLI.12.1253501" and own.metadata["source_url"].startswith("https://")


def test_the_text_is_one_node_that_is_never_its_own_citation(dev_corpus):
    batch = extract((dev_corpus / "texts" / "h027.txt").read_text(encoding="utf-8"), "h027.txt", "x")
    me = batch.nodes[batch.doc_id].props
    assert (me["doc_number"], me["issuer"], me["region_adcode"], me["year"]) == ("厦府办〔2017〕3号", "厦门市人民政府办公厅", "350200", 2017)
    cited = [n.props.get("doc_number") for n in batch.nodes.values() if n.label == "Document" and n.id != batch.doc_id]
    assert sorted(cited) == ["国办发〔2015〕71号", "闽政办〔2016〕69号"]
    assert not any(e.source == e.target for e in batch.edges.values())


@pytest.mark.parametrize("raw,iso", [("二〇一六年十一月二十四日", "2016-11-24"), ("2017年1月9日", "2017-01-09"), ("二○二○年十月十五日", "2020-10-15")])
def test_dates_of_issue_in_arabic_and_chinese_numerals(raw, iso):
    assert parse_date(f"\n{raw}\n")[0] == iso


def _write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _docs_with(store, prop, value):
    return [n for n in store.dump().nodes if "Document" in n["labels"] and n["properties"].get(prop) == value]


def test_a_code_shared_by_two_regions_gives_two_documents(tmp_path):
    """宁政办发 is 南京's in a Nanjing text and 宁夏's in a Ningxia one: identity is issuer + 文号."""
    corpus = _write(tmp_path / "c", {
        "nanjing.txt": "南京市江宁区教育局2022年工作总结\n一、根据宁政办发〔2016〕1号文件要求，全区推进课后服务。\n",
        "ningxia.txt": "银川市兴庆区教育局2022年工作总结\n一、根据宁政办发〔2016〕1号文件要求，全区推进课后服务。\n",
    })
    store = EmbeddedStore(tmp_path / "s")
    assert ingest_paths(store, [corpus]).rejected == []
    scopes = sorted(n["properties"]["number_scope"] for n in _docs_with(store, "doc_number", "宁政办发〔2016〕1号"))
    assert scopes == ["320100", "640000"]


@pytest.mark.parametrize("order", ["province first", "city first"])
def test_an_abbreviated_title_from_a_city_is_its_provinces_ingested_opinion(tmp_path, dev_corpus, order):
    title = "关于全面加强和改进学校美育工作的实施意见"
    city = _write(tmp_path / "c", {"fuzhou.txt": f"福州市鼓楼区教育局2017年工作总结\n一、根据《省政府办公厅{title}》要求，全区加强美育。\n",
                                   "zhengzhou.txt": f"郑州市金水区教育局2017年工作总结\n一、根据《省政府办公厅{title}》要求，全区加强美育。\n"})
    provinces = [dev_corpus / "texts" / "h075.txt", dev_corpus / "texts" / "h061.txt"]  # 福建, 河南
    store = EmbeddedStore(tmp_path / "s")
    runs = [provinces, [city]] if order == "province first" else [[city], provinces]
    for paths in runs:
        assert ingest_paths(store, paths).rejected == []
    cites = {(e["source"], e["target"]) for e in store.dump().edges if e["type"] == "CITES"}
    fujian = _docs_with(store, "doc_number", "闽政办〔2016〕69号")
    henan = _docs_with(store, "doc_number", "豫政办〔2016〕160号")
    assert len(fujian) == len(henan) == 1
    texts = {n["properties"]["source_path"].rsplit("/", 1)[-1]: n["id"] for n in store.dump().nodes if n["properties"].get("ingested")}
    assert (texts["fuzhou.txt"], fujian[0]["id"]) in cites and (texts["zhengzhou.txt"], henan[0]["id"]) in cites
    assert not [n for n in store.dump().nodes if n["properties"].get("title_core") == title and not n["properties"].get("ingested")]


def test_two_files_claiming_one_identity_keep_the_first_and_name_both(tmp_path, dev_corpus):
    text = (dev_corpus / "texts" / "h027.txt").read_text(encoding="utf-8")
    draft = text[: len(text) * 2 // 3].replace("2017年1月9日", "2016年12月30日") + "\n（征求意见稿）\n厦门市人民政府办公厅\n2016年12月30日\n"
    corpus = _write(tmp_path / "c", {"draft.txt": draft, "final.txt": text})
    store = EmbeddedStore(tmp_path / "s")
    summary = ingest_paths(store, [corpus])
    assert len(summary.rejected) == 1
    path, why = summary.rejected[0]
    assert path.endswith("final.txt") and "draft.txt" in why
    assert len(_docs_with(store, "doc_number", "厦府办〔2017〕3号")) == 1


def test_a_title_in_double_brackets_is_no_self_edge():
    batch = extract("2022年杭州市滨江区教育局工作总结\n一、区教育局印发《《关于推进课后服务提质增效的实施意见》》。\n", "x.txt", "x")
    assert not any(e.source == e.target for e in batch.edges.values())
    assert [n.props["title"] for n in batch.nodes.values() if n.label == "Document" and n.id != batch.doc_id] == ["关于推进课后服务提质增效的实施意见"]


def test_an_order_number_names_its_issuer():
    batch = extract("2022年杭州市滨江区教育局工作总结\n一、依据《学校艺术教育工作规程》（教育部令第13号），全区加强艺术教育。\n", "x.txt", "x")
    [doc] = [n.props for n in batch.nodes.values() if n.props.get("doc_number")]
    assert doc["doc_number"] == "教育部令第13号" and doc["number_scope"] == "national"


def test_evidence_stays_bounded_in_a_text_without_punctuation():
    text = "2022年杭州市滨江区教育局工作总结\n" + "全区推进课后服务" * 3000 + "根据《关于推进课后服务提质增效的实施意见》要求" + "全区推进课后服务" * 3000
    batch = extract(text, "x.txt", "x")
    sentences = [e.provenance.sentence for e in batch.edges.values() if e.provenance]
    assert sentences and max(map(len, sentences)) <= 700


@pytest.mark.parametrize("text,title,number", [
    ("江苏省教育厅关于印发《江苏省中小学美育工作实施方案》\n的通知\n苏教体艺〔２０１７〕１２号\n各设区市教育局：\n　　现将方案印发给你们。\n",
     "江苏省教育厅关于印发《江苏省中小学美育工作实施方案》的通知", "苏教体艺〔２０１７〕１２号"),
    ("当前位置：首页 > 政策文件\n广东省人民政府办公厅关于全面加强和改进学校美育工作的实施意见\n粤府办〔2016〕84号\n各地级以上市人民政府：\n",
     "广东省人民政府办公厅关于全面加强和改进学校美育工作的实施意见", "粤府办〔2016〕84号"),
    ("湖南省人民政府办公厅\n关于全面加强和改进学校美育工作的实施意见\n湘政办发〔2016〕93号\n各市州、县市区人民政府：\n",
     "湖南省人民政府办公厅关于全面加强和改进学校美育工作的实施意见", "湘政办发〔2016〕93号"),
])
def test_headings_wrapped_over_lines_or_below_page_chrome(text, title, number):
    own = read_own_identity(text)
    assert own.title == title and text[own.number_span[0] : own.number_span[1]] == number


def test_the_same_document_from_two_files_is_one_node_with_both_sources(tmp_path, dev_corpus):
    text = (dev_corpus / "texts" / "h027.txt").read_text(encoding="utf-8")
    relaid = text.replace("，", "，\n", 3)  # another layout of the same text (a PDF wraps lines)
    corpus = _write(tmp_path / "c", {"a.txt": text, "b.txt": relaid})
    store = EmbeddedStore(tmp_path / "s")
    summary = ingest_paths(store, [corpus])
    assert summary.rejected == [] and summary.other_sources == 1
    [doc] = _docs_with(store, "doc_number", "厦府办〔2017〕3号")
    assert [p.rsplit("/", 1)[-1] for p in doc["properties"]["sources"]] == ["a.txt", "b.txt"]
    assert ingest_paths(store, [corpus]).rejected == []  # and again: nothing changes
    assert len(_docs_with(store, "doc_number", "厦府办〔2017〕3号")) == 1


def test_a_body_named_only_by_the_heading_of_a_text_with_no_region_still_issues():
    """A text that names no region but a national body's document it issued: the ISSUED edge has its agency node."""
    batch = extract("教育部直属师范大学和教育部艺术教育委员会工作总结\n一、研究制定《高校美育教学指导方案》。\n", "x.txt", "x")
    batch.validate()
    assert all(e.source in batch.nodes and e.target in batch.nodes for e in batch.edges.values())


def test_a_text_over_a_million_characters_is_read_to_its_end():
    """spaCy's default limit (E088 above 1M characters) does not apply: the citation at the end is found."""
    text = ("2022年杭州市滨江区教育局工作总结\n一、根据《关于推进课后服务提质增效的实施意见》要求，全区开展课后服务。\n"
            + "。\n" * 520_000 + "二、依据《杭州市校外培训机构预收费管理实施办法（暂行）》，加强监管。\n")
    assert len(text) > 1_000_000
    batch = extract(text, "long.txt", "x")
    titles = {n.props.get("title") for n in batch.nodes.values() if n.label == "Document" and n.id != batch.doc_id}
    assert titles == {"关于推进课后服务提质增效的实施意见", "杭州市校外培训机构预收费管理实施办法（暂行）"}
