"""Extraction measured against gold annotations written by reading the seeds (tests/gold/).

The extraction issue's targets (ingest.evaluate.TARGETS) are asserted for every type.
"""
from pathlib import Path

import pytest

from ingest.evaluate import TARGETS, evaluate

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def scores(seeds):
    return evaluate(GOLD, seeds)


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_extraction_meets_its_bar(scores, kind):
    bar = TARGETS[kind]
    s = scores[kind]
    assert s.meets(bar), f"{kind}: P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} below {bar}"


def test_gold_evidence_is_verbatim_text(seeds):
    import json

    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (seeds / gold["file"]).read_text(encoding="utf-8")
        for kind in ("documents", "issuers", "regions", "schools", "initiatives", "indicators"):
            for item in gold[kind]:
                assert item["evidence"] in text, (path.name, kind, item["evidence"])
