"""One indicator across reports: a table with one cited cell per report and kind, and a chart.

The values come from the facts (facts/): "GDP增长目标" gives the targets, "…实际" the results, and
"目标与实际" both side by side. An indicator naming no kind ("地区生产总值增长", "财政赤字率") gives
what each report states, of one kind where the reports allow (_usual_kind): the actual of the year
its review describes (the 2024 report's review describes 2023), or its own year's target; a report
stating only the other kind gives that, the row's kind and the chart's line saying which. A value
is a fact of the indicator whose measure and kind are the ones asked, with its unit, its qualifier
and the year it describes; a report stating none gets 未提及. A copy
kept beside a report it repeats gives no row of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, replace
from typing import Any

from facts.match import match
from facts.model import ACTUAL, PLAN, Fact
from facts.question import FactQuery, read_question
from qa.fact_answers import FactAnswerer
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store.records import DocumentRecord
from text.numbers import UNIT_SCALE
from text.width import normalize_width

NOT_MENTIONED = "未提及"
SERIES_LABELS = {PLAN: "目标", ACTUAL: "实际"}
_BOTH = re.compile(r"目标(与|和|及|、)实际|实际(与|和|及|、)目标|计划(与|和)(完成|实际)|目标和完成")


@dataclass
class Row:
    """One cell of the comparison: a report's value of one kind (目标 or 实际), cited."""

    doc_id: str
    title: str | None
    year: int | None  # the report's year
    value: str  # as the report states it, or 未提及
    unit: str
    quote: str
    section: str
    period: str = ""  # the year the value describes: 2023年
    kind: str = ""  # 目标, 实际, 实际增速…
    series: str = ""  # the chart's line: 目标 or 实际
    low: float | None = None  # numeric value (the low end of a range), for the chart
    high: float | None = None
    percent: bool = False
    char_start: int | None = None
    source: str | None = None
    described: int | None = None  # the year the value describes, as a number
    place: str = ""  # the place the value is of (全国, 青山县): a chart line per place when several

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for k in ("low", "high", "percent", "char_start", "described"):
            out.pop(k)
        return out


@dataclass
class Comparison:
    indicator: str
    rows: list[Row]

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "rows": [r.to_dict() for r in self.rows]}

    def markdown(self) -> str:
        lines = ["| 年份 | 报告 | 所述年份 | 类别 | 数值 | 原文 | 章节 |", "|---|---|---|---|---|---|---|"]
        for r in self.rows:
            quote = f"“{r.quote}”" if r.quote else ""
            lines.append(
                f"| {r.year or '—'} | {r.title or r.doc_id} | {r.period} | {r.kind} | {r.value} | {quote} "
                f"| {r.section} |"
            )
        return "\n".join(lines)


class Comparer:
    """Builds comparisons from the facts of the reports a filter selects."""

    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever
        self.facts = FactAnswerer(retriever)

    def compare(self, indicator: str, filters: Filters | None = None) -> Comparison:
        """The indicator in every report the filters allow, one row per report and kind asked."""
        filters = filters or Filters()
        self.retriever.refresh()
        documents = self.retriever.documents
        docs = [r for d, r in documents.items() if filters.empty or filters.matches(d, r.meta.to_dict())]
        chosen = {r.doc_id for r in docs}
        # a copy kept beside the report it repeats (near-duplicates, "keep both") gives no row of its own
        docs = sorted(
            (r for r in docs if r.duplicate_of not in chosen), key=lambda r: (r.meta.year or 0, r.doc_id)
        )
        query = read_question(indicator, self.facts.places())
        name = query.indicators[0] if query.indicators else indicator
        kinds: list[str | None] = [PLAN, ACTUAL] if _BOTH.search(indicator) else [query.basis]
        allowed = {r.doc_id for r in docs}
        facts = self.facts._facts_about(name, allowed)
        by_doc: dict[str, list[Fact]] = {}
        for f in facts:
            by_doc.setdefault(f.doc_id, []).append(f)
        asked = replace(query, basis=None, years=None, place=None, superlative=None, trend=False)
        stated = {r.doc_id: (r.meta.year, match(asked, name, by_doc.get(r.doc_id, [])).answers) for r in docs}
        usual = _usual_kind(list(stated.values()))
        rows = [
            self._row(r, kind, query, name, by_doc.get(r.doc_id, []), usual, stated[r.doc_id][1])
            for r in docs
            for kind in kinds
        ]
        return Comparison(indicator, in_stated_unit(rows))

    def _row(
        self,
        record: DocumentRecord,
        kind: str | None,
        query: FactQuery,
        name: str,
        facts: list[Fact],
        usual: str = ACTUAL,
        stated: list[Fact] | None = None,
    ) -> Row:
        """The report's value of the kind asked; of no kind asked, the `usual` kind (_usual_kind) when
        it states one, else the other (`stated`: its facts matched asking no kind, when at hand)."""
        asked = replace(query, basis=kind, years=None, place=None, superlative=None, trend=False)
        found = stated if kind is None and stated is not None else match(asked, name, facts).answers
        meta = record.meta
        best = _stated(found, meta.year, usual) if kind is None else _own_year_first(found, meta.year, kind)
        if best is None:
            label = SERIES_LABELS[kind] if kind is not None else ""
            return Row(
                record.doc_id,
                meta.title,
                meta.year,
                NOT_MENTIONED,
                "",
                "",
                "",
                kind=label,
                series=label,
                source=record.source,
            )
        return Row(
            record.doc_id,
            meta.title,
            meta.year,
            best.text,
            best.unit if best.unit != "%" else "%",
            best.sentence,
            best.section,
            period=best.period_label(),
            kind=best.kind_label(),
            series=SERIES_LABELS[best.basis if kind is None else kind],
            low=best.value,
            high=best.high,
            percent=best.unit == "%",
            char_start=best.sentence_start,
            source=record.source,
            described=best.period_from,
            place=best.place,
        )


