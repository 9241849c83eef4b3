"""Units: which count or measure alike (one figure's values over the years), and what a figure is
counted per ("每50公斤"), which is no fact of its own, in a report's sentence or a question."""

from __future__ import annotations

import re

from facts import lexicon as lx
from facts.rules import unit_and_qualifier
from text.numbers import Figure
from text.width import normalize_width


def units_alike(a: str, b: str) -> bool:
    """Whether two facts' base units count or measure the same way, so that their values are one
    figure's: equal, of one group (人/名/位, 吨/斤, 亩/公顷…), or a count by 个 beside a count by a
    particular classifier ("取消1195个行政审批事项" and "取消311项行政审批事项")."""
    if a == b:
        return True
    if b in SAME_UNITS.get(a, ()):
        return True
    return "个" in (a, b) and {a, b} <= _COUNT_CLASSIFIERS


# classifiers of things counted one by one, any of which 个 may stand for
_COUNT_CLASSIFIERS = frozenset("个项件家所座条户套张处")


# the units of one kind, by the unit a question asks for
SAME_UNITS = {
    "亩": ("亩", "公顷", "平方公里", "平方米"),
    "元": ("元", "美元"),
    "人": ("人", "名", "位"),
    "名": ("人", "名", "位"),
    "位": ("人", "名", "位"),
    "家": ("家", "户"),  # enterprises: "多少家企业" and "平均每天新增1.5万户"
    "户": ("家", "户"),
    "吨": ("吨", "公斤", "斤"),  # a weight: 粮食产量 in 斤 (the 2014 report's 1.2万亿斤)
    "公斤": ("吨", "公斤", "斤"),
    "斤": ("吨", "公斤", "斤"),
}


def per_unit(clause: str, figures: list[Figure]) -> tuple[list[Figure], list[tuple[int, int]]]:
    """The figures of a clause that are facts, and the spans of those that are only what a fact
    is counted per ("粳稻每50公斤提高10元", "每100元"): a figure right after 每 is no fact."""
    facts, spans = [], []
    for f in figures:
        if normalize_width(clause[: f.start]).rstrip().endswith("每"):
            start = clause.rindex("每", 0, f.start)
            spans.append(
                (start, _word_end(clause, start, f.end + len(unit_and_qualifier(clause[f.end :], f).written)))
            )
        else:
            facts.append(f)
    return facts, spans


def _word_end(text: str, start: int, end: int) -> int:
    """`end`, moved to the end of the word it falls inside (jieba's words of text[start:]): "每10万人口"
    ends after 人口, not after the unit 万人."""
    import jieba

    at = start
    for word in jieba.lcut(text[start:]):
        at += len(word)
        if at >= end:
            return at
    return end


def without_spans(clause: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """clause[start:end] without the spans in it (a fact's indicator read without its 每50公斤)."""
    text = clause[start:end]
    for a, b in sorted(spans, reverse=True):
        if start <= a and b <= end:
            text = text[: a - start] + text[b - start :]
    return text


def without_per_unit(text: str) -> str:
    """The text without what a figure is counted per ("粳稻每50公斤提高多少": 粳稻), as the facts
    are read (facts.extract: a figure right after 每 is no fact)."""
    out, at = [], 0
    for m in re.finditer(r"每\s*\d+(?:\.\d+)?", text):
        unit = lx.UNIT.match(text[m.end() :])
        out.append(text[at : m.start()] + " ")
        at = m.end() + (len(unit.group(0)) if unit else 0)
    return "".join(out) + text[at:]
