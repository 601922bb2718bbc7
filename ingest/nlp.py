"""The spaCy pipeline: spacy.blank("zh") (one token per character, ingest/tokenizer.py, made for views),
regions first (the report's region disambiguates the rest), then the plug-ins of ingest/recognisers in
declared order. It runs on the folded text; offsets are those of the source text."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.mentions import Mention
from ingest.overlap import longest_non_overlapping
from ingest.recognisers import Context, recognisers
from ingest.recognisers.region import find_regions
from ingest.report import ReportContext, read_context
from ingest.tokenizer import CharTokenizer

_EXTENSIONS = ("mentions", "report", "source_text", "folded")
for _name in _EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

SPAN_KEY = "policykg"


def _folded(doc: Doc) -> str:
    """The folded text the Doc was made from (Doc.text rebuilds it from every token on each call)."""
    if doc._.folded is None:
        doc._.folded = doc.text
    return doc._.folded


def _source(doc: Doc) -> str:
    return doc._.source_text if doc._.source_text is not None else _folded(doc)


def _add(doc: Doc, mentions: list[Mention]) -> None:
    src = _source(doc)
    for m in mentions:
        m.text = src[m.start : m.end]
    if doc._.mentions is None:
        doc._.mentions = []
    doc._.mentions.extend(mentions)


@Language.component("policykg_regions")
def regions_component(doc: Doc) -> Doc:
    """Regions first: the report's own region disambiguates every later recogniser."""
    first_pass = find_regions(doc, None)
    context = read_context(_source(doc), first_pass)
    doc._.report = context
    _add(doc, longest_non_overlapping(find_regions(doc, context.region)) if context.region else longest_non_overlapping(first_pass))
    return doc


def _region(doc: Doc) -> str | None:
    report: ReportContext | None = doc._.report
    return report.region if report else None


@Language.component("policykg_recognisers")
def recognisers_component(doc: Doc) -> Doc:
    """Every plug-in of ingest/recognisers in turn, each seeing what the earlier ones found."""
    ctx = Context(doc, _folded(doc), _source(doc), _region(doc))
    for r in recognisers():
        ctx.found[r.name] = r.run(ctx)
        _add(doc, ctx.found[r.name])
    return doc


def mark_spans(doc: Doc) -> Doc:
    """The Doc with its character tokens, mentions mirrored into doc.spans so displacy and other
    spaCy tools can show them; for views of a document, not needed to build its graph."""
    if len(doc) == 0 and _folded(doc):
        tokens = build_nlp().make_doc(_folded(doc))
        for name in _EXTENSIONS:
            setattr(tokens._, name, getattr(doc._, name))
        tokens.user_data.update(doc.user_data)
        doc = tokens
    spans = []
    for m in doc._.mentions or []:
        span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.key or "", alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[SPAN_KEY] = spans
    return doc


PIPELINE = ("policykg_regions", "policykg_recognisers")


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    nlp = spacy.blank("zh")
    # spaCy refuses texts over 1M characters by default (E088); the reader caps files at 20 MB,
    # and every recogniser here is a scan whose cost grows with the text, not with its square.
    nlp.max_length = 25_000_000
    nlp.tokenizer = CharTokenizer(nlp.vocab)  # the same tokens, in linear time (ingest/tokenizer.py)
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


def analyse(text: str, after_context: Callable[[ReportContext], None] | None = None, folded: str | None = None) -> Doc:
    """Run the pipeline on a source text; mentions carry offsets into `text`. `after_context` sees
    the text's own identity as soon as the first stage has read it (it may raise to stop there);
    `folded`: fold(text), when the caller has it already."""
    from ingest.normalise import fold

    nlp = build_nlp()
    folded = fold(text) if folded is None else folded
    # The recognisers read the folded text (doc._.folded); character tokens are made only for views
    # (mark_spans): building them was a sixth of the extraction time.
    doc = Doc(nlp.vocab, words=[])
    doc._.folded = folded
    doc._.source_text = text
    doc._.mentions = []
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "policykg_regions" and after_context is not None:
            after_context(doc._.report)
    return doc


__all__ = ["analyse", "build_nlp", "mark_spans", "SPAN_KEY"]
