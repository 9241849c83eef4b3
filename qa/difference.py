"""A question asking the difference between two values ("它比村支部书记村主任一人兼的比例低多少",
"A和B相差多少"; qa/question_parts.difference_asked) is never answered with one of the two values:
a difference the reports state ("比…高出2个百分点") is quoted; else each value is given with its
citation, and the answer says the report states no difference. A difference computed here would
stand in no cited text, so none is given."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from facts.lexicon import QUALIFIERS
from facts.match import aliases
from facts.rules import figures_of
from qa.figure_choice import as_written
from qa.question_parts import DifferenceAsked, naming_tokens
from qa.sentence_scoring import Scored
from qa.types import NOT_FOUND, Answer, Citation, citation_for, searched_reports
from retriever.query import Filters, parse_question
from text.numbers import Figure, figures_in
from text.width import normalize_width

if TYPE_CHECKING:
    from qa.extractive import ExtractiveAnswerer

# A figure stated as a difference: "比上年增加2787亿元", "相差0.5个百分点", "高出3%".
_STATED_DIFFERENCE = re.compile(
    r"((?:比|较)[^，,；;。]*?(?:高|低|多|少|增加|减少|提高|降低|下降|增长|上升)(?:了|出)?|相差|差距(?:为|是)?|高出|低出)\s*$"
)
_CLAUSE_MARK = re.compile(r"[，,；;：:。！？!?]")


@dataclass(frozen=True)
class Value:
    """One of the two values, as its own question answers it: the phrase asked, the figure as
    written and the citation of the sentence stating it."""

    asked: str
    value: str
    citation: Citation


def stated_difference(
    asked: DifferenceAsked,
    scored: list[Scored],
    period_of: Callable[[Scored, Figure], tuple[int, int] | None],
    n: int = 3,
) -> tuple[Scored, str] | None:
    """The closest sentence (of the first `n`) stating the difference itself, and that figure as
    written: a figure after 比…高/相差/高出 in a sentence naming the first value's words, whose
    clause names the second ("比一人兼的比例低", "比2016年", or 比去年 when the second is the year
    before the first's), of the first's year when it names one (`period_of`)."""
    first_years = _years(asked.first)
    second_years = _years(asked.second)
    for s in scored[:n]:
        norm = normalize_width(s.sentence)
        if asked.first and not _names(asked.first, norm):
            continue
        for f in figures_of(s.sentence):
            marks = [m.end() for m in _CLAUSE_MARK.finditer(norm, 0, f.start)]
            clause = norm[marks[-1] if marks else 0 : f.start]
            if not _STATED_DIFFERENCE.search(clause):
                continue
            period = period_of(s, f)
            if first_years and (period is None or period[1] not in first_years):
                continue  # "比上年多0.4万人" of 2023 is not 2017's against 2016
            if second_years:
                year_before = period is not None and {period[1] - 1} == second_years
                named = any(str(y) in clause for y in second_years) or (
                    year_before and _LAST_YEAR.search(clause)
                )
            else:
                named = _names(_YEARS.sub("", asked.second), clause)
            if named:
                return s, as_written(s.sentence, f)[0]
    return None


_YEARS = re.compile(r"(?:19|20)\d{2}\s*年?")
_LAST_YEAR = re.compile(r"比(去年|上年|上一年)")


def _years(phrase: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?:19|20)\d{2}", phrase)}


def _names(phrase: str, norm: str) -> bool:
    """Whether a text names a phrase: half its naming words or more (none to name: it does)."""
    words = naming_tokens(_YEARS.sub("", phrase))
    return not words or 2 * sum(w in norm for w in words) >= len(words)


def value_of(asked: str, answer: Answer | None) -> Value | None:
    """The value an answer to "…是多少" gives: the first figure of its first line, when it stands in
    its first citation's quote, said of the phrase asked (`of_phrase`: 农民人均纯收入 is not the
    城镇居民人均收入 asked, whichever way it was chosen)."""
    if answer is None or not answer.found or not answer.citations:
        return None
    first = answer.answer.split("\n", 1)[0]
    found = figures_in(first)
    if not found:
        return None
    citation = answer.citations[0]
    stated = [f for f in figures_in(citation.quote) if f.same_value(found[0])]
    if not stated or not of_phrase(asked, citation.quote, stated[0]):
        return None
    return Value(asked, as_written(citation.quote, stated[0])[0], citation)


def of_phrase(phrase: str, sentence: str, figure: Figure) -> bool:
    """Whether a figure of a sentence is said of a phrase: the sentence holds half its words or more
    (or another name of them: GDP, 国内生产总值), and the figure's own clause every qualifier the
    phrase holds (城镇, 农村, 登记…)."""
    norm = normalize_width(sentence)
    words = naming_tokens(_YEARS.sub("", phrase))
    held = sum(any(normalize_width(a) in norm for a in aliases(w)) for w in words)
    if words and 2 * held < len(words):
        return False
    marks = [m.end() for m in _PART_MARK.finditer(norm, 0, figure.start)]
    end = _PART_MARK.search(norm, figure.end)
    clause = norm[marks[-1] if marks else 0 : end.start() if end else len(norm)]
    return all(q in clause for q in QUALIFIERS if q in phrase)


_PART_MARK = re.compile(r"[，,；;：:。！？!?、]")


def beside(value: Value) -> list[str]:
    """The other figures of the same kind (percentages, or amounts) in the sentence stating a value,
    each with its clause as written ("两委成员交叉任职达到87.7%"): the value a pointing word (它)
    stands for is among them."""
    quote = value.citation.quote
    own = next(iter(figures_in(value.value)), None)
    out = []
    norm = normalize_width(quote)
    for f in figures_of(quote):
        if own is None or f.percent != own.percent or f.same_value(own):
            continue
        marks = [m.end() for m in _CLAUSE_MARK.finditer(norm, 0, f.start)]
        end = _CLAUSE_MARK.search(norm, f.end)
        out.append(quote[marks[-1] if marks else 0 : end.start() if end else len(quote)].strip())
    return out


def difference_answer(
    question: str,
    asked: DifferenceAsked,
    ask: Callable[[str], Answer | None],
    report_of: Callable[[str], str],
    searched: str,
    backend: str,
) -> Answer:
    """The answer to a difference no sentence states: each value, cited (`ask` answers "…是多少"),
    and that the reports give no difference; none is computed. Two values of one year (or none
    named) must come from one report (`report_of`: a copy is its report): not two places'."""
    phrases = [p for p in (asked.first, asked.second) if p]
    values = [v for p in phrases if (v := value_of(p, ask(f"{p}是多少")))]
    if len(values) == 2:
        one, other = values
        apart = report_of(one.citation.doc_id) != report_of(other.citation.doc_id)
        apart = apart and _same(one.citation.quote) != _same(other.citation.quote)  # (two copies' one)
        same = (one.value, _same(one.citation.quote)) == (other.value, _same(other.citation.quote))
        if same or (apart and _years(asked.first) == _years(asked.second)):
            values = []  # one value found for both, or two places': neither is surely theirs
    citations: list[Citation] = []
    parts = []
    for v in values:
        cited = (
            c.n for c in citations if c.char_start == v.citation.char_start and c.doc_id == v.citation.doc_id
        )
        n = next(cited, 0)
        if not n:
            n = len(citations) + 1
            citations.append(replace(v.citation, n=n))
        parts.append(f"{v.asked}为{v.value}[{n}]")
    if values and not asked.first:  # "它比…": the value it points at is in the same sentence
        others = beside(values[-1])
        if others:
            parts.append(f"同一句中另有“{'”“'.join(others)}”[{len(citations)}]")
    if not parts:
        text = (
            f"{NOT_FOUND}两者之差：报告没有给出这一差值，也没有在同一份报告中找到两者的数值。"
            f"已检索：{searched}。"
        )
        return Answer(question, text, False, backend, [], searched=searched)
    lines = [
        f"{NOT_FOUND}两者之差：报告没有直接给出这一差值（由两数计算所得的数字不在原文中，故不给出）。"
        f"报告中{'；'.join(parts)}。"
    ]
    lines += [f"{c.label()}：“{c.quote}”[{c.n}]" for c in citations]
    lines.append(f"已检索：{searched}。")
    return Answer(question, "\n".join(lines), False, backend, citations, searched=searched)


