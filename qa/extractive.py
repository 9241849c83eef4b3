"""The answer without a language model: from facts, else the report's own sentence, quoted.

1. Facts (qa/fact_answers.py): a figure question whose indicator the reports state figures of is
   answered from the facts: the value of the kind, year and place asked, with its quote.
2. Else the retrieved sentences are scored (qa/sentence_scoring.py) and the best is quoted. A short
   list of named rules decides what is said, each with its own test:
   - `unknown_words` (qa/relevance.py, tests/qa/test_relevance.py): a question naming words no
     report uses is declined unless the sentence is very close (上海市, 比特币);
   - `missing_subject` (same): a sentence stating a figure must name the question's subject;
   - `_absent_years` (tests/qa/test_bad_questions.py): a year no report is of, nor mentions;
   - `FigureChooser.choose` (qa/figure_choice.py, tests/qa/test_figure_choice.py): the figure
     stated is one said of what the question names (`stated_about`: its clause, the same 第N档,
     a limit for 最多), whose fact is of the kind, year, place and unit asked; else the answer
     declines and says what the closest figure is; a count (多少个村) only by figures counted in
     its measure word naming what it counts, with its condition and any threshold asked stated
     (qa/counted.py, qa/question_parts.py); never another indicator's figure where the sentence
     names the asked one without a figure ("进出口回稳向好": declined, quoting what it says);
   - `difference_asked` (qa/difference.py): a difference between two values (A比B低多少) is never
     answered with one of them: a stated difference is quoted, else both values, cited, and
     that the reports state no difference (tests/qa/test_trial_sentence_answers.py);
   - `asked_kind` / `value_of_kind` (qa/phrase.py, tests/qa/test_phrase.py): a hotline, a date or
     an amount asked is answered by a sentence stating one, and that value is stated;
   - `answer_span` (same): words asked ("需要哪些材料") are answered by the span that answers, first;
   - `whole_list` (same): an item of a numbered list answers words asked only with the other items;
   - the answer of a notice's question is quoted, not the question (qa/sentence_scoring.py).
When nothing is close enough, the answer says the reports do not hold it, and which were searched.
"""

from __future__ import annotations

import re
from dataclasses import replace

from facts.model import PLAN
from facts.periods import report_place, same_place
from facts.rules import figures_of
from qa.counted import fits_count_and_bounds, states_count
from qa.difference import DifferenceAnswerer
from qa.extractive_config import ExtractiveConfig
from qa.fact_answers import FactAnswerer
from qa.figure_choice import Chosen, FigureChooser
from qa.phrase import AMOUNT, answer_span, asked_kind, asks_deadline, value_of_kind, whole_list
from qa.question_parts import count_asked, difference_asked, thresholds
from qa.relevance import figure_sources, first_naming, missing_subject, unknown_words, without_place
from qa.sentence_scoring import Scored, SentenceScorer
from qa.types import NOT_FOUND, Answer, citation_for, searched_reports
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters, ParsedQuestion, parse_question
from text.numbers import states_quantity
from text.width import normalize_width

# A question about a part of a report as a whole rather than one fact of it.
_NAMING_TRIES = 5  # the sentences looked at for one naming a figure's subject (the best, 4 more)
_SECTION_QUESTION = re.compile(r"方面|部分|总体|哪些|什么要求|做什么|怎么说|部署|什么变化")
_ASKS_WHO = re.compile(r"谁|叫什么名字")
_ASKS_PHRASE = re.compile(r"哪些|什么|包括|条件|材料|证件|证明|要求|范围|对象")


