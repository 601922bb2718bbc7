"""The embedded store: persist and reload the same graph, replace a document's facts, stay intact."""
import json
import os
import sqlite3

import pytest

from graph.store import StoreUnavailable
from graph.stores.embedded import DB_FILE, FORMAT_VERSION, INDEXED_PROPS, EmbeddedStore, StoreFormatError
from graph.types import Edge
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


def test_a_write_that_fails_midway_leaves_the_store_as_it_was(tmp_path, seeds, monkeypatch):
    store = EmbeddedStore(tmp_path)
    ingest_paths(store, [seeds / "000_9fd6141abc141271.txt"])
    before = _canon(store.dump())

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(EmbeddedStore, "_drop_orphans", staticmethod(boom))
    with pytest.raises(OSError):
        ingest_paths(store, [seeds / "003_44c63be4e2eb7023.txt"])
    monkeypatch.undo()
    reopened = EmbeddedStore(tmp_path)
    assert _canon(reopened.dump()) == before
    reopened.close()
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_FILE, "writer.lock"]


def test_a_second_writer_waits_then_fails_naming_the_holder(tmp_path, seeds, monkeypatch):
    first = EmbeddedStore(tmp_path)
    ingest_paths(first, [seeds / "000_9fd6141abc141271.txt"])
    monkeypatch.setenv("POLICYKG_LOCK_TIMEOUT", "0.3")
    second = EmbeddedStore(tmp_path)
    with pytest.raises(StoreUnavailable, match=f"another writer holds the store \\(pid {os.getpid()} "):
        ingest_paths(second, [seeds / "003_44c63be4e2eb7023.txt"])
    first.close()
    ingest_paths(second, [seeds / "003_44c63be4e2eb7023.txt"])
    assert len(second.find("Document", "ingested", True)) == 2
    second.close()


def test_a_query_sees_one_snapshot_while_a_writer_commits(tmp_path, seeds):
    writer = EmbeddedStore(tmp_path)
    ingest_paths(writer, [seeds / "000_9fd6141abc141271.txt"])
    reader = EmbeddedStore(tmp_path)
    with reader.snapshot() as view:
        before = [n for n, _ in view.nodes("Document")]
        ingest_paths(writer, [seeds / "003_44c63be4e2eb7023.txt"])  # commits while the query runs
        assert [n for n, _ in view.nodes("Document")] == before
    with reader.snapshot() as view:
        after = [n for n, _ in view.nodes("Document")]
    assert set(before) < set(after)
    assert len([n for n in after if reader.node(n).get("ingested")]) == 2
    writer.close()
    reader.close()


def test_find_uses_an_index_and_agrees_with_a_scan(seeded_store):
    dump = seeded_store.dump()
    conn = sqlite3.connect(seeded_store.path)
    for prop in INDEXED_PROPS:
        plan = " ".join(r[-1] for r in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT nid FROM nodes WHERE label = ? AND json_extract(props, '$.{prop}') = ?", ("X", "y")
        ))
        assert f"INDEX nodes_{prop}" in plan, (prop, plan)
    conn.close()
    checked = 0
    for n in dump.nodes:
        for prop in ("doc_number", "adcode", "name"):
            value = n["properties"].get(prop)
            if value is None:
                continue
            expected = [m["properties"] for m in dump.nodes if m["labels"] == n["labels"] and m["properties"].get(prop) == value]
            assert seeded_store.find(n["labels"][0], prop, value) == expected
            checked += 1
    assert checked > 50
    assert seeded_store.find("Document", "doc_number", "no such number") == []


def test_merge_nodes_repoints_every_edge_and_keeps_provenance(tmp_path, seeds):
    store = EmbeddedStore(tmp_path)
    ingest_paths(store, [seeds])
    dump = store.dump()
    cited = [e["target"] for e in dump.edges if e["type"] == "CITES"]
    from_id, into_id = cited[0], next(c for c in cited if c != cited[0])
    props = {n["id"]: n["properties"] for n in dump.nodes}
    touching = [e for e in dump.edges if from_id in (e["source"], e["target"])]
    assert touching

    result = store.merge_nodes(from_id, into_id)
    after = store.dump()
    assert from_id not in {n["id"] for n in after.nodes}
    assert not [e for e in after.edges if from_id in (e["source"], e["target"])]
    assert result.nodes_removed == 1 and result.edges_removed == len(touching)
    edges_after = {(e["source"], e["target"], e["type"], e["properties"]["key"]): e["properties"] for e in after.edges}
    for e in touching:
        moved = Edge.from_properties(e["type"], into_id if e["source"] == from_id else e["source"],
                                     into_id if e["target"] == from_id else e["target"], e["properties"])
        got = edges_after[(moved.source, moved.target, moved.type, moved.key)]
        assert got == moved.properties()
        assert got["sentence"] == e["properties"]["sentence"] and got["doc_id"] == e["properties"]["doc_id"]
    merged = store.node(into_id)
    for k, v in props[from_id].items():
        assert merged[k] == (props[into_id].get(k) if props[into_id].get(k) is not None else v)
    assert len(after.edges) == len(dump.edges) - result.edges_removed + result.edges_added
    store.close()


