"""The figure that answers a figure question, chosen among the closest sentences: one said of what
the question names (qa/relevance.stated_about), whose fact (read as at ingest) is of the kind,
year and place asked, in the unit asked; the value a change reaches when "提高到多少" is asked.
When none fits, why: the closest figure's fact of another kind, year or place, or figures of
something else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facts.match import indicator_score, unit_agrees
from facts.model import Fact
from facts.rules import figures_of, is_starting_value, unit_and_qualifier
from qa.fact_answers import FactAnswerer
from qa.relevance import stated_about
from qa.sentence_scoring import Scored
from retriever.query import ParsedQuestion
from text.numbers import Figure, figures_in, with_qualifier
from text.tokens import tokenize
from text.width import normalize_width

if TYPE_CHECKING:
    from qa.extractive import ExtractiveConfig

_ASKS_REACHED = re.compile(r"(到|至)(了)?(多少|几)")


@dataclass(frozen=True)
class Chosen:
    """The sentence and the figure as written ("" for a quantity in words), or, when none fits,
    the conflicting fact of the closest figure (None: its figures are of something else)."""

    sentence: Scored | None
    value: str = ""
    conflict: Fact | None = None


class FigureChooser:
    """Chooses the figure that answers a figure question (ExtractiveConfig.figure_candidates,
    figure_ratio)."""

    def __init__(self, facts: FactAnswerer, config: ExtractiveConfig) -> None:
        self.facts = facts
        self.config = config

    def choose(self, question: str, parsed: ParsedQuestion, scored: list[Scored]) -> Chosen:
        """The best of the closest sentences (config.figure_candidates within config.figure_ratio of
        the best score) that states a figure of what the question names, of the kind, year and place
        asked; else why none does."""
        c = self.config
        top = scored[0]
        conflicts: list[Fact] = []
        for s in scored[: c.figure_candidates]:
            if s.score < c.figure_ratio * top.score:
                break
            stated = figures_of(s.sentence)  # quantities, not dates, addresses or list numbers
            if not stated:
                if s is top:
                    return Chosen(top)  # a quantity in words ("再延长三年"): quoted as it stands
                continue
            about = [f for f in stated if stated_about(parsed, s.sentence, f)]
            fitting, against = self.fitting(question, s, about)
            if fitting:
                return Chosen(s, pick_figure(parsed.text, s.sentence, among=fitting)[0])
            conflicts += [against] if against is not None else []
        return Chosen(None, conflict=self._closest(question, conflicts))

    def fitting(self, question: str, best: Scored, about: list[Figure]) -> tuple[list[Figure], Fact | None]:
        """The figures of the best sentence that may answer the question: those whose fact (read as
        at ingest) is of the kind, year and place asked, and those no fact reads; with the first
        conflicting fact closest to what is asked (a rate for an amount, 2023's result for 2024's
        plan; of two, the one whose indicator is the question's: 城镇登记失业率 before the
        城镇新增就业 of the same sentence)."""
        query = self.facts.query(question)
        facts = {f.start - f.sentence_start: f for f in self.facts.facts_of(best.hit, best.offset)}
        if _ASKS_REACHED.search(question):  # "提高到多少": not the value it started from
            about = [f for f in about if not is_starting_value(best.sentence[: f.start])] or about
        kept, conflicts = [], []
        for figure in about:
            fact = facts.get(figure.start)
            if fact is not None and self.facts.conflicting(query, fact):
                conflicts.append(fact)
            elif fact is None and not unit_agrees(query.unit, _unit_of(best.sentence, figure)):
                continue  # "多少收入" is not answered by "合作社100家"
            else:
                kept.append(figure)
        return kept, self._closest(question, conflicts)

    def _closest(self, question: str, conflicts: list[Fact]) -> Fact | None:
        """The conflicting fact whose indicator is most surely the question's; the first on a tie."""
        if not conflicts:
            return None
        asked = self.facts.query(question).indicators

        def score(fact: Fact) -> float:
            return max((indicator_score(a, fact.indicator) for a in asked), default=0.0)

        return max(conflicts, key=score)  # max keeps the first of equal scores


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
        return with_qualifier(sentence, found[0])

    def distance(f: Figure) -> float:
        after = [f.start - e for _, e in ends if e <= f.start]
        before = [s - f.end for s, _ in ends if s >= f.end]
        return min([*after, *(1.5 * d + 10 for d in before)] or [1e9])

    return with_qualifier(sentence, min(found, key=distance))


def _unit_of(sentence: str, figure: Figure) -> str:
    """The base unit written after a figure ("%" for a percentage, "" when none)."""
    if figure.percent:
        return "%"
    return unit_and_qualifier(sentence[figure.end :], figure).unit
