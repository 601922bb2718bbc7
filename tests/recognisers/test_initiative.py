"""Curated programme names: matched through quotes, not when they name an honour, event or kind of school."""
import pytest
import spacy

from ingest.normalise import fold
from ingest.overlap import longest_non_overlapping
from ingest.recognisers.initiative import find_initiatives

_nlp = spacy.blank("zh")

CASES = [
    ("严格落实“双减”政策", ["双减"]),
    ("深化教育“组团式”对口帮扶模式", ["组团式帮扶"]),
    ("建立领导干部联系学校制度", ["领导干部联系学校制度"]),
    ("深入开展融合教育，完善随班就读和送教上门", ["融合教育", "随班就读", "送教上门"]),
    ("2所学校被评为全国青少年校园足球特色学校", []),
    ("举办高中阳光体育运动会", []),
    ("具有双一流大学毕业生197名", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_curated_initiatives(text, expected):
    folded = fold(text)
    found = longest_non_overlapping(find_initiatives(_nlp.make_doc(folded)))
    assert [m.key for m in found] == expected
    assert all(folded[m.start:m.end] == m.text for m in found)
