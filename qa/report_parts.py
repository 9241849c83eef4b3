"""The parts of a whole report a summary names: 主要成绩, 主要目标, 主要任务.

A report's top-level parts are read by the kind their headings name: a review (回顾, 过去一年,
工作开展情况, 成效…), the problems (存在的问题…), a plan (任务, 建议, 计划, 部署, 重点工作…). In a
report whose headings name neither a review nor a plan, a part is what most of its sentences say:
what was done (了, 已, 完成…) or what is to be done (要, 必须, 拟…). A part still unknown goes on
with the plan once one has begun (the 2015 report's 三、把改革开放扎实推向纵深), else it is work
reported (a 情况汇报's 一、…八、). The results are the review's sentences, not those on what is to be
done nor those naming a shortcoming. The targets are the paragraph of the plan that declares them
(目标, 预期, 指标) and states at least two planned figures of the report's own year (facts/), not a
five-year plan's; the tasks are the headings of the plan's parts (their sub-headings when there are
few enough), the overall-requirements part left out. A part a report lacks is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.types import Chunk
from facts.model import PLAN, Fact
from qa.sections import Section
from qa.sentence_kinds import states_problem
from qa.summary_sentences import ReportSentence

REVIEW, PROBLEMS, PLAN_PART = "review", "problems", "plan"
_REVIEW = re.compile(r"回顾|过去.{0,2}年|[一二两三四五六七八九十几]年来|总结|成绩|成效|成就|进展|情况|做法")
_PROBLEMS = re.compile(r"问题|不足|困难|差距")
_PLAN = re.compile(r"任务|建议|部署|计划|打算|安排|重点工作|要求|取向|思路|目标|举措|展望|下一步|今后")
_OVERALL = re.compile(r"总体要求|总体部署|总体思路|总体安排|政策取向|指导思想")
_TARGET_WORD = re.compile(r"目标|预期|指标")
# What a sentence says was done, or is to be done (要 not of 主要, 重要, 要求…).
_DONE = re.compile(r"了(?!解)|已经?|完成|达到|取得|去年|上年|过去|以来")
_TO_DO = re.compile(
    r"(?<![主重需只首纲概必])要(?![求素点闻害件])|必须|应当|拟|力争|确保|今年|明年|下一步|今后"
)
LEANING = 2 / 3  # the share of a part's sentences of one kind that makes it a review or a plan
MAX_TASKS = 12  # more sub-headings than this: the plan's part headings instead


@dataclass
class ReportParts:
    """What a whole-report summary draws on; empty lists for what the report lacks."""

    review: list[ReportSentence] = field(default_factory=list)
    targets: list[ReportSentence] = field(default_factory=list)  # target sentences, best first
    tasks: list[ReportSentence] = field(default_factory=list)  # task headings, in order


def _named(heading: str) -> str:
    if _REVIEW.search(heading):
        return REVIEW
    if _PROBLEMS.search(heading):
        return PROBLEMS
    return PLAN_PART if _PLAN.search(heading) else ""


def leaning(sentences: list[ReportSentence]) -> str:
    """REVIEW when at least LEANING of a part's sentences that say either (and three or more) say
    what was done (了, 已, 完成, 去年…), PLAN_PART when as many say what is to be done (要, 必须, 拟,
    力争, 今年…), else ""."""
    votes = [vote for vote in map(_says, sentences) if vote]
    for kind in (REVIEW, PLAN_PART):
        if len(votes) >= 3 and votes.count(kind) >= LEANING * len(votes):
            return kind
    return ""


def _a_result(s: ReportSentence) -> bool:
    """A review's sentence that may tell its results: not one on what is to be done ("今年…要…"),
    nor one naming a shortcoming with no figure."""
    return _says(s) != PLAN_PART and not (states_problem(s.text) and not s.facts)


def _says(s: ReportSentence) -> str:
    """REVIEW for a sentence saying only what was done, PLAN_PART for one saying only what is to be
    done, else ""."""
    done, planned = bool(_DONE.search(s.text)), bool(_TO_DO.search(s.text))
    return "" if done == planned else REVIEW if done else PLAN_PART


def part_kinds(headings: list[str], leanings: list[str] | None = None) -> list[str]:
    """The kind of each top-level part (REVIEW, PROBLEMS, PLAN_PART). By the kind its heading names;
    in a report whose headings name neither a review nor a plan, by what its sentences say
    (`leanings`, from `leaning`). A part still unknown goes on with the plan once a plan has begun
    (or a review named by its heading: a review is followed by the plan), else it is work reported."""
    named = [_named(h) for h in headings]
    by_heading = any(k in (REVIEW, PLAN_PART) for k in named)
    if not by_heading:
        named = [k or lean for k, lean in zip(named, leanings or [""] * len(named), strict=True)]
    out, begun = [], False
    for kind in named:
        begun = begun or kind == PLAN_PART or (by_heading and kind == REVIEW)
        out.append(kind or (PLAN_PART if begun else REVIEW))
    return out


def report_parts(
    sentences: list[ReportSentence], sections: list[Section], chunks: list[Chunk], text: str, year: int | None
) -> ReportParts:
    """The review's sentences that may tell its results, the target sentences (best first) and the
    task headings of a report, from its sentences, its outline, its chunks and its cleaned text;
    `year` is the report's own. With no part a review, the text before the first heading is the
    review when it says what was done (a report that reports its year before its numbered tasks)."""
    top = [s.path for s in sections if s.level == 1]
    by_part: dict[tuple[str, ...], list[ReportSentence]] = {}
    for s in sentences:
        by_part.setdefault(s.path[:1], []).append(s)
    leanings = [leaning(by_part.get(p, [])) for p in top]
    kinds = dict(zip(top, part_kinds([p[0] for p in top], leanings), strict=True))
    if REVIEW not in kinds.values() and leaning(by_part.get((), [])) == REVIEW:
        kinds[()] = REVIEW
    review = [s for s in sentences if kinds.get(s.path[:1]) == REVIEW and _a_result(s)]
    plan = [s for s in sentences if kinds.get(s.path[:1]) == PLAN_PART]
    tasks = [t for t in (_heading(s, chunks, text) for s in _task_sections(sections, kinds)) if t]
    return ReportParts(review, target_sentences(plan, year), tasks)


def _plan_facts(s: ReportSentence, year: int | None) -> set[str]:
    """The indicators of the sentence's planned figures for the report's year (any year unknown)."""
    return {f.indicator for f in s.facts if f.basis == PLAN and _of_year(f, year)}


def _of_year(f: Fact, year: int | None) -> bool:
    return year is None or f.period_from is None or f.period_from <= year <= (f.period_to or year)


def target_sentences(plan: list[ReportSentence], year: int | None) -> list[ReportSentence]:
    """The sentences stating the report's targets, best first: those of the paragraph that declares
    targets (目标/预期/指标) with the most planned indicators of the year (at least two), then the
    other sentences of its section stating two or more ([] when no paragraph declares targets)."""
    paragraphs: dict[int, list[ReportSentence]] = {}
    for s in plan:
        paragraphs.setdefault(s.paragraph, []).append(s)

    def indicators(group: list[ReportSentence]) -> int:
        return len(set().union(*(_plan_facts(s, year) for s in group)))

    declared = [g for g in paragraphs.values() if any(_TARGET_WORD.search(s.text) for s in g)]
    declared = [g for g in declared if indicators(g) >= 2]
    if not declared:
        return []
    main = max(declared, key=indicators)
    first = sorted((s for s in main if _plan_facts(s, year)), key=lambda s: -len(_plan_facts(s, year)))
    in_main = {s.start for s in main}
    rest = [
        s
        for s in plan
        if s.path == main[0].path and s.start not in in_main and len(_plan_facts(s, year)) >= 2
    ]
    return first + sorted(rest, key=lambda s: -len(_plan_facts(s, year)))


def _task_sections(sections: list[Section], kinds: dict[tuple[str, ...], str]) -> list[Section]:
    """The plan's parts but its overall requirements; their sub-sections instead (those not naming a
    review or problems) when MAX_TASKS or fewer."""
    plans = [
        s
        for s in sections
        if s.level == 1 and kinds.get(s.path) == PLAN_PART and not _OVERALL.search(s.heading)
    ]
    items: list[Section] = []
    for part in plans:
        children = [
            s
            for s in sections
            if s.level == 2 and s.path[:1] == part.path and _named(s.heading) not in (REVIEW, PROBLEMS)
        ]
        items += children or [part]
    return items if len(items) <= MAX_TASKS else plans


def _heading(section: Section, chunks: list[Chunk], text: str) -> ReportSentence | None:
    """A section's heading as a quotable line, where it stands in the text (None when not found)."""
    for chunk in chunks:
        if chunk.section_path[: section.level] == section.path:
            offset = chunk.text.find(section.heading)
            if offset < 0:
                return None
            start = chunk.char_start + offset
            return ReportSentence(chunk, section.heading, offset, start, text.rfind("\n", 0, start) + 1)
    return None
