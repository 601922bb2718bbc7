"""Vocabulary as versioned data: ingest/patterns/lexicon/<name>.tsv, one entry per line with an id.

Each file starts with `# version: N` and a header row `id<TAB>term[<TAB>more columns]`. Recognisers
ask for a lexicon by name and get its terms, or a regex alternation of them (longest first, so the
longest entry wins where several match at one position). Adding a province's vocabulary is a data
change: a new line with a new id, never a code change.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("patterns") / "lexicon"


class LexiconError(ValueError):
    """A lexicon file that is missing or malformed; the message names the file and line."""


@dataclass(frozen=True)
class Lexicon:
    name: str
    version: int
    entries: tuple[dict[str, str], ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(e["term"] for e in self.entries)

    def where(self, column: str, value: str) -> tuple[str, ...]:
        """Terms whose `column` equals `value` (e.g. the verbs of one relation)."""
        return tuple(e["term"] for e in self.entries if e.get(column) == value)


@lru_cache(maxsize=None)
def lexicon(name: str) -> Lexicon:
    path = LEXICON_DIR / f"{name}.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc
    version = None
    body = []
    for line in lines:
        m = re.match(r"#\s*version:\s*(\d+)", line)
        if m:
            version = int(m[1])
        elif line.strip() and not line.startswith("#"):
            body.append(line)
    if version is None:
        raise LexiconError(f"{path}: no '# version: N' line")
    rows = list(csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or "id" not in rows[0] or "term" not in rows[0]:
        raise LexiconError(f"{path}: header must start with id<TAB>term")
    seen: set[str] = set()
    for i, row in enumerate(rows, 2):
        if not row.get("id") or row.get("term") is None or row["term"] == "":
            raise LexiconError(f"{path}: entry {i} lacks an id or a term")
        if row["id"] in seen:
            raise LexiconError(f"{path}: id {row['id']} is used twice")
        seen.add(row["id"])
    return Lexicon(name, version, tuple({k: (v or "") for k, v in row.items()} for row in rows))


def terms(name: str) -> tuple[str, ...]:
    return lexicon(name).terms


@lru_cache(maxsize=None)
def alternation(name: str, column: str | None = None, value: str | None = None) -> str:
    """A non-capturing regex group of the lexicon's terms, longest first, escaped (built once: a
    few recognisers ask for one in every call)."""
    lex = lexicon(name)
    words = lex.where(column, value) if column else lex.terms
    if not words:
        raise LexiconError(f"{LEXICON_DIR / (name + '.tsv')}: no terms" + (f" with {column}={value}" if column else ""))
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def all_lexicons() -> list[str]:
    return sorted(p.stem for p in LEXICON_DIR.glob("*.tsv"))
