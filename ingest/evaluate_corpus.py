"""Score the graph built from a corpus against per-text gold (the dev corpus' gold/hNNN.json).

Unlike the per-batch seed evaluation (ingest/evaluate.py), this ingests the whole corpus into a fresh
embedded store, so cross-text identity is part of what is scored, and it scores edges strictly:
- citation edges: an edge read in text T from T's Document (CITES, FORWARDS, IMPLEMENTS) or an
  ISSUED edge read in T, whose cited end is the gold document: the ingested text itself where the gold
  names one (`work`), else a Document whose normalised title equals a spelling the gold accepts or
  whose 文号 equals the gold's, exactly;
- a text's own identity: title, 文号, issuer, region, year;
- lineage: for each text, the texts it cites and what those cite, reached over the graph's lineage
  edges upwards, and the text reached downwards from them; no ancestor that is not in the gold chain.
"""
from __future__ import annotations

import json
import tempfile
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.stores.embedded import EmbeddedStore
from ingest.evaluate import Score as Tally
from ingest.normalise import normalise_doc_number, normalise_title
from ingest.pipeline import ingest_paths

LINEAGE = ("CITES", "FORWARDS", "IMPLEMENTS", "SUPERSEDES")
CITATION_EDGES = ("CITES", "FORWARDS", "IMPLEMENTS")
TARGETS = {"titles": (0.98, 0.97), "numbers": (0.98, 0.97), "edges": (0.98, 0.97)}


@dataclass
class CorpusReport:
    tallies: dict[str, Tally]
    identity: dict[str, list[int]]  # field -> [right, total]
    own_number_cited: int = 0
    non_policy_as_document: int = 0
    duplicate_nodes: int = 0
    lineage_followed: int = 0
    lineage_total: int = 0
    wrong_ancestors: list[str] = field(default_factory=list)
    lineage_misses: list[str] = field(default_factory=list)


def _norm_number(raw: str | None) -> str | None:
    try:
        return normalise_doc_number(raw) if raw else None
    except ValueError:
        return None


def _titles(props: dict[str, Any]) -> set[str]:
    names = [props.get("title"), *(props.get("aliases") or [])]
    keys = {normalise_title(n) for n in names if n}
    return keys | ({props["title_key"]} if props.get("title_key") else set())


def evaluate_corpus(gold_dir: Path, texts_dir: Path) -> CorpusReport:
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))}
    if not golds:
        raise FileNotFoundError(f"no gold files (*.json) in {gold_dir}")
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp))
        ingest_paths(store, [texts_dir / f"{name}.txt" for name in golds])
        dump = store.dump()
    nodes = {n["id"]: n["properties"] for n in dump.nodes if "Document" in n["labels"]}
    by_file = {Path(p["source_path"]).stem: i for i, p in nodes.items() if p.get("ingested") and p.get("source_path")}
    read_in: dict[str, list[dict]] = defaultdict(list)
    lineage_out: dict[str, set[str]] = defaultdict(set)
    lineage_in: dict[str, set[str]] = defaultdict(set)
    for e in dump.edges:
        doc = (e["properties"] or {}).get("doc_id")
        if doc:
            read_in[doc].append(e)
        if e["type"] in LINEAGE and e["source"] in nodes and e["target"] in nodes:
            lineage_out[e["source"]].add(e["target"])
            lineage_in[e["target"]].add(e["source"])
    published: dict[str, set[str]] = defaultdict(set)  # ingested text -> documents its own title publishes
    for e in dump.edges:
        if e["type"] == "FORWARDS" and (e["properties"] or {}).get("doc_id") == e["source"]:
            published[e["source"]].add(e["target"])
    report = CorpusReport({k: Tally() for k in TARGETS}, defaultdict(lambda: [0, 0]))
    for name, gold in golds.items():
        own = by_file.get(name)
        if own is None:
            for k in TARGETS:
                report.tallies[k].fn += len(gold["cited"])
                report.tallies[k].false_negatives += [f"{name}: no Document node for the text"]
            continue
        _score_identity(report, nodes[own], gold)
        _score_citations(report, name, gold, own, nodes, by_file, read_in[own], published)
    _score_lineage(report, golds, by_file, nodes, lineage_out, lineage_in, published)
    return report


