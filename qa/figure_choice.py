"""The figure that answers a figure question, chosen among the closest sentences: one said of what
the question names (qa/relevance.stated_about), whose fact (read as at ingest) is of the kind,
year and place asked, in the unit asked; the value a change reaches when "提高到多少" is asked.
A count ("多少个村") is answered only by figures counted in its measure word naming what it counts
(qa/counted.py), a threshold asked ("超过一万元") or a count's condition must be stated too, and a
figure whose fact is of another indicator is never given for the one asked when the sentence names
that one without a figure ("进出口回稳向好"). When none fits, why: the closest figure's fact of
another kind, year or place, the asked indicator named with no figure, a count without its
condition, or figures of something else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facts.lexicon import LEADING_WORDS, QUALIFIER_AFTER, QUALIFIER_BEFORE
from facts.match import MIN_SCORE, aliases, core, indicator_score, measure_agrees, unit_agrees
from facts.model import Fact
from facts.question import FactQuery
from facts.rules import figures_of, is_starting_value, starting_words, unit_and_qualifier
from facts.wholes import of_another_whole
from qa.counted import clause_of, closest_counts, counted, counted_in_words, counts, shown_as
from qa.fact_answers import FactAnswerer
from qa.fact_scope import of_another_indicator
from qa.question_parts import CountAsked, count_asked, speaks_of_condition, states_threshold, thresholds
from qa.relevance import stated_about
from qa.sentence_scoring import Scored
from retriever.query import ParsedQuestion
from text.numbers import CHINESE_QUANTITY, Figure, figures_in, with_qualifier
from text.tokens import tokenize
from text.width import normalize_width

if TYPE_CHECKING:
    from qa.extractive_config import ExtractiveConfig

_ASKS_REACHED = re.compile(r"(到|至)(了)?(多少|几)")
# a question asking where a change started ("原来是多少"): else the value it reached answers, not the
# one it rose from ("比重由1.4%提高到1.97%": 1.97%)
_ASKS_START = re.compile(r"原来|原先|起初|最初|起点|由多少|从多少|之前是|以前是|此前")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
# words that may open a clause before the indicator it is about: 其中, 全年, 今年, 全国…
_LEADING = re.compile("^(" + "|".join(sorted(LEADING_WORDS, key=len, reverse=True)) + ")+")


@dataclass(frozen=True)
class Bare:
    """The indicator asked, named in a sentence without a figure of its own ("进出口回稳向好"):
    the name as written and what the clause says of it (回稳向好)."""

    sentence: Scored
    name: str
    said: str


@dataclass(frozen=True)
class Chosen:
    """The sentence and the figure as written ("" for a quantity in words), or, when none fits,
    why: the conflicting fact of the closest figure, the indicator asked named with no figure
    (`bare`), or a sentence that states what is asked without the question's condition or
    threshold (`unstated`, with the figures it does state); all None: figures of something else."""

    sentence: Scored | None
    value: str = ""
    conflict: Fact | None = None
    bare: Bare | None = None
    unstated: Scored | None = None
    unstated_value: str = ""
    count: CountAsked | None = None


class FigureChooser:
    """Chooses the figure that answers a figure question (ExtractiveConfig.figure_candidates,
    figure_ratio; count_candidates, count_ratio for a count)."""

    def __init__(self, facts: FactAnswerer, config: ExtractiveConfig) -> None:
        self.facts = facts
        self.config = config

    def choose(
        self, question: str, parsed: ParsedQuestion, scored: list[Scored], named: list[Scored] | None = None
    ) -> Chosen:
        """The best of the closest sentences (config.figure_candidates within config.figure_ratio of
        the best score; of `named`, those that passed the subject check, when given) stating a figure
        of what the question names, of the kind, year and place asked, with its threshold; for a
        count (of all `scored`: config.count_candidates within config.count_ratio), figures counted
        in its measure word naming what it counts, in a sentence stating its condition. Else why not."""
        c = self.config
        count = count_asked(question)
        top = (scored := scored if count is not None or named is None else named)[0]
        bounds = thresholds(question)
        n, ratio = (c.count_candidates, c.count_ratio) if count else (c.figure_candidates, c.figure_ratio)
        conflicts: list[Fact] = []
        bare: Bare | None = None
        unstated: tuple[Scored, str] | None = None
        for s in scored[:n]:
            if s.score < ratio * top.score:
                break
            stated = figures_of(s.sentence)  # quantities, not dates, addresses or list numbers
            bounded = all(states_threshold(s.sentence, b) for b in bounds)
            if count is not None:
                of_thing = [
                    x for f in stated if (x := counted(s.sentence, f)) is not None and counts(count, x)
                ]
                held = bounded and speaks_of_condition(s.sentence, count.condition)
                if of_thing and not held:  # "多少个村的村民人均收入超过一万元": not all 28 行政村
                    said = dict.fromkeys(clause_of(s.sentence, x.figure) for x in of_thing)
                    unstated = unstated or (s, "”“".join(said))
                    continue
                if not of_thing:
                    if s is top and not stated and held and counted_in_words(s.sentence, count):
                        return Chosen(top)  # "建成三座水库": quoted as it stands
                    continue
                about = [x.figure for x in of_thing]
            else:
                if not bounded:  # "超过一万元" asked: a sentence not stating it is about all of them
                    unstated = unstated or (s, "")
                    continue
                if not stated:
                    if s is top and in_words_of(self.facts.query(question).unit, s.sentence):
                        return Chosen(top)  # a quantity in words ("再延长三年"): quoted as it stands
                    continue
                about = [f for f in stated if stated_about(parsed, s.sentence, f)]
            fitting, against, named = self.fitting(question, s, about)
            if fitting:
                if count is not None:
                    kept = closest_counts(question, s.sentence, [x for x in of_thing if x.figure in fitting])
                    return Chosen(s, "、".join(dict.fromkeys(shown_as(count, x) for x in kept)))
                return Chosen(s, pick_figure(parsed.text, s.sentence, among=fitting)[0])
            conflicts += [against] if against is not None else []
            bare = bare or named
        return Chosen(
            None,
            conflict=self._closest(question, conflicts),
            bare=bare,
            unstated=unstated[0] if unstated else None,
            unstated_value=unstated[1] if unstated else "",
            count=count,
        )

    def fitting(
        self, question: str, best: Scored, about: list[Figure]
    ) -> tuple[list[Figure], Fact | None, Bare | None]:
        """The figures of the best sentence that may answer the question: those whose fact (read as
        at ingest) is of the kind, year and place asked, and those no fact reads; with the first
        conflicting fact closest to what is asked (a rate for an amount, 2023's result for 2024's
        plan; of two, the one whose indicator is the question's: 城镇登记失业率 before the
        城镇新增就业 of the same sentence); and the indicator asked when the sentence names it with
        no figure of its own, its figures being other indicators' ("进出口回稳向好" beside
        "国内生产总值增长6.5%－7%": no figure is kept)."""
        query = self.facts.query(question)
        sentence_facts = self.facts.facts_of(best.hit, best.offset)
        facts = {f.start - f.sentence_start: f for f in sentence_facts}
        if _ASKS_REACHED.search(question) or not _ASKS_START.search(question):  # not where a change began
            about = [f for f in about if not is_starting_value(best.sentence[: f.start])] or about
        # (a count is checked by what it counts: qa/counted.py)
        named = None if count_asked(question) else bare_mention(query, best, sentence_facts)
        kept, conflicts = [], []
        asked = query.indicators[0] if query.indicators else ""
        for figure in about:
            fact = facts.get(figure.start)
            if fact is not None and named is not None and not _of_asked(query, fact, best.sentence):
                continue  # another indicator's figure, beside the asked one named without one
            if fact is not None and (
                of_another_whole(asked, fact) or of_another_indicator(asked, fact, best.sentence)
            ):
                continue  # a share of another whole (企业研发活动支出占比 for 研发经费占GDP的比重), another's
            if fact is not None and self.facts.conflicting(query, fact):
                conflicts.append(fact)
            elif fact is None and not unit_agrees(query.unit, _unit_of(best.sentence, figure)):
                continue  # "多少收入" is not answered by "合作社100家"
            else:
                kept.append(figure)
        if named is not None and any(_of_asked(query, f, best.sentence) for f in sentence_facts):
            named = None  # the asked indicator has a figure here: its conflict says more
        return kept, self._closest(question, conflicts), named

    def _closest(self, question: str, conflicts: list[Fact]) -> Fact | None:
        """The conflicting fact whose indicator is most surely the question's, then of the measure
        asked (a growth asked: last year's 增长4.2% before its 6.8亿元); the first on a tie."""
        if not conflicts:
            return None
        query = self.facts.query(question)

        def score(fact: Fact) -> tuple[float, bool]:
            sure = max((indicator_score(a, fact.indicator) for a in query.indicators), default=0.0)
            return sure, measure_agrees(query.measure, fact)

        return max(conflicts, key=score)  # max keeps the first of equal scores


def in_words_of(unit: str | None, sentence: str) -> bool:
    """Whether the sentence states a quantity in words in the unit asked (any, when none is):
    "再延长三年" for 几年, not "走出一条…之路" for 国防预算 (元)."""
    measures = (_NUMERALS.sub("", m.group(0)) for m in CHINESE_QUANTITY.finditer(normalize_width(sentence)))
    return any(unit_agrees(unit, m) for m in measures)


_NUMERALS = re.compile(r"^[零一二两三四五六七八九十百千]+[万亿]?")


def pick_figure(
    question: str, sentence: str, terms: set[str] | None = None, among: list[Figure] | None = None
) -> tuple[str, str]:
    """The figure of the sentence that the question asks for: the one (of `among`, default all)
    nearest after the question's own words (or `terms`), with its unit and qualifier: ("87.7%", "")
    for 两委交叉任职比例 in "一人兼的比例达到了92%,两委成员交叉任职达到87.7%"; ("1300万人以上", "人")."""
    found = figures_in(sentence) if among is None else among
    if not found:
        return "", ""
    norm = normalize_width(sentence)
    ends = []
    for token in [*tokenize(question), *(terms or ())]:
        if len(token) < 2:
            continue
        for m in re.finditer(re.escape(token), norm):
            ends.append((m.start(), m.end()))
    if not ends:
        return as_written(sentence, found[0])

    def distance(f: Figure) -> float:
        after = [f.start - e for _, e in ends if e <= f.start]
        before = [s - f.end for s, _ in ends if s >= f.end]
        return min([*after, *(1.5 * d + 10 for d in before)] or [1e9])

    best = min(found, key=distance)
    value, unit = as_written(sentence, best)
    return starting_words(question, sentence, best.start) + value, unit


def as_written(sentence: str, figure: Figure) -> tuple[str, str]:
    """with_qualifier, and a unit of more than two characters when it reads none ("35.6平方公里")."""
    value, unit = with_qualifier(sentence, figure)
    lead = QUALIFIER_BEFORE.search(normalize_width(sentence[: figure.start]))
    if lead and not _BOUND_AFTER.search(value) and sentence[: figure.start].endswith(lead.group(1)):
        value = lead.group(1) + value  # "超过74%": a bound, as the report writes it (not "74%")
    if unit or figure.percent:
        return value, unit
    norm = normalize_width(sentence)
    read = unit_and_qualifier(norm[figure.end :], figure)
    if not read.written:
        return value, unit
    end = figure.end + len(read.written)  # "5千多户": 多 and the unit, then a qualifier after them
    after = read.qualifier if read.qualifier and norm[end:].startswith(read.qualifier) else ""
    return sentence[figure.start : end] + after, read.unit


_BOUND_AFTER = re.compile(QUALIFIER_AFTER.pattern.removeprefix("^") + "$")  # "5.5亿吨以上" says its bound


def bare_mention(query: FactQuery, sentence: Scored, facts: list[Fact]) -> Bare | None:
    """The indicator asked where it opens a clause of the sentence stating no figure, outside the
    indicator of every figure stated, and what that clause says of it ("进出口回稳向好": 回稳向好);
    None when the sentence names it only with a figure, inside another phrase ("推进保障性安居工程
    建设", "取消和下放了416项") or not at all."""
    norm = normalize_width(sentence.sentence)
    spans = []
    for f in facts:
        at = norm.find(normalize_width(f.indicator))
        if at >= 0:
            spans.append((at, at + len(f.indicator)))
    for asked in query.indicators:
        for name in sorted({asked, *aliases(core(asked))}, key=len, reverse=True):
            if len(name) < 2:
                continue
            for m in re.finditer(re.escape(normalize_width(name)), norm):
                if any(a <= m.start() and m.end() <= b for a, b in spans):
                    continue
                marks = [x.end() for x in _CLAUSE_END.finditer(norm, 0, m.start())]
                opening = norm[marks[-1] if marks else 0 : m.start()].strip()
                end = _CLAUSE_END.search(norm, m.end())
                said = sentence.sentence[m.end() : end.start() if end else len(norm)]
                if _LEADING.sub("", opening) or figures_of(said):
                    continue
                return Bare(sentence, sentence.sentence[m.start() : m.end()], said.strip("的是为 "))
    return None


def _of_asked(query: FactQuery, fact: Fact, sentence: str) -> bool:
    """Whether a fact may be of what is asked: its indicator is the one asked (facts.match
    indicator_score, or the asked one written inside it), or its clause names the question's other
    words ("新开工" of "保障性安居工程2012年新开工多少套")."""
    if any(
        indicator_score(a, fact.indicator) >= MIN_SCORE or core(a) in normalize_width(fact.indicator)
        for a in query.indicators
    ):
        return True
    norm = normalize_width(sentence)
    at = fact.start - fact.sentence_start
    marks = [x.end() for x in _CLAUSE_END.finditer(norm, 0, at)]
    end = _CLAUSE_END.search(norm, at)
    clause = norm[marks[-1] if marks else 0 : end.start() if end else len(norm)]
    return any(w in clause for w in query.context if len(w) >= 2)


def _unit_of(sentence: str, figure: Figure) -> str:
    """The base unit written after a figure ("%" for a percentage, "" when none)."""
    if figure.percent:
        return "%"
    return unit_and_qualifier(sentence[figure.end :], figure).unit