def _same(quote: str) -> str:
    return "".join(normalize_width(quote).split())


class DifferenceAnswerer:
    """Answers a difference between two values for an ExtractiveAnswerer: a difference a sentence
    states, quoted; else each value, as the answerer answers "…是多少", and no computed one."""

    def __init__(self, answerer: ExtractiveAnswerer) -> None:
        self.answerer = answerer

    def answer(self, question: str, asked: DifferenceAsked, filters: Filters | None = None) -> Answer:
        a = self.answerer
        result = a.retriever.search(question, k=a.config.k, filters=filters)
        scored = [
            s for s in a.scorer.score(parse_question(question), result) if s.score >= a.config.min_score
        ]
        stated = stated_difference(asked, scored, self.period_of)
        if stated is not None:
            best, value = stated
            record = result.documents.get(best.hit.chunk.doc_id)
            citation = citation_for(1, best.hit, record, best.sentence, best.offset)
            text = f"{value}。\n{citation.label()}：“{citation.quote}”[1]"
            return Answer(question, text, True, a.name, [citation], filter=result.applied())
        documents = a.retriever.documents

        def report_of(doc_id: str) -> str:  # a copy kept beside its report is that report
            record = documents.get(doc_id)
            return (record.duplicate_of if record else None) or doc_id

        def ask(value_question: str) -> Answer:
            return a.answer_directly(value_question, filters)

        searched = searched_reports(documents, result.filters)
        return difference_answer(question, asked, ask, report_of, searched, a.name)

    def period_of(self, s: Scored, figure: Figure) -> tuple[int, int] | None:
        """The years a figure of a sentence describes: its fact's, else its report's year."""
        for fact in self.answerer.facts.facts_of(s.hit, s.offset):
            if fact.start - fact.sentence_start == figure.start:
                return fact.period
        record = self.answerer.retriever.documents.get(s.hit.chunk.doc_id)
        year = record.meta.year if record else None
        return (year, year) if year else None
