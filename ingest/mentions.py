"""The one type every recogniser emits: a labelled character span with a canonical key."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Mention:
    label: str  # DOC_NUMBER, TITLE, REGION, AGENCY, SCHOOL, INITIATIVE, INDICATOR
    start: int
    end: int
    text: str
    key: str | None = None  # canonical identity: adcode, normalised number, initiative name …
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Mention") -> bool:
        return self.start < other.end and other.start < self.end
