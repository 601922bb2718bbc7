"""Score extraction against gold annotations (tests/gold/*.json): precision, recall, F1 per type.

Each type is compared as a set per document, one-to-one, with the matching rule stated at its
scorer. Gold files are written by reading the texts (tests/gold/GUIDELINES.md).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from graph.types import GraphBatch
from ingest.extract import extract
from ingest.gazetteer import gazetteer
from ingest.issuers import canonical_agency
from ingest.normalise import fold, normalise_doc_number, normalise_title

TARGETS = {  # (minimum precision, minimum recall, minimum F1)
    "documents": (0.97, 0.95, 0.0),
    "regions": (0.95, 0.0, 0.0),
    "issuers": (0.95, 0.0, 0.0),
    "schools": (0.0, 0.0, 0.85),
    "initiatives": (0.0, 0.0, 0.85),
    "indicators": (0.0, 0.0, 0.85),
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def meets(self, target: tuple[float, float, float]) -> bool:
        return self.precision >= target[0] and self.recall >= target[1] and self.f1 >= target[2]


def _match(pred: list[Any], gold: list[Any], same: Callable[[Any, Any], bool], label: Callable[[Any], str], score: Score, where: str) -> None:
    """One-to-one matching of predictions to gold, as many pairs as possible (augmenting paths), so
    the score does not depend on the order predictions come in."""
    candidates = [[j for j, g in enumerate(gold) if same(p, g)] for p in pred]
    owner: dict[int, int] = {}  # gold index -> prediction index

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(pred)):
        assign(i, set())
    matched = set(owner.values())
    score.tp += len(owner)
    score.fp += len(pred) - len(owner)
    score.fn += len(gold) - len(owner)
    score.false_positives += [f"{where}: {label(p)}" for i, p in enumerate(pred) if i not in matched]
    score.false_negatives += [f"{where}: {label(g)}" for j, g in enumerate(gold) if j not in owner]


# -- predictions from a batch ------------------------------------------------------------------

def _documents(batch: GraphBatch) -> list[tuple[frozenset[str], str | None]]:
    """Each cited document's title keys (canonical, as written, other spellings) and 文号."""
    out = []
    for n in batch.nodes.values():
        if n.label == "Document" and n.id != batch.doc_id:
            titles = [n.props.get("title"), *(n.props.get("aliases") or [])]
            keys = {normalise_title(t) for t in titles if t} | ({n.props["title_key"]} if n.props.get("title_key") else set())
            out.append((frozenset(keys), n.props.get("doc_number")))
    return out


def _issuers(batch: GraphBatch) -> list[str]:
    names = {
        batch.nodes[e.target].props["name"]
        for e in batch.edges.values()
        if e.type == "ISSUED_BY" and e.props.get("basis") in ("title", "number", "context")
    }
    return sorted(names)


def _targets(batch: GraphBatch, label: str, prop: str) -> list[str]:
    return sorted({batch.nodes[e.target].props[prop] for e in batch.edges.values()
                   if e.type == "MENTIONS" and batch.nodes[e.target].label == label})


def _indicators(batch: GraphBatch) -> list[tuple[str, float, str | None]]:
    out = []
    for e in batch.edges.values():
        if e.type == "MEASURES":
            o = batch.nodes[e.source].props
            out.append((batch.nodes[e.target].props["name"], o["value"], o.get("unit")))
    return out


# -- comparison keys --------------------------------------------------------------------------