class ExtractiveAnswerer:
    """Answers from the retrieved sentences alone; needs no language model."""

    name = "extractive"

    def __init__(self, retriever: HybridRetriever, config: ExtractiveConfig | None = None) -> None:
        self.retriever = retriever
        self.config = config or ExtractiveConfig()
        self.facts = FactAnswerer(retriever)
        self.scorer = SentenceScorer(retriever, self.config)
        self.figures = FigureChooser(self.facts, self.config)
        self.differences = DifferenceAnswerer(self)

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        """The answer from facts where the question asks a figure the reports state (fact_answers),
        else the report's sentence that answers it, quoted; or why the reports do not hold it. A
        difference between two values is answered by qa/difference.py."""
        asked = difference_asked(question)
        if asked is not None:
            return self.differences.answer(question, asked, filters)
        return self.answer_directly(question, filters)

    def answer_directly(self, question: str, filters: Filters | None = None) -> Answer:
        """The answer of a question asking no difference: from the facts when their figure answers
        what the question adds to its indicator (a count, a threshold: qa/counted.py), else from
        the sentences."""
        from_facts = self.facts.answer(question, filters)
        if from_facts is not None and fits_count_and_bounds(question, from_facts):
            return from_facts
        result = self.retriever.search(question, k=self.config.k, filters=filters)
        parsed = parse_question(question)
        scored = self.scorer.score(parsed, result)
        kind = asked_kind(question)
        if kind is not None:  # a hotline, a date, an amount: answered by a sentence stating one
            scored = [x for x in scored if value_of_kind(x.sentence, kind)]
        elif parsed.wants_number:  # a question asking for a figure is answered by a sentence stating one
            scored = [
                x for x in scored if figures_of(x.sentence) or states_quantity(x.sentence, words_only=True)
            ]
        if not scored or scored[0].score < self.config.min_score:
            return self.not_found(question, result)
        parsed = without_place(parsed, self._own_place(result, scored[0]))
        best, why = self._naming_subject(question, parsed, scored)
        if best is None:
            return self.not_found(question, result, why)
        keywords, n = self.retriever.store.keywords, self.config.subject_words
        if absent := self._absent_years(parsed, result, best):
            reason = f"已收录的报告中没有{absent}的报告，找到的内容也未提及该年"
            return self.not_found(question, result, reason)
        value = ""
        if kind is not None and kind != AMOUNT:  # a hotline or a date, as written
            value = value_of_kind(best.sentence, kind, asks_deadline(question)) or ""
        elif parsed.wants_number or kind == AMOUNT:
            sources = figure_sources(keywords, parsed, scored, best, n, self.config.min_similarity_unknown)
            chosen = self.figures.choose(question, parsed, scored, sources)
            if chosen.sentence is None:
                return self.no_figure(question, result, best, chosen)
            best, value = chosen.sentence, chosen.value
        words_asked = not parsed.wants_number and kind is None and _ASKS_PHRASE.search(question)
        listed = whole_list(best.hit.chunk.text, best.offset) if words_asked else None
        if listed is not None:  # one item of a list answers "哪些材料" only with the others
            start, end, _ = listed
            best = replace(best, sentence=best.hit.chunk.text[start:end], offset=start)
        picked = self.picked(parsed, best, scored)
        citations = [
            citation_for(n, s.hit, result.documents.get(s.hit.chunk.doc_id), s.sentence, s.offset)
            for n, s in enumerate(picked, 1)
        ]
        lines = [f"{value}[1]。" if citations else f"{value}。"] if value else []
        span = (listed[2] if listed else answer_span(best.sentence)) if words_asked else None
        if span and not figures_of(span):  # words asked are answered by words, not by a figure
            lines.append(f"{span}。")
        lines += [f"{c.label()}：“{c.quote}”[{c.n}]" for c in citations]
        return Answer(question, "\n".join(lines), True, self.name, citations, filter=result.applied())

    def _own_place(self, result: SearchResult, best: Scored) -> str | None:
        """The place the search was filtered to, when the best sentence is of that place's own
        report (its words then need not name it); None for a report of no known place, which the
        filter lets through (the township report is no answer to 白水县's figures)."""
        place, record = result.filters.place, result.documents.get(best.hit.chunk.doc_id)
        own = record is not None and (record.meta.place or report_place(record.meta))
        return place if place and own and same_place(place, own) else None

    def _naming_subject(
        self, question: str, parsed: ParsedQuestion, scored: list[Scored]
    ) -> tuple[Scored | None, str]:
        """The best sentence (of `scored`, best first) that may answer: the first, unless the
        question holds words the reports never use, or (for a figure, or who holds a post) its
        subject's rarest words are unsaid there, when a sentence a little lower naming them all is
        taken; None and the reason in words when there is none."""
        best = scored[0]
        unknown = unknown_words(self.retriever.store.keywords, parsed)
        if unknown and best.similarity < self.config.min_similarity_unknown:
            return None, f"报告中没有出现“{'”“'.join(unknown[:3])}”"
        # (only figures: for other questions a rare word missing from the passage is often just
        # worded otherwise, and held-out answers suffered)
        keywords, n = self.retriever.store.keywords, self.config.subject_words
        checked = parsed.wants_number or _ASKS_WHO.search(question)
        missing = missing_subject(keywords, parsed, best.sentence, n) if checked else []
        if missing and best.similarity < self.config.min_similarity_unknown:
            named = first_naming(keywords, parsed, scored[1:_NAMING_TRIES], n)
            return named, "" if named else f"找到的内容没有提及“{'”“'.join(missing)}”"
        return best, ""

    def no_figure(self, question: str, result: SearchResult, top: Scored, chosen: Chosen) -> Answer:
        """A decline for a figure question no close sentence answers, saying what the reports hold:
        the asked indicator without a figure ("2016年的报告中进出口的目标是“回稳向好”"), a count
        without the condition asked, the closest figure's kind ("报告中有2023年…的实际数，没有2024年
        的目标"), or, when its figures are of something else ("这个乡住了多少人" -> "党员1022人"),
        the sentence, with no figure given as the answer."""
        if chosen.bare is not None:
            return self._declined_with(
                question, result, chosen.bare.sentence, self._bare_reason(question, chosen)
            )
        if chosen.unstated is not None:
            reason = self._unstated_reason(question, chosen)
            return self._declined_with(question, result, chosen.unstated, reason)
        if chosen.conflict is not None:
            searched = searched_reports(self.retriever.documents, result.filters)
            return self.facts.decline_for(question, self.facts.query(question), chosen.conflict, searched)
        count = chosen.count
        reason = "最接近的原文说的是其他数值，不是所问的"
        if count is not None and count.condition:
            reason = f"报告中没有说明{count.condition}的{count.thing}有多少，{reason}"
        elif count is not None:
            reason = f"报告中没有以“{count.measure}”计的{count.thing}的数目，{reason}"
        elif not figures_of(top.sentence):  # no figure at all: nothing to show as the closest
            return self.not_found(question, result, "找到的内容没有给出所问的数值")
        return self._declined_with(question, result, top, reason)

    def _bare_reason(self, question: str, chosen: Chosen) -> str:
        """ "2016年的报告中进出口的目标是“回稳向好”[1]，没有给出数值"."""
        bare = chosen.bare
        assert bare is not None
        record = self.retriever.documents.get(bare.sentence.hit.chunk.doc_id)
        year = f"{record.meta.year}年的报告中" if record and record.meta.year else "报告中"
        kind = "的目标是" if self.facts.query(question).basis == PLAN else "："
        said = f"{kind}“{bare.said}”" if bare.said and not figures_of(bare.said) else "只是被提及"
        return f"{year}{bare.name}{said}[1]，没有给出数值"

    def _unstated_reason(self, question: str, chosen: Chosen) -> str:
        """What the closest sentence states without what the question adds: a count without its
        condition, a figure without the threshold asked."""
        count, bounds = chosen.count, thresholds(question)
        asked = (count.condition if count else "") or "、".join(b.text for b in bounds)
        if count is not None and chosen.unstated_value:
            return f"报告中写有“{chosen.unstated_value}”[1]，但没有说明其中{asked}的{count.thing}有多少"
        return f"找到的内容没有提到“{asked}”"

    def _declined_with(self, question: str, result: SearchResult, top: Scored, reason: str) -> Answer:
        """A decline giving the reason and quoting the closest sentence as [1]."""
        record = result.documents.get(top.hit.chunk.doc_id)
        nearest = citation_for(1, top.hit, record, top.sentence, top.offset)
        answer = self.not_found(question, result, reason)
        answer.answer = answer.answer.replace(
            "已检索：", f"最接近的原文：{nearest.label()}：“{nearest.quote}”[1]\n已检索：", 1
        )
        answer.citations = [nearest]
        return answer

    def picked(self, parsed: ParsedQuestion, best: Scored, scored: list[Scored]) -> list[Scored]:
        """The sentences quoted: the best, one nearly as good, the sentence a short topic sentence
        announces, a passage's central sentence for a question about a section, and another
        report's best for a question naming no year. A sentence of two copies is quoted once. For a
        count, the others count the thing asked too (not "出境旅游超过1.2亿人次" beside 村)."""
        count = count_asked(parsed.text)
        if count is not None:
            scored = [s for s in scored if s is best or states_count(s.sentence, count)]
        close = [
            s
            for s in scored[1 : 1 + self.config.second_candidates]
            if s.score >= self.config.second_ratio * best.score
            and s.hit.chunk.id != best.hit.chunk.id
            and _same(s.sentence) != _same(best.sentence)
        ]
        picked = [best, *close[:1]]
        if not parsed.wants_number and len(best.sentence) <= self.config.topic_chars:
            following = self.scorer.following_sentence(best, scored)
            if following is not None and following not in picked:
                picked.insert(1, following)
        # (a notice's answer is what answers: not the passage's central sentence)
        section = _SECTION_QUESTION.search(parsed.text) and not best.answers_a_question
        if self.config.section_sentence and section:
            central = self.scorer.central_sentence(best, scored)
            if central is not None and central not in picked:
                picked.insert(1, central)
        if parsed.years is not None:
            return picked
        # a question naming no year may be answered differently by another year's report
        # ("僵尸企业怎么处置" in 2016 and in 2017): its best sentence is shown too, as such
        said = {_same(s.sentence) for s in picked}
        others = (
            s for s in scored if s.hit.chunk.doc_id != best.hit.chunk.doc_id and _same(s.sentence) not in said
        )
        other = next(others, None)
        if other is not None and other.score >= self.config.other_report_ratio * best.score:
            picked.append(other)
        return picked

    def _absent_years(self, parsed: ParsedQuestion, result: SearchResult, best: Scored) -> str:
        """ "2020年" when the question names years that no stored report is of (nor reviews) and the
        chosen chunk does not mention either; "" otherwise."""
        if parsed.years is None or result.years_from_question is not None:
            return ""
        lo, hi = parsed.years
        if any(lo <= y <= hi + (not parsed.of_report) for y in self.retriever.years()):
            return ""
        mentioned = {int(y) for y in re.findall(r"((?:19|20)\d{2})年", normalize_width(best.hit.chunk.text))}
        if any(lo <= y <= hi for y in mentioned):
            return ""
        return f"{lo}年" if lo == hi else f"{lo}—{hi}年"

    def not_found(self, question: str, result: SearchResult, reason: str = "") -> Answer:
        searched = searched_reports(self.retriever.documents, result.filters)
        text = (
            f"{NOT_FOUND}与该问题直接相关的内容。"
            + (f"{reason}。" if reason else "")
            + f"已检索：{searched}。"
        )
        return Answer(question, text, False, self.name, [], searched=searched, filter=result.applied())


def _same(sentence: str) -> str:
    """A sentence as compared for repeats: folded, no spaces (one sentence of two copies)."""
    return "".join(normalize_width(sentence).split())