def _score_identity(report: CorpusReport, props: dict[str, Any], gold: dict) -> None:
    checks = {
        "title": normalise_title(gold["title"]) in _titles(props),
        "own_doc_number": _norm_number(gold.get("own_doc_number")) == props.get("doc_number"),
        "year": gold.get("year") == props.get("year"),
        "issuer": not gold.get("issuer") or gold["issuer"] in (props.get("issuer") or ""),
    }
    for k, ok in checks.items():
        report.identity[k][0] += ok
        report.identity[k][1] += 1


def _score_citations(report: CorpusReport, name: str, gold: dict, own: str, nodes: dict, by_file: dict,
                     edges: list[dict], published: dict[str, set[str]]) -> None:
    cited: dict[str, set[str]] = defaultdict(set)  # cited node -> edge types read in this text
    for e in edges:
        if e["type"] in CITATION_EDGES and e["source"] == own and e["target"] in nodes:
            cited[e["target"]].add(e["type"])
        elif e["type"] == "ISSUED" and e["target"] in nodes and e["target"] != own:
            cited[e["target"]].add("ISSUED")
    for e in edges:  # 《A发布<B>的通知》: B is named in this text through A
        if e["type"] in ("FORWARDS", "IMPLEMENTS") and e["source"] in cited and e["target"] in nodes and e["target"] != own:
            cited[e["target"]].add(e["type"])

    own_number = _norm_number(gold.get("own_doc_number"))
    if own_number and any(nodes[n].get("doc_number") == own_number for n in cited):
        report.own_number_cited += 1
    non_policy = {normalise_title(t if isinstance(t, str) else t.get("title", "")) for t in gold.get("non_policy_titles", [])}
    matched: dict[int, list[str]] = defaultdict(list)
    unmatched = []
    for n in cited:
        props = nodes[n]
        hit = None
        for i, g in enumerate(gold["cited"]):
            if g.get("work") and g["work"] in by_file:
                work = by_file[g["work"]]
                # the text itself, or the document it publishes (教育部关于印发《X》的通知 and X)
                if work == n or n in published.get(work, ()):
                    hit = i
            elif (g.get("title") and normalise_title(g["title"]) in _titles(props)) or (
                    g.get("doc_number") and _norm_number(g["doc_number"]) == props.get("doc_number")):
                hit = i
            if hit is not None:
                break
        if hit is None:
            unmatched.append(n)
            if _titles(props) & non_policy:
                report.non_policy_as_document += 1
        else:
            matched[hit].append(n)
    report.duplicate_nodes += sum(len(v) - 1 for v in matched.values())
    edges_t = report.tallies["edges"]
    edges_t.tp += len(matched)
    edges_t.fp += len(unmatched)
    edges_t.fn += len(gold["cited"]) - len(matched)
    edges_t.false_positives += [f"{name}: {nodes[n].get('title') or nodes[n].get('doc_number')}" for n in unmatched]
    edges_t.false_negatives += [f"{name}: {g.get('title') or g.get('doc_number')}" for i, g in enumerate(gold["cited"]) if i not in matched]
    # Titles and 文号 named, as sets (a document named by both counts in both).
    gold_titles = [{normalise_title(g["title"])} for g in gold["cited"] if g.get("title")]
    gold_numbers = {_norm_number(g["doc_number"]) for g in gold["cited"] if g.get("doc_number")}
    pred_titles = [_titles(nodes[n]) for n in cited if nodes[n].get("title")]
    t = report.tallies["titles"]
    hit_t = [any(g & p for p in pred_titles) for g in gold_titles]
    t.tp += sum(hit_t)
    t.fn += len(hit_t) - sum(hit_t)
    t.false_negatives += [f"{name}: {min(g)}" for g, h in zip(gold_titles, hit_t) if not h]
    extra = [p for p in pred_titles if not any(g & p for g in gold_titles)]
    t.fp += len(extra)
    t.false_positives += [f"{name}: {min(p, key=len)}" for p in extra]
    pred_numbers = {nodes[n]["doc_number"] for n in cited if nodes[n].get("doc_number")}
    num = report.tallies["numbers"]
    num.tp += len(pred_numbers & gold_numbers)
    num.fn += len(gold_numbers - pred_numbers)
    num.false_negatives += [f"{name}: {x}" for x in sorted(gold_numbers - pred_numbers)]
    wrong = pred_numbers - gold_numbers - _numbers_of_works(gold, by_file, nodes)
    num.fp += len(wrong)
    num.false_positives += [f"{name}: {x}" for x in sorted(wrong)]


