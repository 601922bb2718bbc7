"""The embedded store: persist and reload the same graph, replace a document's facts, stay intact."""
import json

from graph.stores.embedded import GRAPH_FILE, EmbeddedStore
from ingest.pipeline import ingest_paths


def _canon(dump):
    nodes = sorted((n["id"], tuple(n["labels"]), json.dumps(n["properties"], sort_keys=True, ensure_ascii=False)) for n in dump.nodes)
    edges = sorted((e["source"], e["target"], e["type"], json.dumps(e["properties"], sort_keys=True, ensure_ascii=False)) for e in dump.edges)
    return nodes, edges


def test_round_trip_gives_the_same_graph(seeded_store):
    reloaded = EmbeddedStore(seeded_store.directory)
    assert _canon(reloaded.dump()) == _canon(seeded_store.dump())
    assert reloaded.counts() == seeded_store.counts()
    assert seeded_store.counts()["Document"] > 5


def test_reingesting_the_same_files_changes_nothing(tmp_path, seeds):
    store = EmbeddedStore(tmp_path)
    ingest_paths(store, [seeds])
    before = _canon(store.dump())
    summary = ingest_paths(EmbeddedStore(tmp_path), [seeds])
    assert summary.unchanged == summary.read == 5
    assert _canon(EmbeddedStore(tmp_path).dump()) == before


def test_a_changed_file_replaces_only_its_own_facts(tmp_path, seeds):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(seeds.glob("*.txt")):
        (corpus / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    ingest_paths(store, [corpus])
    target = corpus / "000_9fd6141abc141271.txt"
    text = target.read_text(encoding="utf-8")
    doc_id = store.document_for_source(str(target.resolve()))[0]
    others_before = [e for e in store.dump().edges if e["properties"].get("doc_id") not in (None, doc_id)]
    assert "嵌入式幼儿园" in text
    target.write_text(text.replace("嵌入式幼儿园", "托育园所"), encoding="utf-8")

    summary = ingest_paths(store, [corpus])
    assert summary.unchanged == 4
    dump = store.dump()
    mine = [e for e in dump.edges if e["properties"].get("doc_id") == doc_id]
    assert mine, "the changed document still has its facts"
    assert not any("嵌入式幼儿园" in e["properties"].get("sentence", "") for e in mine)
    others_after = [e for e in dump.edges if e["properties"].get("doc_id") not in (None, doc_id)]
    assert sorted(map(str, others_after)) == sorted(map(str, others_before))


def test_a_crash_while_writing_leaves_the_old_file(tmp_path, seeds, monkeypatch):
    store = EmbeddedStore(tmp_path)
    ingest_paths(store, [seeds])
    good = (tmp_path / GRAPH_FILE).read_bytes()
    store._dirty = True

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr("graph.stores.embedded.os.fsync", boom)
    try:
        store.flush()
    except OSError:
        pass
    assert (tmp_path / GRAPH_FILE).read_bytes() == good
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".graph-")]


def test_every_fact_edge_carries_provenance_that_matches_the_text(seeded_store):
    docs = {n["id"]: n["properties"] for n in seeded_store.dump().nodes if n["properties"].get("ingested")}
    texts = {i: open(p["source_path"], encoding="utf-8").read() for i, p in docs.items()}
    checked = 0
    for e in seeded_store.dump().edges:
        p = e["properties"]
        if e["type"] == "PART_OF":
            continue
        assert p["doc_id"] in texts, e
        text = texts[p["doc_id"]]
        assert 0 <= p["start"] <= p["end"] <= len(text)
        assert text[p["start"]:p["end"]] in p["sentence"]
        assert p["sentence"] in text
        checked += 1
    assert checked > 500


def test_a_gb18030_file_reads_like_its_utf8_twin(tmp_path, seeds):
    text = (seeds / "001_f38a59b6a3b78320.txt").read_text(encoding="utf-8")
    (tmp_path / "gbk").mkdir()
    (tmp_path / "gbk" / "report.txt").write_bytes(text.encode("gb18030"))
    store = EmbeddedStore(tmp_path / "store")
    summary = ingest_paths(store, [tmp_path / "gbk"])
    assert summary.rejected == [] and summary.read == 1
    from queries import registry

    rows = registry.run(store, "citing-regions", {"doc": "浙政教督办〔2022〕5号"})
    assert [r["region"] for r in rows] == ["越城区"]
