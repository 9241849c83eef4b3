"""How answers from facts are written (qa/fact_answers.py): a value with what it is, the words
for what a question asked, one value per year and place, the conclusion of a superlative or a
trend, and the questions asked in one."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from facts.model import ACTUAL, BASIS_LABELS, GROWTH, MEASURE_LABELS, PLAN, SHARE, Fact
from facts.question import FactQuery, measure_asked
from facts.rules import clauses, starting_words
from qa.fact_scope import same_figure
from retriever.query import Filters
from text.width import normalize_width

if TYPE_CHECKING:
    from store.records import DocumentRecord


def applied(query: FactQuery, filters: Filters, documents: Mapping[str, DocumentRecord] | None = None) -> str:
    """The filter an answer from facts applied, in words, as a search result says it: the user's
    (the reports chosen named by their titles in `documents`), and the years and place read off the
    question ("年份 2013–2016（年份取自问题）")."""
    docs = documents or {}
    titles = {d: docs[d].meta.title for d in filters.doc_ids or () if d in docs}
    parts = [filters.describe(titles)] if not filters.empty else []
    years = query.years or ((query.report_year,) * 2 if query.report_year else None)
    if years and filters.year_from is None and filters.year_to is None:
        lo, hi = years
        report = query.report_year if query.report_year and years != (query.report_year,) * 2 else None
        parts.append(
            (f"年份 {lo}" if lo == hi else f"年份 {lo}–{hi}")
            + (f"（{report}年的报告；年份取自问题）" if report else "（年份取自问题）")
        )
    places = query.places or ((query.place,) if query.place else ())
    if places and filters.place is None:
        parts.append(f"地区 {'、'.join(places)}（地区取自问题）")
    return "；".join(p for p in parts if p)


def reports_named(query: FactQuery) -> str:
    """The reports a question names, in words: "鹤泉县", "2013年", "鹤泉县2013年"."""
    return (query.place or "") + (f"{query.report_year}年" if query.report_year else "")


class Marks(Protocol):
    """Gives a fact's citation mark ("[2]") as the answer is written."""

    def mark(self, fact: Fact) -> str: ...


def describe(fact: Fact, question: str = "") -> str:
    """A value with what it is: "1100万人以上（2017年目标）"; with where it started when the question
    asks both ends of a change ("由8300万增加到1亿3千多万（2017年实际）")."""
    what = "，".join(x for x in (fact.period_label() + fact.kind_label(), fact.place) if x)
    started = starting_words(question, fact.sentence, fact.start - fact.sentence_start) if question else ""
    return f"{started}{fact.text}（{what}）"


def plan_only(query: FactQuery, fact: Fact, indicator: str) -> list[str]:
    """The line saying a target answers a question that asked no kind ("2015年粮食产量是多少": the
    reports state only its target, 5.5亿吨以上); none when a target was asked or a result answers."""
    if query.basis is not None or fact.basis != PLAN:
        return []
    return [f"报告中只有{fact.period_label()}{indicator}的目标，没有实际数。"]


def other_years(best: Fact, found: list[Fact], cited: Marks) -> list[str]:
    """The line of the same figure's other years and spans of years (of the facts `found`, those of
    its indicator, place and measure: qa.fact_scope.same_figure; not a sub-group, an increase or
    another place's: "3万个行政村通光纤" is not 全乡's 行政村), or none."""
    others = one_per_period([f for f in found if same_figure(best, f)], exclude=best)
    if not others:
        return []
    return ["其他年份：" + "；".join(f"{describe(f)}{cited.mark(f)}" for f in others[:5]) + "。"]


def other_places(best: Fact, answers: list[Fact], cited: Marks) -> list[str]:
    """The line of the same figure in each other place the reports speak for (of `answers`, best
    first: each place's first), for a question naming no place over reports of several ("GDP增长目标
    是多少" with two counties' reports: the one answer would hide the other county's), or none."""
    seen, others = {best.place}, []
    for f in answers:
        if f.place not in seen and same_figure(replace(f, place=best.place), best):
            seen.add(f.place)
            others.append(f)
    if not others:
        return []
    return ["其他地区：" + "；".join(f"{describe(f)}{cited.mark(f)}" for f in others[:5]) + "。"]


def results_first(facts: list[Fact], comparative: bool) -> list[Fact]:
    """Of the values of a question asking no kind by year: the results, not the plans beside them;
    a year whose result no report states, by its plan ("2013年到2018年财政赤字率": the reports state
    the rate set for most years, the result for one); only results when values are compared (哪一年
    最高: a target is not set against results)."""
    results = {f.period for f in facts if f.basis == ACTUAL}
    if not results:
        return facts
    return [f for f in facts if f.basis == ACTUAL or (f.period not in results and not comparative)]


def with_measure(indicator: str, measure: str | None) -> str:
    """The indicator with the measure asked said after it, unless its name says one: 财政赤字率 (not
    财政赤字率比重), GDP增速."""
    return indicator + ("" if _NAMES_MEASURE.search(indicator) else MEASURE_LABELS.get(measure or "", ""))


_NAMES_MEASURE = re.compile(r"(率|比重|比例|增速|增长|增幅)$")


def asked_words(query: FactQuery, indicator: str = "") -> str:
    """What the question asked for, in words: "2024年的目标", "东湖县2023年的实际增速", or with the
    indicator "2024年城镇登记失业率的目标" (a measure the indicator names itself is not said again)."""
    years = query.years
    when = "" if years is None else (f"{years[0]}年" if years[0] == years[1] else f"{years[0]}—{years[1]}年")
    measure = MEASURE_LABELS.get(query.measure or "", "")
    if indicator and _NAMES_MEASURE.search(indicator):
        measure = ""
    kind = BASIS_LABELS.get(query.basis or "", "") + measure
    return f"{query.place or ''}{when}{indicator}" + (f"的{kind}" if kind else "")


