"""Facts read off a report's sentences and table rows (facts/model.py).

A sentence is read clause by clause (，；：). In each clause a figure's indicator is the phrase before
it once the linking words are cut off ("全县地区生产总值达到" -> 地区生产总值); a clause with no phrase of
its own ("增长5.8%") speaks of the clause before it. What the figure measures comes from the words
next to it and its unit, whether it is a plan from the plan words said before it in the sentence or
else from the part of the report it stands in, and the period from a year it names, from 今年 / 去年 /
过去五年 read against the report's year, or else from the part (a review part describes the year
before the report). Each rule is a small function over the word lists of facts/lexicon.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import replace
from functools import partial
from pathlib import Path

from core.parallel import ordered_map
from core.types import Chunk, ReportMeta
from facts import lexicon as lx
from facts.model import ACTUAL, INCREASE, LEVEL, Fact
from facts.periods import place_of
from facts.rows import TABLE_ROW, facts_of_row
from facts.rules import (
    Context,
    Unit,
    basis_of,
    clauses,
    ends_in_verb,
    figures_of,
    indicator_of,
    is_starting_value,
    measure_of,
    named_period,
    noun_after,
    period_of,
    shared_head,
    time_right_before,
    unit_and_qualifier,
    without_attached_times,
)
from facts.units import per_unit, without_spans
from text.numbers import Figure
from text.sentences import sentence_spans
from text.tokens import warm as warm_tokenizer
from text.width import normalize_width


def _source_hash() -> str:
    """The extractor's version: a hash of the source of facts/ (rules and word lists alike) and of
    text/ (sentences, numbers, widths), so stored facts are re-derived whenever the way they are
    read changes."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted([*root.glob("*.py"), *root.glob("*.txt"), *(root.parent / "text").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = _source_hash()
_TO = re.compile(r"(增加|提高|提升|上升|下降|降低|减少|扩大|增长)?到\s*$")


def facts_of_sentence(sentence: str, start: int, ctx: Context) -> list[Fact]:
    """The facts one sentence states; `start` is its offset in the report's cleaned text."""
    row = TABLE_ROW.match(sentence)
    if row and ("，" in row.group("rest") or re.search(r"\s[\d.]", row.group("rest"))):
        found = facts_of_row(sentence, start, ctx, row)
        if found:
            return found
    out: list[Fact] = []
    carried = ""
    in_plan = False
    for offset, clause in clauses(sentence):
        seen = 0
        figures, per = per_unit(clause, figures_of(clause))
        for f in figures:
            prefix = without_spans(clause, seen, f.start, per)
            before = sentence[: offset + f.start]
            said = lx.NOT_PLANS.sub("", normalize_width(before))
            in_plan = in_plan or any(w in said for w in lx.PLAN_WORDS)
            unit = unit_and_qualifier(clause[f.end :], f)
            seen = (
                f.end
                + len(unit.written)
                + len(
                    unit.qualifier if clause[f.end + len(unit.written) :].startswith(unit.qualifier) else ""
                )
            )
            # a figure opening its clause with no linking word names something new ("13亿多人口")
            indicator = indicator_of(prefix)
            counted = noun_after(clause[seen:])
            # a clause that names nothing before its figure ("…女党员的比例也进一步提高,已达到25%":
            # 已 is no indicator) continues the subject of the clause before it
            if (
                not indicator
                or indicator.startswith(lx.GENERIC_SUBJECTS)
                or (len(indicator) < 2 and not counted)
            ):
                indicator = carried if prefix.strip(" ，,") else ""
            if counted and (len(indicator) < 2 or ends_in_verb(indicator)):
                indicator = counted  # "国务院已取消1195个行政审批事项", "辖12个行政村": what is counted
            if not indicator:
                continue
            # a year written right before the figure is its own ("从2009年的2.8%"): not shifted
            period = time_right_before(before, ctx.year) or _averaged(
                _span_end(period_of(before, ctx), prefix), clause[: f.start], before
            )
            fact = _fact(sentence, start, ctx, offset, f, unit, prefix, before, indicator, in_plan, period)
            if is_starting_value(prefix):
                # where a change starts: a level reached (a rate's starting value is a rate still)
                fact = replace(fact, basis=ACTUAL, measure=fact.measure if fact.unit == "%" else LEVEL)
            if out and lx.JOINING.fullmatch(prefix.strip()) and out[-1].indicator == indicator:
                fact = replace(fact, measure=out[-1].measure)  # "增长4.7%和5.7%": the same measure
            out.append(fact)
            carried = indicator
        if not figures:
            named = _TRAILING_ADVERBS.sub(
                "", _HOW_IT_WENT.sub("", indicator_of(clause.rstrip("，,；;：:。")))
            )
            if len(named) >= 2 and not named.startswith(lx.GENERIC_SUBJECTS):
                carried = named
    return _each_its_own(out, sentence)


