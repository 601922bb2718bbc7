"""The whole graph as JSON ({"nodes": [...], "edges": [...]}) or GraphML for Gephi and networkx."""
from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from graph.store import GraphDump

# Characters XML 1.0 cannot hold at all, not even escaped: C0 controls but tab, LF and CR,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportError(RuntimeError):
    pass


def to_json(dump: GraphDump) -> str:
    return json.dumps(dump.as_dict(), ensure_ascii=False, indent=1, sort_keys=True)


def _xml_safe(s: str) -> str:
    return _NOT_XML.sub(" ", s)


def _graphml_value(v: Any) -> Any:
    # GraphML has no list or null values.
    if isinstance(v, (list, dict)):
        v = json.dumps(v, ensure_ascii=False)
    return _xml_safe(v) if isinstance(v, str) else v


def _props(properties: dict[str, Any]) -> dict[str, Any]:
    return {_xml_safe(str(k)): _graphml_value(v) for k, v in properties.items() if v is not None}


def to_graphml(dump: GraphDump) -> str:
    g = nx.MultiDiGraph()
    for n in dump.nodes:
        props = _props(n["properties"])
        props.pop("id", None)
        g.add_node(_xml_safe(n["id"]), labels=_xml_safe(":".join(n["labels"])), **props)
    for e in dump.edges:
        props = _props(e["properties"])
        g.add_edge(_xml_safe(e["source"]), _xml_safe(e["target"]), props.pop("key", None), type=_xml_safe(e["type"]), **props)
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8")
    text = buf.getvalue().decode("utf-8")
    try:  # never hand over a file that an XML reader would refuse
        ET.fromstring(buf.getvalue())
    except ET.ParseError as exc:
        raise ExportError(f"GraphML export is not well-formed XML: {exc}") from exc
    return text


FORMATS = {"json": to_json, "graphml": to_graphml}
