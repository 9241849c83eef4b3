"""Table rows as readable units: each row with its column headers and units, one paragraph a row.

A report's table ("指标 | 单位 | 完成值 | 比上年增长（%）") read cell by cell turns into short lines that
later steps glue together ("42.3" + "1.5" -> "42.31.5"). So every loader that finds a table (docx,
html, PDF) hands its cells here, and each row becomes one paragraph that says what its numbers
are: "粮食总产量（万吨）：完成值 42.3，比上年增长 1.5%". Facts and citations can then read a row as
they read a sentence.
"""

from __future__ import annotations

import re

from core.types import Block
from text.width import normalize_width

TABLE_ROW = "table_row"
# A unit column ("单位", "计量单位") names the unit of the row's label.
_UNIT_HEADER = re.compile(r"^(计量)?单位$")
# A unit in a column header: "比上年增长（%）", "2023年(万吨)", "金额 亿元" is left alone.
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（）()]{1,6})[）)]\s*$")
_NUMBERISH = re.compile(r"^[-+−–]?[\d.,，%％\s]+$|^[\d.,]+\s*[-~—至]\s*[\d.,]+%?$")
_SPACES = re.compile(r"\s+")
_LATIN = re.compile(r"[A-Za-z0-9]")


def cell_text(text: str | None) -> str:
    """A cell's text on one line: a line break inside it joins the lines (with a space only between
    two Latin letters or digits), runs of spaces become one."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    joined = ""
    for line in lines:
        joined = (
            f"{joined} {line}"
            if joined and _LATIN.match(joined[-1]) and _LATIN.match(line[0])
            else joined + line
        )
    return _SPACES.sub(" ", joined).strip()


def _is_number(text: str) -> bool:
    return bool(_NUMBERISH.match(normalize_width(text).replace(" ", "")))


def looks_like_header(row: list[str]) -> bool:
    """A header row names its columns: none of its filled cells is a bare number."""
    filled = [c for c in row if c]
    return len(filled) >= 2 and not any(_is_number(c) for c in filled)


def render_row(header: list[str] | None, row: list[str]) -> str:
    """One row as a sentence-like unit. With a header: "label（unit）：column value，column value";
    without one: the cells joined by "，". Empty cells are left out."""
    cells = [cell_text(c) for c in row]
    if header is None:
        return "，".join(c for c in cells if c)
    names = [cell_text(h) for h in header] + [""] * max(0, len(cells) - len(header))
    label = cells[0]
    unit = ""
    parts = []
    for name, value in list(zip(names, cells, strict=False))[1:]:
        if not value:
            continue
        if _UNIT_HEADER.match(name):
            unit = value
            continue
        m = _HEADER_UNIT.match(name)
        column, column_unit = (m.group("name"), m.group("unit")) if m else (name, "")
        shown = value + column_unit if column_unit and _is_number(value) else value
        parts.append(f"{column} {shown}".strip() if column else shown)
    head = f"{label}（{unit}）" if unit and label else label
    if not parts:
        return head
    return f"{head}：{'，'.join(parts)}" if head else "，".join(parts)


def table_blocks(rows: list[list[str | None]], page: int | None = None) -> list[Block]:
    """The blocks of one table: a row each, the header row giving every other row its column
    names and units (a header-only or one-row table is its cells joined)."""
    rows = [[cell_text(c) for c in r] for r in rows]
    rows = [r for r in rows if any(r)]
    if not rows:
        return []
    header = rows[0] if len(rows) > 1 and looks_like_header(rows[0]) else None
    body = rows[1:] if header is not None else rows
    out = []
    for row in body:
        text = render_row(header, row)
        if text:
            out.append(Block(text, page=page, kind=TABLE_ROW))
    return out