def test_the_twins_give_the_same_rows_on_the_networkx_export(seeded_store):
    from graph.stores.nx_view import NetworkxView
    from queries import registry

    view = NetworkxView(seeded_store.to_networkx())
    cases = [("citing-regions", {"doc": "浙政教督办[2022]5号"}), ("adopters", {"initiative": "嵌入式幼儿园"}),
             ("lineage", {"doc": "津教督导室〔2021〕40号", "direction": "both"}), ("region", {"region": "越城区"}),
             ("indicator", {"indicator": "率"}), ("adopters", {"initiative": "双减", "limit": "2", "skip": "1"}),
             ("adopters", {"initiative": "双减", "limit": "1", "skip": "0"}), ("indicator", {"indicator": "率", "limit": "3", "skip": "2"}),
             ("region", {"region": "330108", "limit": "2"}), ("region-documents", {"adcode": "杭州市"}),
             ("region-initiatives", {"adcode": "330108", "limit": "4", "skip": "3"}), ("region-indicators", {"adcode": "330108"})]
    for name, args in cases:
        query = registry.get(name)
        rows = [registry._normalise(query, r) for r in registry.implementations()[name](view, query.bind(args))]
        assert rows and rows == registry.run(seeded_store, name, args), name
    doc = seeded_store.find("Document", "ingested", True)[0]["id"]
    sub = seeded_store.to_networkx([doc])
    assert sub.number_of_edges() > 10
    assert {d["props"]["doc_id"] for _, _, d in sub.edges(data=True)} == {doc}


def test_reading_many_nodes_edges_at_once_equals_reading_each(seeded_store):
    """out_each (one query for many nodes) gives what out gives node by node, in the order asked,
    whether some nodes' edges were read before, a node is named twice or is not in the store."""
    from graph.stores.nx_view import NetworkxView

    exported = NetworkxView(seeded_store.to_networkx())
    for label, type_ in (("Agency", "ISSUED"), ("Region", "PART_OF"), ("Observation", "MEASURES"), ("Region", "ADOPTED")):
        with seeded_store.snapshot() as view:
            nodes = [n for n, _ in view.nodes(label)]
        asked = [*nodes[:3], f"{label.lower()}:no-such", *nodes[3:], nodes[0]]
        with seeded_store.snapshot() as view:
            one_by_one = [(n, o, p) for n in asked if view.has(n) for o, p in view.out(n, type_)]
        assert len({n for n, _, _ in one_by_one}) > 3, (label, type_)
        with seeded_store.snapshot() as view:
            list(view.out(nodes[1], type_))  # one node's edges read already
            assert list(view.out_each(asked, type_)) == one_by_one, type_
        by_node = lambda rows: sorted((n, o, json.dumps(p, sort_keys=True)) for n, o, p in rows)  # noqa: E731
        assert by_node(exported.out_each(asked, type_)) == by_node(one_by_one), type_


