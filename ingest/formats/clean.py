"""Text clean-up every format shares: one kind of line break, no control characters."""
from __future__ import annotations

import re

# C0 and C1 controls but tab and line feed, plus DEL. Each becomes one space, so offsets stay put.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    return _CONTROL.sub(" ", text)


def clean_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return strip_controls(text)
