"""The command line as a user runs it: a real process, a real store folder."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def policykg(*args, store: Path, check=True):
    env = {**os.environ, "POLICYKG_STORE": str(store)}
    env.pop("NEO4J_URI", None)
    proc = subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, env=env,
                          cwd=Path(__file__).resolve().parents[1])
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def store(tmp_path_factory, seeds):
    store = tmp_path_factory.mktemp("cli-store")
    out = policykg("ingest", str(seeds), store=store).stdout
    assert "documents read: 5" in out and "files rejected: 0" in out
    return store


def test_headline_queries(store):
    rows = json.loads(policykg("query", "citing-regions", "浙政教督办[2022]5号", "--json", store=store).stdout)["rows"]
    assert {r["region"] for r in rows} == {"越城区"} and rows[0]["parent"] == "绍兴市"
    rows = json.loads(policykg("query", "citing-regions", "杭政教督办〔2022〕5号", "--json", store=store).stdout)["rows"]
    assert {r["region"] for r in rows} == {"滨江区"}
    rows = json.loads(policykg("query", "adopters", "嵌入式幼儿园", "--json", store=store).stdout)["rows"]
    assert "滨江区" in {r["region"] for r in rows} and all(r["evidence"] for r in rows)


def test_paged_queries_take_limit_and_skip(store):
    whole = json.loads(policykg("query", "adopters", "双减", "--json", store=store).stdout)["rows"]
    assert len(whole) >= 3 and {r["total"] for r in whole} == {len(whole)}
    page = json.loads(policykg("query", "adopters", "双减", "--limit", "2", "--skip", "1", "--json", store=store).stdout)["rows"]
    assert page == whole[1:3]
    assert json.loads(policykg("query", "adopters", "双减", "limit=1", "skip=2", "--json", store=store).stdout)["rows"] == whole[2:3]
    out = policykg("query", "adopters", "双减", "--limit", "1", "--skip", "1", store=store).stdout
    assert out.startswith("[2]") and out.rstrip().endswith(f"rows 2–2 of {len(whole)}")
    refused = policykg("query", "region", "越城区", "--skip", "1", store=store, check=False)
    assert refused.returncode == 2 and "not paged" in refused.stderr
    (cut,) = json.loads(policykg("query", "region", "越城区", "--limit", "1", "--json", store=store).stdout)["rows"]
    assert all(len(cut[part]) <= 1 for part in ("reports", "issued", "initiatives", "indicators"))
    assert cut["totals"]["issued"] >= len(cut["issued"])


def test_named_arguments_and_text_output(store):
    out = policykg("query", "lineage", "津教督导室〔2021〕40号", "direction=down", store=store).stdout
    assert "东丽区人民政府2020年履行教育职责情况自评报告" in out


def test_bad_input_is_reported_and_the_batch_goes_on(tmp_path, seeds):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text((seeds / "003_44c63be4e2eb7023.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "b_empty.txt").write_text("", encoding="utf-8")
    (corpus / "c_binary.txt").write_bytes(b"\x00\x01\x02PK")
    (corpus / "d_latin.txt").write_bytes(b"\xff\xfe\xfa not text \xfe")
    out = policykg("ingest", str(corpus), store=tmp_path / "s").stdout
    assert "documents read: 1" in out and "files rejected: 3" in out
    assert "b_empty.txt: empty file" in out
    assert "c_binary.txt: binary file" in out
    assert "d_latin.txt" in out
    rows = json.loads(policykg("query", "citing-regions", "津教督导室(2021)40号", "--json", store=tmp_path / "s").stdout)["rows"]
    assert [r["region"] for r in rows] == ["东丽区"]


def test_unknown_query_and_missing_argument_exit_2(store):
    proc = policykg("query", "nope", store=store, check=False)
    assert proc.returncode == 2 and "unknown query" in proc.stderr
    proc = policykg("query", "citing-regions", store=store, check=False)
    assert proc.returncode == 2 and "missing required argument" in proc.stderr


def test_export_json_and_graphml(store, tmp_path):
    data = json.loads(policykg("export", "--format", "json", store=store).stdout)
    assert set(data) == {"nodes", "edges"}
    node = data["nodes"][0]
    assert set(node) == {"id", "labels", "properties"}
    assert {"source", "target", "type", "properties"} == set(data["edges"][0])
    out = tmp_path / "g.graphml"
    policykg("export", "--format", "graphml", "--out", str(out), store=store)
    import networkx as nx

    g = nx.read_graphml(out)
    assert g.number_of_nodes() == len(data["nodes"]) and g.number_of_edges() == len(data["edges"])