def test_reads_without_properties_agree_with_reading_them_whole(seeded_store):
    """The reads that leave properties out (walks over an edge group on node handles, a page of
    citations with references to their edges, one property of many nodes, ids of what find finds)
    give what the whole reads give, on the store's view and on a view over its export, nodes named
    twice or missing."""
    from graph.stores.nx_view import NetworkxView
    from queries import embedded as twins

    exported = NetworkxView(seeded_store.to_networkx())
    with seeded_store.snapshot() as view:
        cited = [n for n, _ in view.nodes("Document")]
        asked = [*cited[:5], "doc:no-such", *cited[5:], cited[0]]
        for g in (view, exported):
            handles = g.handle_each(asked)
            assert list(handles) == list(dict.fromkeys(n for n in asked if g.has(n)))
            steps = g.walk_each(list(handles.values()), "lineage", False)
            named = g.ids_of([h for step in steps for h in step])
            whole = [(n, o) for t in twins.LINEAGE_TYPES for n, o, _ in g.in_each(list(handles), t)]
            assert len(whole) > 10 and sorted((named[a], named[b]) for a, b in steps) == sorted(whole)
            order = g.ids_in_order(list(handles.values()), 2, 3)
            assert [n for _, n in order] == sorted(handles)[2:5] and all(g.ids_of([h])[h] == n for h, n in order)
            regions = [n for n, _ in g.nodes("Region")]
            for type_, forward, label, props in (("ADOPTED", True, None, ("year",)), ("LOCATED_IN", False, "Agency", ()),
                                                 ("LOCATED_IN", False, "School", ()), ("REPORTS_ON", False, "Document", ())):
                stepped = g.step_each(list(g.handle_each(regions).values()), type_, forward, label, props)
                named = g.ids_of([h for step in stepped for h in step[:2]])
                read = [(r, o, *(e.get(p) for p in props)) for r in regions
                        for o, e in (g.out(r, type_) if forward else g.in_(r, type_)) if label is None or g.label(o) == label]
                assert len(read) > 3 and sorted((named[a], named[b], *rest) for a, b, *rest in stepped) == sorted(read), type_
            total, page = g.citing_page(list(g.handle_each(cited).values()), 0, None)
            assert total == len(page) > 10
            cites = {(o, json.dumps(p, sort_keys=True)) for t in ("CITES", "IMPLEMENTS", "FORWARDS") for _, o, p in g.in_each(cited, t)}
            edges = g.edges_of([ref for *_, ref in page])
            assert g.edges_of([ref for *_, ref in page[::-1]]) == edges[::-1]
            assert all((report, json.dumps(e, sort_keys=True)) in cites for (_, _, report, _), e in zip(page, edges))
            assert all(region in {q for q, _ in g.out(report, "REPORTS_ON")} for region, _, report, _ in page)
            titles = g.prop_each(asked, "title")
            assert "doc:no-such" not in titles and titles == {n: g.props(n).get("title") for n in asked if g.has(n)}
            assert any(v is None for v in g.prop_each(asked, "doc_number").values())
            for prop, value in (("doc_number", "浙政教督办〔2022〕5号"), ("title_key", g.props(cited[0])["title_key"])):
                found = [h for h, in g.find_handles("Document", prop, value)]
                named, values = g.ids_of(found), g.values_of(found, ("title", "doc_number"))
                assert [named[h] for h in found] == [n for n, _ in g.find("Document", prop, value)] != []
                assert [(named[h], *values[h]) for h in found] == [
                    (n, q.get("title"), q.get("doc_number")) for n, q in g.find("Document", prop, value)]
            initiatives = list(g.nodes("Initiative"))
            names = [w for _, q in initiatives for w in (q["key"], q["name"], *(q.get("aliases") or [])[:1])]
            assert any(q.get("aliases") for _, q in initiatives) and len(names) > 10
            for wanted in [*names, "no such initiative"]:
                assert list(g.find_named("Initiative", wanted, ("key", "name"), ("aliases",))) == \
                    [(n, q) for n, q in initiatives if twins._names_initiative(q, wanted)], wanted
    with seeded_store.snapshot() as fresh:  # a node met as a neighbour has its properties read when asked for
        steps = fresh.walk_each(list(fresh.handle_each(cited).values()), "lineage", True)
        ends = list(fresh.ids_of([b for _, b in steps]).values())
        assert fresh.props(ends[0]) == exported.props(ends[0])


def test_a_file_that_is_not_a_store_is_named_in_the_error(tmp_path):
    (tmp_path / DB_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreFormatError, match=str(tmp_path / DB_FILE)):
        EmbeddedStore(tmp_path).counts()


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


def test_a_store_of_the_earlier_json_format_is_read_once(tmp_path, seeded_store):
    dump = seeded_store.dump()
    legacy = {"format": 1, **dump.as_dict()}
    (tmp_path / "graph.json").write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    store = EmbeddedStore(tmp_path)
    assert _canon(store.dump()) == _canon(dump)
    assert (tmp_path / "graph.json.imported").exists() and not (tmp_path / "graph.json").exists()
    store.close()


def test_a_store_of_format_3_gets_the_covering_index_by_target_when_opened(tmp_path, seeds):
    store = EmbeddedStore(tmp_path / "s")
    ingest_paths(store, [seeds])
    before = _canon(store.dump())
    store.close()
    conn = sqlite3.connect(tmp_path / "s" / DB_FILE)
    conn.execute("DROP INDEX edges_in_spans")
    conn.execute("CREATE INDEX edges_in ON edges(dst, type)")  # format 3's index by target
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'format'")
    conn.commit()
    conn.close()
    reopened = EmbeddedStore(tmp_path / "s")
    assert _canon(reopened.dump()) == before
    reopened.close()
    conn = sqlite3.connect(tmp_path / "s" / DB_FILE)
    indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "edges_in_spans" in indexes and "edges_in" not in indexes
    assert conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (str(FORMAT_VERSION),)
    # A fan-in's sources and spans come off the index alone, without a table row per edge.
    plan = " ".join(str(r) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT e.src, e.did, e.start, e.stop FROM edges e WHERE e.dst IN (1, 2) AND e.type = 'CITES'"))
    assert "COVERING INDEX edges_in_spans" in plan, plan
    conn.close()
