"""Figures in report text: found, read as values, and compared across widths and units.

"87.7%", "８７．７％", "2.81万", "6.5%-7%", "1300万人以上" are figures; the grounding check asks
whether every figure of an answer stands in its cited text, value for value (2.81万 = 28100).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text.width import IDEOGRAPHS, normalize_width

UNIT_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
# A number, an optional range to a second number, an optional Chinese scale and an optional %. The
# scale may be two words ("3千万" is 30 million), and a 多 or 余 before its last word is part of the
# figure: "6800多万" and "1千多万" are that many 万 and more, not 6800 or 1000. 千 before 米, 瓦 or
# 克 is part of a unit (千米, 千瓦时), not a scale.
_SMALL_SCALE = (
    r"(?P<{0}>千(?![米瓦克])|百(?=[多余]?[万亿]))?(?:(?P<{1}>[多余])(?=万|亿))?(?P<{2}>万亿|亿|万)?"
)
NUMBER = re.compile(
    r"(?<![\d.])(?P<a>\d+(?:,\d{3})*(?:\.\d+)?)(?P<apct>%)?"
    r"(?:\s*(?P<dash>[-~～〜—–至到])\s*(?P<b>\d+(?:,\d{3})*(?:\.\d+)?))?"
    + _SMALL_SCALE.format("s1", "more", "s2")
    + r"(?P<pct>%)?"
)
# What a figure with a scale goes on with, of a smaller scale: "2万5千" (25,000), "1亿3千多万"
# (130 million and more), "1万6千多户".
_GOES_ON = re.compile(r"\d+" + _SMALL_SCALE.format("s1", "more", "s2"))
# A quantity in Chinese numerals with its measure word: 三年, 两三年, 一百二十座, 五成, 成熟一家 ("一些",
# "一是", "十三五" name no quantity: they have no measure word after the numeral; "过去一年",
# "近两年", "三年来" name a time, not how long). The one list of measure words: what "is there a
# figure here" means everywhere (states_quantity).
CHINESE_QUANTITY = re.compile(
    r"(?<!过去)(?<![近这上前])[零一二两三四五六七八九十百千]+[万亿]?年(?!来|以来)"
    r"|[零一二两三四五六七八九十百千]+[万亿]?(?:个|项|次|倍|岁|人|名|户|家|所|座|条|件|元|吨|天|周|批|成|公里|公顷|亩)"
)
_YEAR = re.compile(r"^(19|20)\d{2}(\s*[-~～〜—–至到]\s*(19|20)\d{2})?$")  # 2016, 2013—2017
_DIGIT = re.compile(r"\d")  # any width: Python's \d matches ０-９ too
QUALIFIER = re.compile(r"^(左右|以上|以下|以内|上下|多|余|内)")
# A telephone number (0371-12345678, a mobile number, a 12xxx hotline): digits, not a quantity.
PHONE = re.compile(r"(?<![\d-])(0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|12\d{3})(?![\d-])")
_UNIT_WORD = re.compile(f"^([{IDEOGRAPHS}]{{1,2}}?)(?=左右|以上|以下|以内|[，。；、,;）)]|$)")


@dataclass(frozen=True)
class Figure:
    """One figure as written (`text`, offsets into the normalised text) and as values."""

    text: str
    start: int
    end: int
    low: float
    high: float
    percent: bool

    def same_value(self, other: Figure) -> bool:
        return self.percent == other.percent and _close(self.low, other.low) and _close(self.high, other.high)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _scale(m: re.Match[str]) -> float:
    """The multiplier of a match's scale words: 千 1e3, 万 1e4, 千万 1e7, 亿 1e8…"""
    return UNIT_SCALE.get(m.group("s1") or "", 1.0) * UNIT_SCALE.get(m.group("s2") or "", 1.0)


def _value(digits: str, scale: float) -> float:
    return float(digits.replace(",", "")) * scale


def figures(text: str) -> list[Figure]:
    """Every figure of `text` (any width), in order. Years (2016年) are figures too. A figure written
    with two scales ("2万5千", "1亿3千多万") is one figure of their sum."""
    norm = normalize_width(text)
    out: list[Figure] = []
    for m in NUMBER.finditer(norm):
        if out and m.start() < out[-1].end:
            continue  # the rest of a figure of two scales ("5千" of "2万5千")
        percent = bool(m.group("pct") or m.group("apct"))
        scale = _scale(m)
        low = _value(m.group("a"), scale)
        high = _value(m.group("b"), scale) if m.group("b") else low
        end = m.end()
        while not percent and not m.group("b") and (more := _GOES_ON.match(norm, end)):
            part = _scale(more)
            if not 100 <= part < scale or (more.group("more") and not more.group("s2")):
                break
            low = high = low + _value(more.group(0).rstrip("千百万亿多余"), part)
            scale, end = part, more.end()
        out.append(Figure(norm[m.start() : end], m.start(), end, low, high, percent))
    return out


def figures_in(text: str) -> list[Figure]:
    """The figures of `text` other than bare years ("2016年" is a date, not a figure stated)."""
    return [f for f in figures(text) if not (_YEAR.match(f.text) and text[f.end : f.end + 1] == "年")]


def states_quantity(text: str, years: bool = False, words_only: bool = False) -> bool:
    """Whether `text` states a quantity: a figure (a bare year too when `years`), or Chinese numerals
    with a measure word ("将…优惠政策再延长三年", "成熟一家，批准一家"); with `words_only`, only
    the latter. The one test of "is there a figure here" that retrieval boosts and answers share."""
    if years:  # any digit is a figure then: no need to read the figures (the retriever's hot path)
        return bool(_DIGIT.search(text) or CHINESE_QUANTITY.search(text))
    if words_only:  # only a quantity in words ("再延长三年")
        return bool(CHINESE_QUANTITY.search(text))
    return bool(figures_in(text)) or bool(CHINESE_QUANTITY.search(text))


def with_qualifier(text: str, figure: Figure) -> tuple[str, str]:
    """The figure as the report states it with its unit word and qualifier: ("1300万", "人以上")
    -> value "1300万人以上", unit "人"."""
    norm = normalize_width(text)
    rest = norm[figure.end : figure.end + 8]
    lead = "" if figure.percent else rest[:1] if rest[:1] in "多余" else ""
    rest = rest[len(lead) :]  # "5千多户": 多 stands before the unit
    unit = ""
    m = _UNIT_WORD.match(rest)
    if m and not figure.percent:
        unit = m.group(1)
        rest = rest[len(unit) :]
    q = QUALIFIER.match(rest)
    qualifier = q.group(1) if q else ""
    if lead and not unit:  # "增加了5千多，": the 多 is the qualifier
        lead, qualifier = "", lead
    return text[figure.start : figure.end] + lead + unit + qualifier, unit


def ungrounded(answer: str, sources: list[str]) -> list[str]:
    """Figures of `answer` that no source states (by value, so widths and 万/亿 forms agree)."""
    stated = [f for s in sources for f in figures(s)]
    missing = []
    for f in figures(answer):
        if not any(f.same_value(s) or (f.low == f.high and _in_range(f, s)) for s in stated):
            missing.append(f.text)
    return missing


def _in_range(f: Figure, s: Figure) -> bool:
    """ "7%" is stated by "6.5%-7%": one end of a stated range."""
    return s.low != s.high and f.percent == s.percent and (_close(f.low, s.low) or _close(f.low, s.high))
