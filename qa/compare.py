"""One indicator across reports: a table with one cited cell per report, and a chart.

For each report of the selection the indicator is searched within that report alone; among the
sentences found, those that state a figure and name the indicator's subject (国内生产总值 for
"GDP增长目标", through retriever/synonyms.txt) compete; for an indicator that asks for a target
(目标/预期/计划) the report's plan part wins over its review of the year before. The value is the
figure nearest after the subject's words, with its unit and qualifier (7.5%左右, 6.5%-7%,
1300万人以上). A report with no such sentence gets "未提及".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.types import Hit
from qa.extractive import ExtractiveAnswerer, Scored, pick_figure
from retriever.boosts import shared_run
from retriever.hybrid import HybridRetriever
from retriever.query import Filters, chunk_period, parse_question, synonym_groups
from text.numbers import figures, figures_in
from text.tokens import tokenize
from text.width import IDEOGRAPH, normalize_width

NOT_MENTIONED = "未提及"
_GENERIC = frozenset(
    [
        "增长",
        "目标",
        "预期",
        "计划",
        "比例",
        "比重",
        "标准",
        "提高",
        "达到",
        "实际",
        "安排",
        "年均",
        "左右",
        "以上",
        "增速",
        "速度",
        "规模",
        "总量",
        "数量",
        "多少",
    ]
)
_PLAN = re.compile(r"目标|预期|计划|安排|拟")


@dataclass
class Row:
    doc_id: str
    title: str | None
    year: int | None
    value: str  # as the report states it, or 未提及
    unit: str
    quote: str
    section: str
    low: float | None = None  # numeric value (the low end of a range), for the chart
    high: float | None = None
    percent: bool = False
    char_start: int | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for k in ("low", "high", "percent", "char_start"):
            out.pop(k)
        return out


@dataclass
class Comparison:
    indicator: str
    rows: list[Row]

    def to_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "rows": [r.to_dict() for r in self.rows]}

    def markdown(self) -> str:
        lines = ["| 年份 | 报告 | 数值 | 原文 | 章节 |", "|---|---|---|---|---|"]
        for r in self.rows:
            quote = f"“{r.quote}”" if r.quote else ""
            lines.append(f"| {r.year or '—'} | {r.title or r.doc_id} | {r.value} | {quote} | {r.section} |")
        return "\n".join(lines)


def _core_phrase(indicator: str) -> str:
    """The indicator without its generic words: "城镇新增就业目标" -> "城镇新增就业"."""
    text = normalize_width(indicator)
    for w in sorted(_GENERIC, key=len, reverse=True):
        text = text.replace(w, " ")
    parts = [p for p in text.split() if p]
    return max(parts, key=len) if parts else ""


def subject_terms(indicator: str) -> set[str]:
    """The words a sentence must use to be about the indicator: its own specific words and the
    report words and aliases of its synonym groups (GDP -> 国内生产总值, 生产总值, 经济增长)."""
    parsed = parse_question(indicator)
    words = {t for t in tokenize(parsed.text) if len(t) >= 2 and t not in _GENERIC}
    for canonical, others in synonym_groups():
        group = {canonical, *others}
        if any(w.lower() in parsed.text.lower() for w in group):
            words |= {g for g in group if IDEOGRAPH.search(g)}
    return words


class Comparer:
    def __init__(self, retriever: HybridRetriever, k: int = 8) -> None:
        self.retriever = retriever
        self.answerer = ExtractiveAnswerer(retriever)
        self.k = k

    def compare(self, indicator: str, filters: Filters | None = None) -> Comparison:
        filters = filters or Filters()
        docs = [
            r
            for d, r in self.retriever.documents.items()
            if filters.empty or filters.matches(d, r.meta.to_dict())
        ]
        docs.sort(key=lambda r: (r.meta.year or 0, r.doc_id))
        return Comparison(indicator, [self._row(indicator, r.doc_id) for r in docs])

    def _row(self, indicator: str, doc_id: str) -> Row:
        record = self.retriever.documents[doc_id]
        meta = record.meta
        result = self.retriever.search(
            indicator, k=self.k, filters=Filters(doc_ids=frozenset({doc_id})), use_question_years=False
        )
        # one report is small: after the best-ranked chunks, every other chunk is read too, so a
        # value is missed only when the report does not state it
        found = {h.chunk.id for h in result.hits}
        result.hits += [Hit(c, 0.0) for c in self.retriever.store.chunks_of(doc_id) if c.id not in found]
        parsed = parse_question(indicator)
        subjects = subject_terms(indicator)
        wants_plan = bool(_PLAN.search(indicator))

        def eligible(s: Scored) -> bool:
            norm = normalize_width(s.sentence)
            if not figures_in(s.sentence) or not any(w in norm for w in subjects):
                return False
            # a target is stated as one: "预期目标是：国内生产总值增长8%左右", not "比上年增长7.3%"
            return not wants_plan or bool(_PLAN.search(norm))

        core = _core_phrase(indicator)

        def rank(s: Scored) -> float:
            # the indicator's own words in a row ("城镇新增就业") mark the sentence that states it
            score = s.score + 0.05 * shared_run(core, s.sentence) if core else s.score
            if wants_plan and meta.year is not None:
                period = chunk_period(meta.year, s.hit.chunk.section_path)
                if period == (meta.year, meta.year):
                    score += 0.3
                if "今年" in s.sentence or f"{meta.year}年" in normalize_width(s.sentence):
                    score += 0.2  # the year's own target, not the five-year plan's
            return score

        candidates = [s for s in self.answerer.score(parsed, result) if eligible(s)]
        if not candidates:
            return Row(doc_id, meta.title, meta.year, NOT_MENTIONED, "", "", "", source=record.source)
        best = max(candidates, key=rank)
        value, unit = pick_figure(indicator, best.sentence, subjects)
        figure = next((f for f in figures(value)), None)
        return Row(
            doc_id,
            meta.title,
            meta.year,
            value,
            unit,
            best.sentence,
            best.hit.chunk.section,
            low=figure.low if figure else None,
            high=figure.high if figure else None,
            percent=bool(figure and figure.percent),
            char_start=best.hit.chunk.char_start + best.offset,
            source=record.source,
        )


def chart(comparison: Comparison, path: Path | None = None) -> Any:
    """A line chart of the numeric values by year (ranges drawn as a band); saved as PNG when a
    path is given. Returns the matplotlib Figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in comparison.rows if r.year is not None and r.low is not None]
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=110)
    if rows:
        years = [int(r.year or 0) for r in rows]
        lows = [float(r.low or 0.0) for r in rows]
        highs = [float(r.high if r.high is not None else lo) for r, lo in zip(rows, lows, strict=True)]
        mids = [(lo + hi) / 2 for lo, hi in zip(lows, highs, strict=True)]
        ax.plot(years, mids, marker="o")
        ax.fill_between(years, lows, highs, alpha=0.2)
        for r, y in zip(rows, mids, strict=True):
            ax.annotate(
                _ascii(r.value),
                (int(r.year or 0), y),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
            )
        ax.set_xticks(years)
        ax.set_ylabel("%" if rows[0].percent else "")
    missing = [r.year for r in comparison.rows if r.year is not None and r.low is None]
    if missing:
        ax.set_xlabel("not stated: " + ", ".join(map(str, missing)))
    ax.grid(alpha=0.3)
    fig.tight_layout()
    if path is not None:
        fig.savefig(path)
    plt.close(fig)
    return fig


def _ascii(value: str) -> str:
    """The value's figure without Chinese qualifiers (the default chart font has no CJK glyphs)."""
    return "".join(c for c in normalize_width(value) if ord(c) < 128)