def _number(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return normalise_doc_number(raw)
    except ValueError:
        return raw


def _school_key(name: str) -> str:
    """A school name without its leading full region names (绍兴市建功中学 -> 建功中学); short
    forms stay, as they are part of names (滨江实验小学)."""
    gaz = gazetteer()
    key = fold(name)
    changed = True
    while changed:
        changed = False
        for n in range(min(len(key) - 2, 9), 1, -1):
            codes = gaz.names.get(key[:n])
            if codes and key[:n] in {gaz.regions[c].name for c in codes}:
                key, changed = key[n:], True
                break
    return key


def _initiative_keys(name: str, aliases: list[str]) -> set[str]:
    keys = {fold(a) for a in [name, *aliases]}
    for item in gazetteer().initiatives:
        forms = {fold(f) for f in [item["name"], *item.get("aliases", [])]}
        if forms & keys:
            keys.add(fold(item["name"]))
    return keys


def _same_initiative(pred: str, gold_forms: set[str]) -> bool:
    """Equal to a gold form, or (for names of four or more characters) one contains the other."""
    p = fold(pred)
    return p in gold_forms or any(len(min(p, g, key=len)) >= 4 and (p in g or g in p) for g in gold_forms)


def _indicator_name(name: str) -> str:
    return fold(name).replace(" ", "")


def _same_indicator(p: tuple, g: dict) -> bool:
    if g.get("value") is None or abs(float(g["value"]) - p[1]) > 1e-6:
        return False
    pn, gn = _indicator_name(p[0]), _indicator_name(g["name"])
    return pn in gn or gn in pn or len(set(pn) & set(gn)) >= max(2, min(len(pn), len(gn)) * 0.6)


# -- one file -------------------------------------------------------------------------------

def score_file(gold: dict, batch: GraphBatch, scores: dict[str, Score]) -> None:
    where = gold["file"]
    region = gold.get("reporting_region", {}).get("adcode")

    gold_docs = [(normalise_title(d["title"]) if d.get("title") else None, _number(d.get("doc_number"))) for d in gold["documents"]]
    _match(
        _documents(batch), gold_docs,
        lambda p, g: (p[1] is not None and p[1] == g[1]) or (g[0] is not None and g[0] in p[0]),
        lambda d: (min(d[0], key=len) if isinstance(d[0], frozenset) and d[0] else d[0]) or d[1] or "?", scores["documents"], where,
    )
    canon = lambda name: canonical_agency(name, region).name  # noqa: E731
    _match(
        [canon(n) for n in _issuers(batch)], sorted({canon(i["name"]) for i in gold["issuers"]}),
        lambda p, g: p == g, str, scores["issuers"], where,
    )
    _match(
        sorted({e_ for e_ in _targets(batch, "Region", "adcode")}), sorted({r["adcode"] for r in gold["regions"]}),
        lambda p, g: p == g, lambda c: f"{c} {gazetteer().regions[c].name if c in gazetteer().regions else ''}",
        scores["regions"], where,
    )
    gold_schools = [{_school_key(s["name"]), *(_school_key(a) for a in s.get("aliases", []))} for s in gold["schools"]]
    pred_schools = sorted({_school_key(n) for n in _targets(batch, "School", "name")})
    _match(pred_schools, gold_schools, lambda p, g: p in g, lambda x: x if isinstance(x, str) else "/".join(sorted(x)), scores["schools"], where)
    gold_inits = [_initiative_keys(i["name"], i.get("aliases", [])) for i in gold["initiatives"]]
    _match(_targets(batch, "Initiative", "name"), gold_inits, _same_initiative,
           lambda x: x if isinstance(x, str) else "/".join(sorted(x)), scores["initiatives"], where)
    _match(_indicators(batch), gold["indicators"], _same_indicator,
           lambda x: f"{x[0]}={x[1]}{x[2] or ''}" if isinstance(x, tuple) else f"{x['name']}={x['value']}{x.get('unit') or ''}",
           scores["indicators"], where)


def evaluate(gold_dir: Path, texts_dir: Path | None = None) -> dict[str, Score]:
    texts_dir = texts_dir or Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
    scores = {t: Score() for t in TARGETS}
    gold_files = sorted(gold_dir.glob("*.json"))
    if not gold_files:
        raise FileNotFoundError(f"no gold annotations (*.json) in {gold_dir}")
    for path in gold_files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        source = texts_dir / gold["file"]
        text = source.read_text(encoding="utf-8")
        score_file(gold, extract(text, str(source), "eval"), scores)
    return scores


def format_report(scores: dict[str, Score], details: bool = False) -> str:
    lines = [f"{'type':<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}  target"]
    for name, s in scores.items():
        p, r, f = TARGETS[name]
        target = " ".join(x for x in (f"P>={p}" if p else "", f"R>={r}" if r else "", f"F1>={f}" if f else "") if x)
        mark = "ok" if s.meets(TARGETS[name]) else "BELOW"
        lines.append(f"{name:<12} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}  {target} {mark}")
    if details:
        for name, s in scores.items():
            lines += [f"\n{name}: false positives ({len(s.false_positives)})"] + [f"  + {x}" for x in s.false_positives]
            lines += [f"{name}: misses ({len(s.false_negatives)})"] + [f"  - {x}" for x in s.false_negatives]
    return "\n".join(lines)
