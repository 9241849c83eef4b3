"""Answers from facts (facts/): a figure is stated only when its indicator, kind, period and place
are the ones asked. A question naming no year gets the latest value and the other years'; a
superlative or a trend gets a small table by year and the conclusion; several parts get a line
each. When only a near miss exists, the answer declines and says what the reports do hold."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from core.types import Hit
from facts.extract import facts_of_chunk
from facts.match import (
    MIN_SCORE,
    aliases,
    core,
    indicator_score,
    match,
    measure_agrees,
    period_agrees,
    told_apart,
    unit_agrees,
)
from facts.model import BASIS_LABELS, Fact
from facts.periods import report_place, same_place
from facts.question import FactQuery, each_basis, read_question
from qa.fact_lines import (
    applied,
    asked_words,
    conclusion,
    describe,
    held_reason,
    one_per_period,
    other_places,
    other_years,
    part_query,
    plan_only,
    reports_named,
    results_first,
    split_questions,
    with_measure,
)
from qa.fact_scope import compare_request, of_asked_place
from qa.types import NOT_FOUND, Answer, Citation, CompareRequest, citation_for, searched_reports
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store.records import DocumentRecord

NAME = "extractive"
_LINES_MAX = 3  # years asked with no superlative or trend ("…分别是多少"): a line each, more a table


@dataclass
class _Cited:
    """Citations gathered while an answer is written, numbered in order of first use."""

    answerer: FactAnswerer
    citations: list[Citation]

    def mark(self, fact: Fact) -> str:
        for c in self.citations:
            if c.char_start == fact.sentence_start and c.doc_id == fact.doc_id:
                return f"[{c.n}]"
        citation = self.answerer.citation(len(self.citations) + 1, fact)
        if citation is None:
            return ""
        self.citations.append(citation)
        return f"[{citation.n}]"


class FactAnswerer:
    """Answers figure questions from the store's facts; None where the facts do not apply (no
    indicator of the question is one the reports state figures of)."""

    def __init__(self, retriever: HybridRetriever) -> None:
        self.retriever = retriever
        self._searched = ""
        self._filters = Filters()

    @property
    def documents(self) -> dict[str, DocumentRecord]:
        return self.retriever.documents

    def places(self) -> set[str]:
        return {p for r in self.documents.values() if (p := r.meta.place or report_place(r.meta))}

    def query(self, question: str) -> FactQuery:
        """The question read against the stored reports' places and the latest report's year (of
        the place it names, when it names one)."""
        places = self.places()
        named = read_question(question, places)
        years = [
            r.meta.year
            for r in self.documents.values()
            if r.meta.year and (named.place is None or same_place(named.place, r.meta.place or ""))
        ]
        return read_question(question, places, latest=max(years, default=None))

    def queries(self, question: str) -> list[FactQuery]:
        """One query per question asked: "江屿市2023年GDP是多少，2024年计划增长多少" is two. A part
        naming no place, year or indicator takes the previous part's."""
        out: list[FactQuery] = []
        for part in split_questions(question):
            q = self.query(part)
            if out:
                before = out[-1]
                q = replace(
                    q,
                    indicators=q.indicators or before.indicators,
                    place=q.place or before.place,
                    places=q.places or before.places,
                    years=q.years or before.years,
                )
            out.append(q)
        return [b for q in out if q.indicators and q.asks_figure for b in each_basis(q)]

    def answer(self, question: str, filters: Filters | None = None) -> Answer | None:
        """The answer from facts, or None when the question is not one the facts answer."""
        self.retriever.refresh()
        queries = self.queries(question)
        if not queries:
            return None
        filters = filters or Filters()
        self._searched = searched_reports(self.documents, filters)
        self._filters = filters
        cited = _Cited(self, [])
        first = queries[0]
        if len(queries) == 1 and len(first.places) > 1 and not first.comparative:
            # "临渚市和榆坪县…分别是多少": a line for each place
            queries = [replace(first, place=p, places=(p,)) for p in first.places]
        elif len(queries) == 1 and len(first.indicators) == 1:
            return self._one(question, first, filters, cited)
        lines, any_found = [], False
        for query in queries:
            allowed = self._allowed(filters, query)
            for indicator in query.indicators:
                facts = self._facts_about(indicator, allowed)
                any_found = any_found or bool(facts)
                lines.append(self._part_line(part_query(query, indicator), indicator, facts, cited))
        if not any_found:
            return None  # nothing of the kind is stated anywhere: the sentence answerer reads on
        return self._answer(question, queries[0], "\n".join(lines), cited)

    def _one(self, question: str, query: FactQuery, filters: Filters, cited: _Cited) -> Answer | None:
        """The answer to a question about one indicator."""
        allowed = self._allowed(filters, query)
        if (query.place or query.report_year) and not allowed:
            return self._decline(question, f"已收录的报告中没有{reports_named(query)}的报告")
        indicator = query.indicators[0]
        facts = self._facts_about(indicator, allowed)
        if not facts:
            return None  # nothing of the kind is stated anywhere: the sentence answerer reads on
        several_years = query.years is not None and query.years[0] < query.years[1] and not query.span
        if query.comparative or several_years:
            return self._by_year(question, query, indicator, facts, cited)
        found = match(query, indicator, facts)
        if not found.answers:
            return None  # the sentence answerer reads on, and declines if its figure is of this kind
        best = found.answers[0]
        lines = [f"{describe(best, question)}{cited.mark(best)}。", self._quote_line(best, cited)]
        lines += plan_only(query, best, indicator)
        if query.years is None:  # its other years, and periods of several years (1998—2002年)
            wider = match(query, indicator, facts, span=True).answers
            lines += other_years(best, found.answers[1:] + wider, cited)
        if not (query.place or query.places):
            lines += other_places(best, found.answers[1:], cited)
        return self._answer(question, query, "\n".join(lines), cited)

    # --- the facts a question may use ---------------------------------------------------------

    def _allowed(self, filters: Filters, query: FactQuery) -> set[str]:
        """The reports the filters allow, of the place the question names (or of the level its
        scope word points at: 全乡 -> a township's report) and of the report year it names."""
        return {
            d
            for d, r in self.documents.items()
            if (filters.empty or filters.matches(d, r.meta.to_dict()))
            and of_asked_place(query, r)
            and query.report_year in (None, r.meta.year)
        }

    def _facts_about(self, indicator: str, allowed: set[str]) -> list[Fact]:
        """The facts of allowed reports whose indicator may be this one."""
        index = self.retriever.store.facts
        names = {n for alias in aliases(core(indicator)) for n in index.indicators_like(alias)}
        names = {n for n in names if indicator_score(indicator, n) >= MIN_SCORE}
        return [f for n in names for f in index.facts_about(n) if f.doc_id in allowed]

    # --- writing the answer -------------------------------------------------------------------

    def citation(self, n: int, fact: Fact) -> Citation | None:
        [chunk] = self.retriever.store.chunks_by_id([fact.chunk_id]) or [None]
        if chunk is None:
            return None
        offset = fact.sentence_start - chunk.char_start
        return citation_for(n, Hit(chunk, 1.0), self.documents.get(fact.doc_id), fact.sentence, offset)

    def _quote_line(self, fact: Fact, cited: _Cited) -> str:
        mark = cited.mark(fact)
        c = next(c for c in cited.citations if f"[{c.n}]" == mark) if mark else None
        label = c.label() if c else ""
        return f"{label}：“{fact.sentence}”{mark}"

    def _part_line(self, query: FactQuery, indicator: str, facts: list[Fact], cited: _Cited) -> str:
        found = match(query, indicator, facts)
        if not found.answers:
            return f"{indicator}：{NOT_FOUND}{asked_words(query)}的数值。"
        best = found.answers[0]
        return f"{indicator}：{describe(best)}{cited.mark(best)}，“{best.sentence}”"

    def _by_year(
        self, question: str, query: FactQuery, indicator: str, facts: list[Fact], cited: _Cited
    ) -> Answer:
        found = match(query, indicator, facts, span=True)
        answers = [f for f in found.answers if not query.listed or f.period_from in query.listed]
        if query.basis is None:
            answers = results_first(answers, query.comparative)
        values = sorted(one_per_period(answers), key=lambda f: (f.period_from or 0, f.place))
        single = [f for f in values if f.period_from == f.period_to]
        if single and not query.span:  # by year: a plan's yearly average over 2011—2020 is no year's
            values = single
        if not values:
            return self._near_miss(question, query, indicator, found.near, cited)
        report_years = [self.documents[f.doc_id].meta.year for f in values if f.doc_id in self.documents]
        request = compare_request(with_measure(indicator, query.measure), values, report_years)
        if not query.comparative and len(values) <= _LINES_MAX:  # "2016年和2017年…分别是多少"
            lines = [f"{describe(f)}{cited.mark(f)}，“{f.sentence}”" for f in values]
            return self._answer(question, query, "\n".join(lines), cited, request)
        rows = ["| 年份 | 地区 | 数值 | 出处 |", "|---|---|---|---|"]
        bases = {f.basis for f in values}
        basis = BASIS_LABELS[next(iter(bases))] if len(bases) == 1 else ""
        kind = (lambda f: "") if basis else (lambda f: f"（{BASIS_LABELS[f.basis]}）")  # mixed: each says
        rows += [f"| {f.period_label()} | {f.place} | {f.text}{kind(f)} | {cited.mark(f)} |" for f in values]
        lines = [f"{with_measure(indicator, query.measure)}{basis}（按年份）：", *rows]
        if len(values) >= 2:
            if query.comparative:  # the highest, or how it changed, only when asked
                lines.append(conclusion(query, values, cited))
        else:
            lines.append(f"报告中只有{values[0].period_label()}的这一数值，无法比较。")
        return self._answer(question, query, "\n".join(lines), cited, request)

    def _near_miss(
        self, question: str, query: FactQuery, indicator: str, near: list[Fact], cited: _Cited
    ) -> Answer:
        """A decline that says what the reports do hold."""
        if not near:
            return self._decline(question, f"报告中没有{asked_words(query)}{indicator}的数值")
        return self.decline_for(question, query, near[0])

    def decline_for(self, question: str, query: FactQuery, held: Fact, searched: str = "") -> Answer:
        """ "报告中有2023年…176公里的实际数[1]，没有2024年的目标的数值": the decline of a question whose
        closest figure is of another kind, year or place than asked."""
        self._searched = searched or self._searched
        cited = _Cited(self, [])
        asked = asked_words(query, query.indicators[0] if query.indicators else "")
        of_kind = re.search(r"(目标|实际|增速|比重|累计|增加量)$", asked)  # "…的目标数", not "…的目标的数值"
        asked_text = f"{asked or query.text}{'数' if of_kind else '的数值'}"
        reason = held_reason(held, query.place is not None, cited.mark(held), asked_text)
        answer = self._decline(question, reason)
        answer.citations = cited.citations
        return answer

    def conflicting(self, query: FactQuery, fact: Fact) -> bool:
        """Whether a fact is of another kind, year or place than the question asks: a rate for an
        amount, a plan for a result, 2023 for 2024 (what a figure chosen by its words must not be)."""
        measure_asked = query.measure is not None or query.unit == "%"
        record = self.documents.get(fact.doc_id)
        return (
            any(told_apart(i, fact.indicator) for i in query.indicators)  # 调查 for 登记
            or (record is not None and not of_asked_place(query, record))  # 全国's for 全乡
            or (measure_asked and not measure_agrees(query.measure, fact))
            or not unit_agrees(query.unit, fact)
            or (query.basis is not None and fact.basis != query.basis)
            or (query.place is not None and not same_place(query.place, fact.place))
            or (
                query.years is not None
                and fact.period is not None
                and not period_agrees(query.years, fact, span=True)
            )
        )

    def facts_of(self, hit: Hit, sentence_offset: int) -> list[Fact]:
        """The facts of one sentence of a hit (its offset in the chunk text), read as at ingest."""
        record = self.documents.get(hit.chunk.doc_id)
        if record is None:
            return []
        place = record.meta.place or report_place(record.meta)
        start = hit.chunk.char_start + sentence_offset
        return [f for f in facts_of_chunk(hit.chunk, record.meta, place) if f.sentence_start == start]

    def _answer(
        self, question: str, query: FactQuery, text: str, cited: _Cited, compare: CompareRequest | None = None
    ) -> Answer:
        applied_filter = applied(query, self._filters, self.documents)
        return Answer(question, text, True, NAME, cited.citations, filter=applied_filter, compare=compare)

    def _decline(self, question: str, reason: str) -> Answer:
        text = f"{NOT_FOUND}与该问题直接相关的数值。{reason}。已检索：{self._searched}。"
        return Answer(question, text, False, NAME, [], searched=self._searched)
