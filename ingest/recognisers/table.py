"""Indicators in tables. Word tables reach us flattened: one tab-indented cell per line, rows
separated by blank lines, a caption line before. A value's indicator is its row label plus its
column header (or the caption, when the header is only a year); unit and year come from the
header or the caption: 小学 | 生均教学仪器设备值(元) | 4392.69 -> 小学生均教学仪器设备值 = 4392.69 元.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexicon import alternation, terms
from ingest.mentions import Mention

_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_UNIT_IN = re.compile(rf"[（(]\s*({alternation('table_units')})\s*[）)]")
_GROWTH = frozenset(terms("table_growth_headers"))  # a column of growth over the caption's measure
_GROWTH_HEAD = "增长"
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_NOISE = re.compile(r"\[bookmark:[^\]]*\]|[\u3000\s]")


_STATISTIC = terms("table_statistics")  # a row label that is a statistic over the rows above


@dataclass
class _Cell:
    text: str
    start: int
    end: int


def _rows(text: str) -> list[tuple[int, list[list[_Cell]]]]:
    """Tables as (offset of the first cell, rows of cells)."""
    tables: list[tuple[int, list[list[_Cell]]]] = []
    rows: list[list[_Cell]] = []
    row: list[_Cell] = []
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.startswith("\t"):
            row.append(_Cell(_NOISE.sub("", line), start + 1, start + len(line.rstrip())))
            continue
        if row and 0 < len(line.strip()) <= 8:  # a cell wrapped onto its own line: （㎡）, (元)
            row[-1] = _Cell(row[-1].text + _NOISE.sub("", line), row[-1].start, start + len(line.rstrip()))
            continue
        if row:
            rows.append(row)
            row = []
        if line.strip() == "":
            continue
        if len(rows) >= 2:
            tables.append((rows[0][0].start, rows))
        rows = []
    if row:
        rows.append(row)
    if len(rows) >= 2:
        tables.append((rows[0][0].start, rows))
    return tables


def _caption(text: str, first_cell: int) -> str:
    before = text[:first_cell].rstrip("\t\n ").split("\n")
    caption = next((_NOISE.sub("", l) for l in reversed(before) if l.strip() and not l.startswith("\t")), "")
    return re.sub(rf"(?:{alternation('table_caption_leads')})?[：:]?$", "", caption)


def _value(cell: str) -> float | None:
    return float(cell.replace(",", "")) if _NUMBER.match(cell) else None


def _measure(header: str, caption: str) -> tuple[str, str | None, int | None]:
    """(name, unit, year) a column stands for."""
    unit_m = _UNIT_IN.search(header) or _UNIT_IN.search(caption)
    unit = unit_m.group(1) if unit_m else None
    year_m = _YEAR.search(header)
    name = _UNIT_IN.sub("", header)
    name = _YEAR.sub("", name).strip("（）()")
    if not name or name in _GROWTH or name.startswith(_GROWTH_HEAD):
        base = re.sub(r"^[\d\-—~年]+", "", _YEAR.sub("", caption)).strip("：:")
        name = base + (name if name.startswith(_GROWTH_HEAD) or name in _GROWTH else "")
        if "%" in header:
            unit = "%"
    return name, unit, int(year_m.group(1)) if year_m else None


def find_table_indicators(text: str) -> list[Mention]:
    out: list[Mention] = []
    for first, rows in _rows(text):
        header = rows[0]
        if sum(_value(c.text) is not None for c in header) > len(header) // 2:
            continue  # no header row: not a table we can read
        caption = _caption(text, first)
        label_width = 0
        previous_label = ""
        for row in rows[1:]:
            values = [(i, c) for i, c in enumerate(row) if _value(c.text) is not None]
            if not values:
                continue
            labels = [c.text for c in row[: values[0][0]]]
            label_width = max(label_width, len(labels))
            if labels and labels[0] == "" and previous_label:
                labels[0] = previous_label
            elif labels and len(labels) < label_width and previous_label:
                labels = [previous_label, *labels]
            if labels:
                previous_label = labels[0]
            stats = [l for l in labels if l and l.endswith(_STATISTIC)]
            label = "".join(l for l in labels if l and l not in stats)
            offset = len(header) - (len(row) - values[0][0])  # values align with the header's last columns
            for i, cell in values:
                col = i - values[0][0] + offset
                if not 0 <= col < len(header):
                    continue
                name, unit, year = _measure(header[col].text, caption)
                stat = "".join(stats)
                if stat.endswith("系数"):
                    name, unit = name + stat, None  # a coefficient has no unit
                elif stat:
                    name = f"{name}（{stat}）"
                out.append(Mention(
                    "INDICATOR", cell.start, cell.end, cell.text, label + name,
                    {"value": _value(cell.text), "unit": unit, "raw": f"{label} | {header[col].text}: {cell.text}", "year": year},
                ))
    return out