def one_per_period(facts: list[Fact], exclude: Fact | None = None) -> list[Fact]:
    """The first fact (best ranked) of each period and place, leaving out `exclude`'s."""
    seen = set() if exclude is None else {(exclude.period, exclude.place)}
    out = []
    for f in facts:
        key = (f.period, f.place)
        if key not in seen and f.period is not None:
            seen.add(key)
            out.append(f)
    return out


def conclusion(query: FactQuery, values: list[Fact], cited: Marks) -> str:
    """ "最高的是2021年，7.9%[1]" (every year of the same value named: "最高的是2013年、2014年，均为
    7.5%左右[1][2]"), or the trend from the first year to the last."""
    if query.superlative is not None:
        pick = max if query.superlative == "max" else min
        top = pick(values, key=lambda f: f.value)
        tied = [f for f in values if f.value == top.value]  # 2013年、2014年 both 7.5%左右
        word = "最高" if query.superlative == "max" else "最低"
        several_places = len({f.place for f in values}) > 1
        where = "、".join(f"{f.place if several_places else ''}{f.period_label()}" for f in tied)
        marks = "".join(cited.mark(f) for f in tied)
        return f"{word}的是{where}，{'均为' if len(tied) > 1 else ''}{top.text}{marks}。"
    first, last = values[0], values[-1]
    steps = [b.value - a.value for a, b in itertools.pairwise(values)]
    up, down = ("上升", "下降") if first.unit == "%" else ("增加", "减少")
    if all(s > 0 for s in steps):
        way = f"逐年{up}"
    elif all(s < 0 for s in steps):
        way = f"逐年{down}"
    elif all(s >= 0 for s in steps) and last.value > first.value:
        way = f"总体{up}（有持平）"
    elif all(s <= 0 for s in steps) and last.value < first.value:
        way = f"总体{down}（有持平）"
    else:
        way = f"有{up[0]}有{down[0]}"
    return f"从{first.period_label()}的{first.text}到{last.period_label()}的{last.text}，{way}。"


_ASKS = re.compile(r"多少|几[个项次年倍万亿成岁天家所座户名人]|百分之几|是否|哪")


def split_questions(question: str) -> list[str]:
    """The questions asked in one: cut at ？ and ；, and at ， where both sides ask for something
    ("江屿市2023年GDP总量是多少，2024年计划增长多少")."""
    out = []
    for piece in re.split(r"(?<=[？?；;])", question):
        clauses = [c for c in re.split(r"(?<=[，,])", piece) if c.strip()]
        current = ""
        for clause in clauses:
            if current and _ASKS.search(current) and _ASKS.search(clause):
                out.append(current)
                current = ""
            current += clause
        if current.strip():
            out.append(current)
    return out or [question]


# "…分别是多少", "…各增长多少": what follows is asked of every part.
_EACH = re.compile(r"分别|各是|各为|各有|各自|各(?=多少|增长|提高|下降|减少|增加)")
_PART = re.compile(r"[和与及、，,；;]|以及|还有")


def part_query(query: FactQuery, indicator: str) -> FactQuery:
    """The query of one part of a question of several ("居民消费价格涨幅目标和城镇调查失业率目标分别是
    多少"): the measure its own words ask (涨幅 of the first part is not asked of 城镇调查失业率, a
    rate), else the one asked of every part after 分别 ("GDP和财政收入分别增长多少"), else none."""
    if len(query.indicators) < 2:
        return query
    text = query.text
    each = list(_EACH.finditer(text))
    shared = measure_asked(text[each[-1].end() :]) if each else None
    parts = [p for p in _PART.split(text[: each[-1].start()] if each else text) if p.strip()]
    if len(parts) == len(query.indicators):  # in order: "财政赤字率和财政赤字" (both hold 财政赤字)
        part = parts[query.indicators.index(indicator)]
    else:
        part = max(parts, key=lambda p: sum(c in p for c in indicator))
    measure = measure_asked(part) or shared
    unit = query.unit
    if measure in (GROWTH, SHARE):
        unit = "%"
    elif query.unit == "%" and query.measure in (GROWTH, SHARE):
        unit = None  # the percent was asked of another part's measure
    return replace(query, measure=measure, unit=unit)


def held_reason(f: Fact, place: bool, mark: str, asked: str) -> str:
    """Why a question is declined although the reports hold a figure near it: "报告中有2023年…176公里的
    实际数[1]，没有2024年的目标数". The year and kind said there are read by the facts layer from the
    report's parts as well as from the sentence; when neither the sentence nor its heading writes
    every year of that period (a review with no heading, "由45.9%提高到52.6%" over five years),
    saying them would assert what the quoted text does not: the sentence's clause is quoted instead.
    `asked`: what was asked, in words ("2024年的目标数")."""
    said = normalize_width(f"{f.section} {f.sentence}")  # written in the sentence or its heading
    years = {y for y in (f.period_from, f.period_to) if y is not None}
    if years and all(str(y) in said for y in years):
        what = f"{f.period_label()}{f.place if place else ''}{f.indicator}{f.text}的{f.kind_label()}数"
        return f"报告中有{what}{mark}，没有{asked}"
    figure = normalize_width(f.text)
    clause = next((c for _, c in clauses(f.sentence) if figure in normalize_width(c)), f.sentence)
    quoted = clause.strip().rstrip("，；。,;")
    return f"报告中相近的原文是“{quoted}”{mark}，但不能据此确认{asked}"
