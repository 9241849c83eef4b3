"""Table rows as ingest/tables.py writes them ("粮食总产量（万吨）：完成值 42.3，比上年增长 1.5%"):
the label is the indicator, each column names the kind or the year of its value."""

from __future__ import annotations

import re

from facts import lexicon as lx
from facts.model import ACTUAL, GROWTH, LEVEL, PLAN, SHARE, Fact
from facts.rules import Context, clauses, figures_of, indicator_of, period_of, unit_and_qualifier

TABLE_ROW = re.compile(r"^(?P<label>[^：:，,]{2,40}?)(?:（(?P<unit>[^（）]{1,6})）)?[：:](?P<rest>.+)$")
_COLUMN_UNIT = re.compile(r"^(?P<name>.*?)\s*[（(](?P<unit>[^（）()]{1,6})[）)]$")


def facts_of_row(sentence: str, start: int, ctx: Context, row: re.Match[str]) -> list[Fact]:
    """A table row as ingest/tables.py writes it: "label（unit）：column value，column value"."""
    label = indicator_of(row.group("label")) or row.group("label")
    row_unit = row.group("unit") or ""
    out = []
    rest_at = row.start("rest")
    for offset, part in clauses(row.group("rest")):
        name, _, value = part.rstrip("，,；;。").rpartition(" ")
        figs = figures_of(value)
        if not name or not figs:
            continue
        m = _COLUMN_UNIT.match(name)
        column = m.group("name") if m else name
        f = figs[0]
        unit_text = row_unit if not f.percent else ""
        sub = Context(ctx.doc_id, ctx.chunk_id, ctx.year, ctx.place, ctx.section)
        period = period_of(column, sub)
        plan = any(w in column for w in lx.PLAN_WORDS)
        # a percentage by its sign or by the row's unit ("增速（%）：2023年 5.2"); a change rate when
        # the column or the row's own label says so
        percent = f.percent or row_unit in ("%", "％")
        growth = any(w in column or w in row.group("label") for w in lx.GROWTH_WORDS)
        measure = GROWTH if percent and growth else LEVEL
        if percent and measure == LEVEL and label.endswith(lx.SHARE_ENDINGS):
            measure = SHARE
        u = unit_and_qualifier(unit_text + value[f.end :], f)
        unit, scale, qualifier = u.unit, u.scale, u.qualifier
        figure_at = rest_at + offset + len(name) + 1 + f.start
        out.append(
            Fact(
                ctx.doc_id,
                ctx.chunk_id,
                label,
                measure,
                PLAN if plan else (ACTUAL if ("完成" in column or "实际" in column or ctx.review) else PLAN),
                f.low * scale,
                f.high * scale,
                unit,
                value.strip() + (row_unit if row_unit and not f.percent else ""),
                qualifier,
                period[0] if period else None,
                period[1] if period else None,
                ctx.place,
                " > ".join(ctx.section),
                sentence,
                start,
                start + figure_at,
                start + figure_at + len(f.text),
            )
        )
    return out
