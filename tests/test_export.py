"""GraphML export is well-formed XML whatever the properties hold."""
from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from graph.export import to_graphml
from graph.stores.embedded import EmbeddedStore
from ingest.extract import extract

REPO = Path(__file__).resolve().parents[1]
POLICYKG = [sys.executable, "-c", "from api.cli import main; raise SystemExit(main())"]
NOTICE = "2022年度西湖区人民政府履行\x0b教育职责情况自评\x1b报告\n杭州市西湖区人民政府\n根据《中华人民共和国义务教育法》\x08，现将有关情况报告如下。\n"


def test_graphml_with_control_characters_in_properties_is_valid_xml(tmp_path):
    # Straight from extraction (no reader in between), so control characters reach the graph.
    store = EmbeddedStore(tmp_path)
    store.write(extract(NOTICE, "notice.txt", "hash"))
    titles = [n["properties"].get("title", "") for n in store.dump().nodes]
    assert any("\x0b" in t for t in titles)  # the case this test is about
    text = to_graphml(store.dump())
    ET.fromstring(text.encode("utf-8"))
    g = nx.parse_graphml(text)
    read_titles = {d.get("title") for _, d in g.nodes(data=True)}
    assert "2022年度西湖区人民政府履行 教育职责情况自评 报告" in read_titles


def test_cli_export_of_a_text_with_a_control_character_in_its_title_is_valid_graphml(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    env = dict(os.environ, POLICYKG_STORE=str(tmp_path / "store"))
    run = lambda *args: subprocess.run([*POLICYKG, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert run("ingest", str(path)).returncode == 0
    out = tmp_path / "graph.graphml"
    done = run("export", "--format", "graphml", "--out", str(out))
    assert done.returncode == 0, done.stderr
    g = nx.read_graphml(out)
    assert "2022年度西湖区人民政府履行 教育职责情况自评 报告" in {d.get("title") for _, d in g.nodes(data=True)}