def _each_its_own(facts: list[Fact], sentence: str) -> list[Fact]:
    """ "农村居民人均纯收入和城镇居民人均可支配收入分别达到2253元和6280元": with 分别, the figures of
    one joined indicator go to its parts in order (per measure: "分别增长4.7%和5.7%" too)."""
    if "分别" not in normalize_width(sentence):
        return facts
    out = list(facts)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(facts):
        groups.setdefault((f.indicator, f.measure), []).append(i)
    for (indicator, _), where in groups.items():
        parts = shared_head([p for p in lx.JOINING.split(indicator) if len(p) >= 2])
        if len(parts) >= 2 and len(parts) == len(where):
            for i, part in zip(where, parts, strict=True):
                out[i] = replace(facts[i], indicator=part)
    return out


# what a figureless clause says of its subject ("粮食产量屡创历史新高，去年达到54641万吨": the
# figure is 粮食产量's), cut off before the subject is carried to the next clause's figure
_HOW_IT_WENT = re.compile(
    r"(?:屡|再|连|又|频)?创(?:历史|历年)?(?:新高|新低|最好水平|最高水平)$"
    r"|(?:稳定|稳步|较快|平稳|快速|持续|大幅|明显)(?:增长|提高|上升|下降|改善|回升)$"
)
# "女党员的比例也进一步(提高)": the adverbs left once the verb is cut are not the indicator's
_TRAILING_ADVERBS = re.compile(r"(?:也|还|都|均|已经?|又|更|进一步|不断|明显|大幅|稳步|持续|逐步)+$")
# a verb of change before what it changes: the figure after them is the change ("再减少农村贫困人口
# 1000万以上", "增加中央预算内投资500亿元")
_CHANGED_FIRST = re.compile(r"(?:减少|增加)")
_AVERAGE = re.compile(r"年均|平均每年|每年平均|年平均")
_SINCE = re.compile(r"比\s*((?:19|20)\d{2})\s*年")


def _averaged(period: tuple[int, int] | None, clause: str, before: str) -> tuple[int, int] | None:
    """ "2000年…平均每年增长8.3%" is a yearly average over the years up to 2000, not 2000's growth:
    the years since the one it is compared with ("比2002年…年均增长10.6%": 2003—2007), else the
    five years a plan spans. A change from a year before the last ("2007年…比2002年增长65.5%") is
    the change over the years since it, not 2007's."""
    if period is None or period[0] != period[1]:
        return period
    if not _AVERAGE.search(normalize_width(clause)):
        since = _SINCE.search(normalize_width(clause))
        start = int(since.group(1)) + 1 if since else period[1]
        return (start, period[1]) if start < period[1] else period
    since = _SINCE.search(normalize_width(before))
    start = int(since.group(1)) + 1 if since else period[1] - 4
    return (start, period[1]) if start < period[1] else period


def _span_end(period: tuple[int, int] | None, prefix: str) -> tuple[int, int] | None:
    """In "过去五年…从54万亿元增加到82.7万亿元" the first figure is the level before the span and
    the second the level at its end; in "今年…由320元提高到380元" the first is last year's."""
    if period is None:
        return period
    if is_starting_value(prefix):  # "由每人每年320元提高到380元": 320元 is the year before's
        return period[0] - 1, period[0] - 1
    if period[0] == period[1]:
        return period
    if _TO.search(normalize_width(prefix)):
        return period[1], period[1]
    return period