# Exact factors between units of one kind (weight, area): what a value in one is in the other.
_FACTORS = {
    "斤": {"公斤": 2.0, "吨": 2000.0},
    "公斤": {"斤": 0.5, "吨": 1000.0},
    "吨": {"斤": 0.0005, "公斤": 0.001},
    "亩": {"公顷": 15.0, "平方公里": 1500.0, "平方米": 0.0015},
    "公顷": {"亩": 1 / 15, "平方公里": 100.0, "平方米": 0.0001},
}


def in_stated_unit(rows: list[Row]) -> list[Row]:
    """The rows with the unit as the reports write it: "1100万人以上" is 1100 万人 (not 11000000 人),
    in the table and on the chart's axis. The unit and the scale most rows state (斤, 万亿…) are used
    for all, so every value of the chart is on one axis: a value in another unit of the same kind
    is converted by its exact factor (6.07亿吨 is 1.214万亿斤 beside 1.2万亿斤, not 0.0006); values
    with no unit or in % are left as they are (the table shows every value as written)."""
    units = Counter(r.unit for r in rows if r.low is not None and r.unit and not r.percent)
    if not units:
        return rows
    unit = units.most_common(1)[0][0]
    scales = Counter(_stated_scale(r) for r in rows if r.low is not None and r.unit == unit and not r.percent)
    rows = _in_unit(rows, unit)
    scale = scales.most_common(1)[0][0]
    if not scale:
        return rows
    size = UNIT_SCALE[scale]
    return [
        replace(
            r,
            unit=scale + r.unit,
            low=r.low / size if r.low is not None else None,
            high=r.high / size if r.high is not None else None,
        )
        if r.low is not None and r.unit and not r.percent
        else r
        for r in rows
    ]


def _in_unit(rows: list[Row], unit: str) -> list[Row]:
    """The rows with a value in another unit of `unit`'s kind converted to it (_FACTORS)."""
    out = []
    for r in rows:
        factor = _FACTORS.get(unit, {}).get(r.unit) if r.low is not None and not r.percent else None
        if factor is not None:
            high = r.high * factor if r.high is not None else None
            r = replace(r, unit=unit, low=r.low * factor, high=high)
        out.append(r)
    return out


def _stated_scale(row: Row) -> str:
    """The scale word written before the unit in the row's value ("万" of "1100万人以上"), or ""."""
    stated = r"\d\s*(" + "|".join(UNIT_SCALE) + r")\s*" + re.escape(row.unit)
    m = re.search(stated, normalize_width(row.value))
    return m.group(1) if m else ""


def _own_year_first(found: list[Fact], year: int | None, kind: str) -> Fact | None:
    """A report's own year's target (not the five-year plan's), or the actual of the year its review
    describes (the year before the report); None when it states none."""
    if not found:
        return None
    wanted = year if kind == PLAN else (year - 1 if year is not None else None)
    own = [f for f in found if f.period == (wanted, wanted)]  # not the five-year plan's 2016—2020
    return own[0] if own else next((f for f in found if f.period_from == wanted), found[0])


def _usual_kind(stated: list[tuple[int | None, list[Fact]]]) -> str:
    """The kind the rows of an indicator asked of no kind take, so that they are one series where
    the reports allow: results (of the year a report reviews, the year before its own) when at
    least half of the reports stating the indicator state theirs, else targets (of the report's
    own year). "居民消费价格涨幅": nearly every report states last year's, so results; "财政赤字率":
    two of six state last year's rate and every one sets its year's, so targets. `stated` holds
    each report's year and the facts it states of the indicator."""
    dated = [(y, fs) for y, fs in stated if y and fs]  # a report silent on it casts no vote
    results = sum(any(f.basis == ACTUAL and f.period == (y - 1, y - 1) for f in fs) for y, fs in dated)
    return ACTUAL if 2 * results >= len(dated) else PLAN


def _stated(found: list[Fact], year: int | None, usual: str = ACTUAL) -> Fact | None:
    """What a report states of an indicator asked of no kind: of the `usual` kind first, the actual
    of the year its review describes (the year before the report's, or its own year so far) or its
    own year's target, then the other; else the actual it states of another year; None when it
    states none."""
    actuals = [f for f in found if f.basis == ACTUAL]
    if year is not None:
        order = [(year - 1, ACTUAL), (year, ACTUAL), (year, PLAN)]
        if usual == PLAN:
            order = [order[2], *order[:2]]
        for wanted, basis in order:
            own = [f for f in found if f.basis == basis and f.period == (wanted, wanted)]
            if own:
                return own[0]
    return _own_year_first(actuals, year, ACTUAL) if actuals else None
