"""Recognisers as plug-ins: one signature for all, cheap trigger strings, one overlap rule.

Each recogniser is a `Recogniser`: a name, the label it emits, `triggers` (strings at least one of
which a text must contain for the recogniser to be able to fire; empty: always run), and
`find(ctx) -> list[Mention]` over a `Context` holding the folded text, the source text, the
report's region and what earlier recognisers found. The functions behind them keep their own
names and signatures (find_titles, find_doc_numbers …); the wrappers here adapt them. Mentions a
recogniser finds go through ingest/overlap.py's rule when `exclusive`, with `rivals` saying
which overlapping spans compete, and are dropped where they fall inside the spans of the
recognisers named in `blocked_by`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Hashable

from ingest.lexicon import lexicon, terms
from ingest.mentions import Mention
from ingest.overlap import Spans, longest_non_overlapping, same_key


@dataclass
class Context:
    doc: Any  # the spaCy Doc over the folded text
    text: str  # folded
    source: str  # as the file writes it; offsets are the same
    region: str | None
    found: dict[str, list[Mention]] = field(default_factory=dict)

    def spans(self, *recognisers: str) -> list[tuple[int, int]]:
        return [(m.start, m.end) for r in recognisers for m in self.found.get(r, [])]


@dataclass(frozen=True)
class Recogniser:
    name: str
    label: str
    find: Callable[[Context], list[Mention]]
    triggers: tuple[str, ...] = ()
    exclusive: bool = True
    rivals: Callable[[Mention], Hashable] | None = None  # groups of spans that compete; None: all do
    blocked_by: tuple[str, ...] = ()
    blocked_if_starts_inside: bool = False  # else: blocked when it overlaps

    def can_fire(self, text: str) -> bool:
        return not self.triggers or any(t in text for t in self.triggers)

    def run(self, ctx: Context) -> list[Mention]:
        if not self.can_fire(ctx.text):
            return []
        found = self.find(ctx)
        blocked = ctx.spans(*self.blocked_by)
        if blocked:
            spans = Spans(blocked)
            if self.blocked_if_starts_inside:
                found = [m for m in found if not spans.holding_start(m.start)]
            else:
                found = [m for m in found if not spans.overlapping(m.start, m.end)]
        return longest_non_overlapping(found, self.rivals) if self.exclusive else found


def _titles(ctx: Context) -> list[Mention]:
    from ingest.recognisers.title import find_titles
    return find_titles(ctx.source)  # titles are kept as the source writes them


def _doc_numbers(ctx: Context) -> list[Mention]:
    from ingest.recognisers.doc_number import find_doc_numbers
    return find_doc_numbers(ctx.text, ctx.region)


def _agencies(ctx: Context) -> list[Mention]:
    from ingest.recognisers.agency import find_agencies
    return find_agencies(ctx.text, ctx.region)


def _schools(ctx: Context) -> list[Mention]:
    from ingest.recognisers.school import find_schools
    return find_schools(ctx.text)


def _curated(ctx: Context) -> list[Mention]:
    from ingest.recognisers.initiative import find_initiatives
    return find_initiatives(ctx.text)


def _programmes(ctx: Context) -> list[Mention]:
    from ingest.recognisers.programme import find_named_programmes
    return find_named_programmes(ctx.text)


def _table_cells(ctx: Context) -> list[Mention]:
    from ingest.recognisers.table import find_table_indicators
    return find_table_indicators(ctx.text)


def _indicators(ctx: Context) -> list[Mention]:
    from ingest.recognisers.indicator import find_indicators
    return find_indicators(ctx.text, ctx.source, ctx.spans("titles", "doc_numbers", "table_cells"))


@lru_cache(maxsize=1)
def recognisers() -> tuple[Recogniser, ...]:
    """After regions (ingest/nlp.py reads the report's region first), in the order they run."""
    return (
        # 《…》, 〈…〉, or a title written without brackets after a citing verb (按照…纲要要求)
        Recogniser("titles", "TITLE", _titles, triggers=("《", "〈", *lexicon("cite_verbs").where("unbracketed", "yes")),
                   exclusive=False),
        Recogniser("doc_numbers", "DOC_NUMBER", _doc_numbers, triggers=("号",), exclusive=False),
        Recogniser("agencies", "AGENCY", _agencies, blocked_by=("titles",), blocked_if_starts_inside=True),
        Recogniser("schools", "SCHOOL", _schools, triggers=terms("school_kinds")),
        # Curated names first: where a coined name overlaps a curated one, the list's name wins.
        Recogniser("initiatives", "INITIATIVE", _curated, rivals=same_key),
        Recogniser("programmes", "INITIATIVE", _programmes, blocked_by=("initiatives",)),
        Recogniser("table_cells", "INDICATOR", _table_cells, triggers=("\n\t",), exclusive=False),
        Recogniser("indicators", "INDICATOR", _indicators, triggers=tuple("0123456789"), exclusive=False),
    )
