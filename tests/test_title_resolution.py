"""A title cited alone in one report and issued by a body of the citing region in another is one
document, whichever report is ingested first, on both backends."""
import pytest

from graph.stores.embedded import EmbeddedStore
from ingest.pipeline import ingest_paths

TITLE = "关于推进课后服务提质增效的实施意见"
CITING = "2022年杭州市滨江区人民政府履行教育职责自评报告\n一、根据《关于推进课后服务提质增效的实施意见》要求，全区学校全面开展课后服务。\n"
ISSUING = "2022年杭州市滨江区教育局工作总结\n一、区教育局出台《关于推进课后服务提质增效的实施意见》，明确课后服务时长与收费标准。\n"
ELSEWHERE = "2022年南京市江宁区教育局工作总结\n一、按照《关于推进课后服务提质增效的实施意见》要求，全区开展课后服务。\n"


@pytest.fixture(params=["embedded", "neo4j"])
def new_store(request, tmp_path):
    if request.param == "embedded":
        return lambda: EmbeddedStore(tmp_path / "store")
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore(request.getfixturevalue("neo4j_uri"))
    store.clear()

    def finish():
        store.clear()
        store.close()

    request.addfinalizer(finish)

    def make():
        store.clear()
        return store

    return make


def _write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _documents_titled(store, title):
    return sorted(n["id"] for n in store.dump().nodes if "Document" in n["labels"] and n["properties"].get("title") == title)


def _citations(store, target):
    return sorted((e["source"], e["properties"]["sentence"]) for e in store.dump().edges if e["type"] == "CITES" and e["target"] == target)


@pytest.mark.parametrize("order", [("a_citing.txt", "b_issuing.txt"), ("b_issuing.txt", "a_citing.txt")])
def test_a_bare_title_is_the_document_a_body_of_its_region_issued(new_store, tmp_path, order):
    corpus = _write(tmp_path / "corpus", {"a_citing.txt": CITING, "b_issuing.txt": ISSUING})
    store = new_store()
    for name in order:  # one ingest run per report, so the second finds the first in the store
        summary = ingest_paths(store, [corpus / name])
        assert summary.rejected == []
    [doc] = _documents_titled(store, TITLE)
    cited = _citations(store, doc)
    assert any("根据《关于推进课后服务提质增效的实施意见》要求" in sentence for _, sentence in cited)
    issued_by = [e for e in store.dump().edges if e["type"] == "ISSUED_BY" and e["source"] == doc]
    assert issued_by and all(e["target"] == "agency:杭州市滨江区教育局" for e in issued_by)

    again = ingest_paths(store, [corpus])  # unchanged files: nothing to do, nothing to merge
    assert (again.unchanged, again.resolved) == (2, 0)
    assert _documents_titled(store, TITLE) == [doc]


def test_a_report_from_another_province_keeps_its_own_reading(new_store, tmp_path):
    corpus = _write(tmp_path / "corpus", {"a_citing.txt": CITING, "b_issuing.txt": ISSUING, "c_elsewhere.txt": ELSEWHERE})
    store = new_store()
    summary = ingest_paths(store, [corpus])
    assert summary.resolved == 1
    issuers = {e["source"] for e in store.dump().edges if e["type"] == "ISSUED_BY"}
    [issued] = [d for d in _documents_titled(store, TITLE) if d in issuers]
    [bare] = [d for d in _documents_titled(store, TITLE) if d not in issuers]
    assert [s for _, s in _citations(store, bare)] == ["一、按照《关于推进课后服务提质增效的实施意见》要求，全区开展课后服务。"]
    assert any("根据《" in s for _, s in _citations(store, issued))


def test_a_changed_citing_report_takes_its_citation_with_it(new_store, tmp_path):
    corpus = _write(tmp_path / "corpus", {"a_citing.txt": CITING, "b_issuing.txt": ISSUING})
    store = new_store()
    ingest_paths(store, [corpus])
    [doc] = _documents_titled(store, TITLE)
    (corpus / "a_citing.txt").write_text(CITING.replace("根据《关于推进课后服务提质增效的实施意见》要求，", ""), encoding="utf-8")
    ingest_paths(store, [corpus])
    assert _documents_titled(store, TITLE) == [doc]
    assert _citations(store, doc) == []


def test_resolution_gives_the_same_graph_on_both_backends(tmp_path, neo4j_uri):
    """Identity is decided in Python before anything is written, so both stores hold the same nodes
    and citations: the Hangzhou report's bare title points at the district bureau's document, the
    Nanjing report's keeps a node of its own."""
    from graph.stores.neo4j import Neo4jStore

    corpus = _write(tmp_path / "corpus", {"a_citing.txt": CITING, "b_issuing.txt": ISSUING, "c_elsewhere.txt": ELSEWHERE})
    embedded = EmbeddedStore(tmp_path / "store")
    neo4j = Neo4jStore(neo4j_uri)
    try:
        neo4j.clear()
        graphs = []
        for store in (embedded, neo4j):
            for name in ("a_citing.txt", "c_elsewhere.txt", "b_issuing.txt"):
                ingest_paths(store, [corpus / name])
            dump = store.dump()
            docs = sorted(n["id"] for n in dump.nodes if "Document" in n["labels"])
            cites = sorted((e["source"], e["target"], e["properties"]["start"]) for e in dump.edges if e["type"] == "CITES")
            graphs.append((docs, cites))
        assert graphs[0] == graphs[1]
        assert len(_documents_titled(embedded, TITLE)) == 2  # Hangzhou's (issued by its bureau) and Nanjing's bare title
    finally:
        neo4j.clear()
        neo4j.close()
