"""Whether a figure a model wrote says what its cited source says (qa/grounding.py runs these on
every sentence): the value stands in the source (by value, Chinese numerals as figures, an end of
a stated range, or a rounded value said as approximate), and the source's fact of that value is of
the indicator, kind, year and place the sentence says (facts/)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import cn2an

from core.types import Hit
from facts.extract import facts_of_chunk, facts_of_sentence
from facts.match import MIN_SCORE, indicator_score
from facts.model import ACTUAL, PLAN, SHARE, Fact
from facts.periods import report_place, same_place
from facts.rules import Context
from store.records import DocumentRecord
from text.numbers import Figure, figures
from text.tokens import tokenize
from text.width import normalize_width

_APPROX = re.compile(r"(约|大约|近|接近|超过|逾|左右|上下)")
_PLAN_WORDS = re.compile(r"目标|计划|预期|预计|力争|拟|安排")
_ACTUAL_WORDS = re.compile(r"实际|完成了|实现了|达到了|已经")


@dataclass(frozen=True)
class Source:
    """One source given to the model as the check reads it: header and text, numerals as figures,
    and the facts its text states."""

    hit: Hit
    text: str  # header line + chunk text, Chinese numerals written as figures
    facts: tuple[Fact, ...]
    context: Context


def as_figures(text: str) -> str:
    """Chinese numerals written as figures (cn2an): 百分之八十七点七 -> 87.7%, 三年 -> 3年; the text
    as it was where cn2an cannot read it."""
    with warnings.catch_warnings():  # cn2an warns on what it leaves as it is ("十三五", "千万")
        warnings.simplefilter("ignore")
        try:
            return str(cn2an.transform(normalize_width(text), "cn2an"))
        except Exception:  # and raises on some: keep the text
            return normalize_width(text)


def sources_of(hits: list[Hit], documents: dict[str, DocumentRecord]) -> list[Source]:
    """The hits as the check reads them."""
    out = []
    for hit in hits:
        record = documents.get(hit.chunk.doc_id)
        meta = record.meta if record else None
        header = " ".join(
            str(x) for x in (meta.title if meta else "", f"{meta.year}年" if meta and meta.year else "")
        )
        header += " " + " ".join(hit.chunk.section_path)
        place = (meta.place or report_place(meta)) if meta else ""
        facts = tuple(facts_of_chunk(hit.chunk, meta, place)) if meta else ()
        ctx = Context(
            hit.chunk.doc_id, hit.chunk.id, meta.year if meta else None, place, hit.chunk.section_path
        )
        out.append(Source(hit, as_figures(header + "\n" + hit.chunk.text), facts, ctx))
    return out


def stands_in(f: Figure, claim: str, cited: list[Source]) -> bool:
    """A figure of the claim stands in a cited source: the same value, an end of a stated range,
    or, said as approximate (约88%), the stated value rounded as written."""
    for source in cited:
        for s in figures(source.text):
            if f.same_value(s) or (
                f.low == f.high and s.low != s.high and f.percent == s.percent and f.low in (s.low, s.high)
            ):
                return True
            if _APPROX.search(claim) and f.percent == s.percent and _rounds_to(s.low, f.text):
                return True
    return False


def _rounds_to(value: float, written: str) -> bool:
    """ "88%" is 87.7 rounded as written (no decimals); "4.2万亿" is 4.19万亿 rounded to one."""
    m = re.search(r"\d+(?:\.(\d+))?", written)
    if not m:
        return False
    decimals = len(m.group(1) or "")
    scale = next((v for w, v in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)) if w in written), 1.0)
    shown = float(m.group(0))
    return round(value / scale, decimals) == shown and value != shown * scale


def said_of_something_else(claim: str, cited: list[Source]) -> str:
    """Why a figure of the claim does not say what the sources' figure of that value says ("" when
    it does): another indicator, kind, year or place."""
    ctx = cited[0].context
    row = re.sub(r"\s*\|\s*", "，", claim).strip("，")  # a table row read as a sentence
    said = facts_of_sentence(as_figures(row), 0, ctx)
    for fact in said:
        same = [s for src in cited for s in src.facts if _same_value(s, fact)]
        if not same:
            continue  # a figure no fact reads (a count in a list): its value check is enough
        reasons = [_disagreement(claim, fact, s, ctx.place) for s in same]
        if all(reasons):
            return reasons[0]
    return ""


def _same_value(a: Fact, b: Fact) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) and (a.unit == "%") == (b.unit == "%")


def _disagreement(claim: str, said: Fact, stated: Fact, context_place: str) -> str:
    """ "" when a figure of the claim says what the source's says, else what differs (a place is
    compared when the claim names one: `said.place` is then not the source's `context_place`)."""
    text = normalize_width(claim)
    if _names_another(said.indicator, stated.indicator, text):
        return f"原文中{stated.text}说的是{stated.indicator}，不是{said.indicator}"
    rate_named = said.indicator.endswith(("率", "比重", "比例", "占比"))
    if (said.measure == SHARE or rate_named) and stated.measure != SHARE and stated.unit != "%":
        return f"原文中{stated.text}是{stated.indicator}的数额，不是比率"
    if said.place != context_place and not same_place(said.place, stated.place):
        return f"原文中{stated.text}是{stated.place or '另一地区'}的数字"
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text)]
    if years and stated.period is not None:
        lo, hi = stated.period
        if not any(lo <= y <= hi or y == hi + 1 for y in years):  # (the report of the year after)
            return f"原文中{stated.text}说的是{stated.period_label()}"
    if _PLAN_WORDS.search(text) and not _ACTUAL_WORDS.search(text) and stated.basis == ACTUAL:
        return f"原文中{stated.text}是实际数，不是目标"
    if _ACTUAL_WORDS.search(text) and not _PLAN_WORDS.search(text) and stated.basis == PLAN:
        return f"原文中{stated.text}是目标，不是实际数"
    return ""


_GENERIC = re.compile(
    r"^(比例|比重|比率|数量|数字|规模|总额|总量|金额|人数|标准|水平|增速|增长|目标|数额|总数)$"
)


def _names_another(said: str, stated: str, claim: str) -> bool:
    """Whether the claim tells a figure of another indicator than the source: a specific name of
    its own ("月工资") sharing no word with the source's ("城乡居民基础养老金最低标准"), and the
    source's name nowhere in the claim. A generic one ("比例为87.7%") takes the source's."""
    if not said or not stated or _GENERIC.match(said) or indicator_score(said, stated) >= MIN_SCORE:
        return False
    words = [w for w in tokenize(stated) if len(w) >= 2]
    mine = [w for w in tokenize(said) if len(w) >= 2]
    return not any(w in claim for w in words) and not any(w in stated for w in mine)