def _fact(
    sentence: str,
    start: int,
    ctx: Context,
    offset: int,
    f: Figure,
    unit: Unit,
    prefix: str,
    before: str,
    indicator: str,
    in_plan: bool,
    period: tuple[int, int] | None,
) -> Fact:
    lead = lx.QUALIFIER_BEFORE.search(normalize_width(prefix))
    qualifier = unit.qualifier or (lead.group(1) if lead else "")
    figure_start = offset + f.start
    written_end = offset + f.end + len(unit.written)
    after_unit = sentence[written_end : written_end + len(unit.qualifier)]
    text = sentence[figure_start:written_end] + (unit.qualifier if after_unit == unit.qualifier else "")
    lead_text = lead.group(1) if lead and not unit.qualifier else ""
    if lead_text and sentence[figure_start - len(lead_text) : figure_start] == lead_text:
        text = lead_text + text  # "超过50%": the figure is a bound, as written
    measure = measure_of(prefix, indicator, unit.unit)
    changed = _CHANGED_FIRST.match(indicator)  # "减少农村贫困人口1000万": the change of 农村贫困人口
    if changed and measure == LEVEL and unit.unit != "%" and len(indicator) - changed.end() >= 2:
        indicator, measure = indicator[changed.end() :], INCREASE
    return Fact(
        doc_id=ctx.doc_id,
        chunk_id=ctx.chunk_id,
        indicator=indicator,
        measure=measure,
        basis=basis_of(normalize_width(before), in_plan, ctx, period),
        value=f.low * unit.scale,
        high=f.high * unit.scale,
        unit=unit.unit,
        text=text,
        qualifier=qualifier,
        period_from=period[0] if period else None,
        period_to=period[1] if period else None,
        place=place_of(before, ctx.place),
        section=" > ".join(ctx.section),
        sentence=sentence,
        sentence_start=start,
        start=start + figure_start,
        end=start + written_end,
    )


def facts_of_chunk(chunk: Chunk, meta: ReportMeta, place: str) -> list[Fact]:
    """The facts of a chunk's sentences (offsets into the report's cleaned text)."""
    ctx = Context(chunk.doc_id, chunk.id, meta.year, place, chunk.section_path)
    out = []
    paragraph, said = 0, None
    for offset, sentence in sentence_spans(chunk.text):
        here = chunk.text.count("\n", 0, offset)
        if here != paragraph:  # a new paragraph: what the last one said of its time is over
            paragraph, said = here, None
        out += facts_of_sentence(sentence, chunk.char_start + offset, replace(ctx, said_period=said))
        # (a year written right before a figure is that figure's, not the paragraph's time)
        said = named_period(without_attached_times(sentence), meta.year) or said
    return out


def warm_workers() -> None:
    """Load what a worker process reading a large report's facts and keyword tokens needs (this
    module, by being imported; the tokenizer's dictionaries) before its first task."""
    warm_tokenizer()


def facts_of_chunks(chunks: list[Chunk], meta: ReportMeta, place: str) -> list[Fact]:
    """The facts of some chunks' sentences, chunk after chunk (repeats kept: see facts_of_report)."""
    return [fact for chunk in chunks for fact in facts_of_chunk(chunk, meta, place)]


def facts_of_report(
    chunks: Sequence[Chunk], meta: ReportMeta, pool: Executor | None = None
) -> Iterator[Fact]:
    """Every fact a report states, once (chunks repeat a sentence where they overlap), as they are
    read: a 50 MB report's facts are never all held at once. With a pool, the chunks are read in
    its workers (core/parallel.py), the facts coming in the same order."""
    seen: set[int] = set()
    for fact in ordered_map(partial(facts_of_chunks, meta=meta, place=meta.place or ""), chunks, pool):
        if fact.start not in seen:
            seen.add(fact.start)
            yield fact