def _numbers_of_works(gold: dict, by_file: dict, nodes: dict) -> set[str]:
    """A cited text's own 文号, which the citing text did not write but the node rightly holds."""
    return {nodes[by_file[g["work"]]].get("doc_number") for g in gold["cited"]
            if g.get("work") in by_file and nodes[by_file[g["work"]]].get("doc_number")}


def _reach(start: str, step: dict[str, set[str]]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in step.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen - {start}


def _score_lineage(report: CorpusReport, golds: dict, by_file: dict, nodes: dict, out: dict, into: dict,
                   published: dict[str, set[str]]) -> None:
    """Text → the ingested text it cites → what that one cites (ingested): reached up, and down back."""
    works = {name: [g["work"] for g in gold["cited"] if g.get("work") in by_file] for name, gold in golds.items()}
    for name, cited in works.items():
        if name not in by_file:
            continue
        me = by_file[name]
        up = _reach(me, out)
        allowed = set()
        for w in cited:
            sources = [x for x in works.get(w, [])]
            allowed |= {by_file[w]} | {by_file[s] for s in sources}
            for s in [None, *sources]:
                report.lineage_total += 1
                target = by_file[s] if s else by_file[w]
                ends = {target} | published.get(target, set())  # a notice and the document it publishes
                ok = bool(ends & up) and any(me in _reach(t, into) for t in ends)
                report.lineage_followed += ok
                if not ok:
                    report.lineage_misses.append(f"{name} -> {w}" + (f" -> {s}" if s else ""))
        ingested_up = {x for x in up if nodes[x].get("ingested")}
        deeper = set()
        for a in allowed:
            deeper |= {x for x in _reach(a, out) if nodes[x].get("ingested")}
        for x in sorted(ingested_up - allowed - deeper):
            report.wrong_ancestors.append(f"{name}: {nodes[x].get('title')}")


def format_corpus_report(report: CorpusReport, details: bool = False) -> str:
    lines = [f"{'measure':<10} {'P':>6} {'R':>6} {'tp':>5} {'fp':>5} {'fn':>5}  target"]
    for k, t in report.tallies.items():
        p, r = TARGETS[k]
        mark = "ok" if t.precision >= p and t.recall >= r else "BELOW"
        lines.append(f"{k:<10} {t.precision:6.3f} {t.recall:6.3f} {t.tp:5d} {t.fp:5d} {t.fn:5d}  P>={p} R>={r} {mark}")
    lines.append("identity: " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in report.identity.items()))
    lines.append(f"own 文号 cited: {report.own_number_cited}; non-policy titles as documents: {report.non_policy_as_document}; "
                 f"duplicate nodes for one document: {report.duplicate_nodes}")
    lines.append(f"lineage links followed both ways: {report.lineage_followed}/{report.lineage_total}; wrong ancestors: {len(report.wrong_ancestors)}")
    if details:
        for k, t in report.tallies.items():
            lines += [f"\n{k}: false positives ({len(t.false_positives)})"] + [f"  + {x}" for x in t.false_positives]
            lines += [f"{k}: misses ({len(t.false_negatives)})"] + [f"  - {x}" for x in t.false_negatives]
        lines += ["\nlineage not followed:"] + [f"  - {x}" for x in report.lineage_misses]
        lines += ["wrong ancestors:"] + [f"  ! {x}" for x in report.wrong_ancestors]
    return "\n".join(lines)
