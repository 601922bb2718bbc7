"""`policykg ingest --workers N`: extraction in parallel processes gives the same graph as one
process, and a bad file among them is still reported by name without stopping the others."""
import json

from api.cli import main
from ingest.pipeline import extract_all
from ingest.reader import read_source


def _export(tmp_path, name, seeds, workers):
    store = tmp_path / name
    assert main(["ingest", "--store", str(store), "--workers", str(workers), str(seeds)]) == 0
    out = tmp_path / f"{name}.json"
    assert main(["export", "--store", str(store), "--out", str(out)]) == 0
    return out.read_bytes()


def test_two_workers_export_the_same_graph_as_one(tmp_path, seeds):
    one = _export(tmp_path, "one", seeds, 1)
    two = _export(tmp_path, "two", seeds, 2)
    assert one == two
    graph = json.loads(one)
    documents = [n for n in graph["nodes"] if "Document" in (n.get("labels") or [n.get("label")])]
    assert len(graph["edges"]) > 100 and documents


def test_extract_all_keeps_order_and_names_the_failing_file(tmp_path, seeds):
    files = sorted(seeds.glob("*.txt"))
    sources = [read_source(f) for f in files]
    broken = tmp_path / "broken.txt"
    broken.write_text("关于印发的通知", encoding="utf-8")
    bad = read_source(broken)
    # A text the extractor cannot take: an object where a string belongs makes it raise.
    bad = type(bad)(bad.path, None, bad.content_hash)
    order = sources[:2] + [bad] + sources[2:]
    results = list(extract_all(iter(order), workers=2))
    assert [s.path for s, _ in results] == [s.path for s in order]
    failed = [(s.path, r) for s, r in results if isinstance(r, Exception)]
    assert len(failed) == 1 and failed[0][0] == broken and str(broken) in str(failed[0][1])
    serial = {s.path: r.doc_id for s, r in extract_all(iter(sources), workers=1)}
    assert {s.path: r.doc_id for s, r in results if not isinstance(r, Exception)} == serial


def test_a_batch_crosses_a_process_boundary_unchanged(seeds):
    """Batches are pickled from the workers to the parent in a compact form of their own: every
    node, edge, property and provenance comes back equal, keys and order included."""
    import pickle

    for path in sorted(seeds.glob("*.txt")):
        batch = extract_all([read_source(path)]).__next__()[1]
        back = pickle.loads(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == batch and back is not batch
        assert list(back.nodes) == list(batch.nodes) and list(back.edges) == list(batch.edges)
        assert sum(e.provenance is not None for e in back.edges.values()) > 10
