"""A question read the way facts are: the indicator or indicators it asks about, the year or span,
the place, the kind asked (目标 vs 实际, 增速 vs 比重 vs amount), a superlative or a trend, and the
unit it expects."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from facts import lexicon as lx
from facts.model import ACTUAL, CHANGE, GROWTH, INCREASE, PLAN, SHARE, TOTAL
from facts.periods import FIVE_YEAR_PLANS
from facts.question_places import (
    ASKED_SPAN,
    ASKED_YEAR,
    ASKED_YEAR_GROUP,
    named_place,
    named_places,
    scope_level,
)
from facts.rules import indicator_of, shared_head
from facts.units import without_per_unit
from text.report_words import REPORT_REFERENCE, report_year_and_rest
from text.width import IDEOGRAPHS, normalize_width

_Y = ASKED_YEAR_GROUP
_SPAN = ASKED_SPAN
_YEAR = ASKED_YEAR
# "2022、2023、2024三年", "2001、2002、2004、2005年的报告": years listed, 年 after the last only
_YEAR_LIST = re.compile(_Y + r"(?:\s*年度?)?(?:\s*[、，,和及与]\s*" + _Y + r"(?:\s*年度?)?)+")
# 今年 / 去年 in a question: against the latest report's year (the question has no year of its own)
_THIS_YEAR = re.compile(r"今年|本年度")
# ("比上年增长多少" compares with the year before the one asked: it names no year of its own)
_LAST_YEAR = re.compile(r"(?<![比较])(去年|上年|上一年)")
# the five years a named report looks back on (the 2013 report's 过去五年 are 2008—2012) or ahead to
_PAST_FIVE = re.compile(r"过去五年|五年来|这五年|五年间")
_NEXT_FIVE = re.compile(r"今后五年|未来五年")
# Characters no place name of a question holds: asking words, verbs, pointers (这个县, 本市).
_COUNTED = re.compile(r"多少([\u4e00-\u9fff]{2,6}?)(?:[？?，,。]|$)")  # "能支配多少收入": 收入
_ASKS_PERCENT = re.compile(r"几成|百分之几|百分之多少")
_RECENT = re.compile(r"近(三|五|两|几)年|这几年|历年|逐年|每年")
# Words of a question that ask rather than name: cut before the indicator is read.
_ASKING = re.compile(
    r"哪一年|哪年|哪个县|哪个市|哪个|哪些|是多少|有多少|为多少|多少|几成|几个|几|什么|怎样|如何|怎么|"
    r"吗|呢|请问|请|一下|是否|分别|各是|各为|情况|数字|数据|具体|同比|与上年相比|比上年|"
    r"最高|最快|最多|最大|最低|最慢|最少|最小|更高|更快|更多|更低|更少|变化|趋势|走势|"
    r"增加还是减少|上升还是下降|是升是降|两个县|两个市|两地|相比|对比|比较"
)
_KIND_WORDS = re.compile(
    r"预期目标|主要目标|目标|计划|预期|打算|安排|实际|完成了|完成|实现了|实现|达到了|达到|结果|"
    r"增速|增长率|增幅|涨幅|增长了|(?<!经济)增长|累计|一共|总共|合计|增加了|增加(?!值)|新增了|提高了|提高|"
    r"规模|数额|金额|数量|定的|定了|给"
)
_NOT_A_SUBJECT = frozenset({"报告", "政府工作报告", "问题", "情况", "数据", "数字", "年份", "时候", "时间"})
_NOT_NAMING = re.compile(
    r"[一每]年|[一每]个?月|每人|一次|一天|每天|[一二三四五六七八九十]+岁(以下|以上)?|的人里|人里|谁的|谁"
)
_TRAILING_VERB = re.compile(r"(?<=..)(建|修|造|办|种|投|花|用|交|搞|干|做|弄|要|能|会|该)了?$")
_SPLIT = re.compile(r"[和与及、，,；;？?]|以及|还有")
_UNIT_ASKED = re.compile(
    r"多少(万亿元|亿元|万元|元|万人|人次|人|万吨|吨|公里|万亩|亩|公顷|个|家|所|座|户|项|套|名|位|次|件|条|张)"
)


@dataclass(frozen=True)
class FactQuery:
    """What a question asks of the facts. None means the question does not say."""

    text: str
    indicators: tuple[str, ...]
    context: tuple[str, ...]  # other phrases naming the subject: the fact's sentence holds them too
    measure: str | None
    basis: str | None
    years: tuple[int, int] | None
    place: str | None
    places: tuple[str, ...]  # every stored place named, for a question comparing places
    listed: tuple[int, ...]  # the years listed ("2004年、2007年、2009年"): only those compared
    superlative: str | None  # "max" or "min"
    trend: bool
    span: bool  # asks about a span of years (五年来, 十三五时期): totals over it answer
    unit: str | None  # "%" for a rate or share, a unit word for "多少公里"
    asks_figure: bool
    level: str | None = None  # the level a scope word points at: 全乡 -> township (core.types.LEVELS)
    # the year of the report asked about ("2013年政府工作报告中的…"): its figures, of any year
    report_year: int | None = None

    @property
    def comparative(self) -> bool:
        """A question over several values: which year is highest, how it changed."""
        return self.superlative is not None or self.trend


def listed_years(text: str) -> tuple[int, ...]:
    """The years of a list ("2004年、2007年、2009年", "2022、2023、2024三年"), in order; () if none."""
    m = _YEAR_LIST.search(text)
    return tuple(sorted({int(y) for y in re.findall(_Y, m.group(0))})) if m else ()


def _years(text: str, latest: int | None = None, report: int | None = None) -> tuple[int, int] | None:
    """The years a question asks about; 今年 / 去年 against `latest`, and the five years before or
    after a report it names (`report`): not against the latest report, as every report has its
    own 过去五年."""
    m = _SPAN.search(text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return min(a, b), max(a, b)
    found = sorted({int(y) for y in _YEAR.findall(text)} | set(listed_years(text)))
    if found:
        return found[0], found[-1]
    for name, span in FIVE_YEAR_PLANS.items():  # 十一五期间 -> 2006—2010
        if name in text:
            return span
    if report is not None and _PAST_FIVE.search(text):
        return report - 5, report - 1
    if report is not None and _NEXT_FIVE.search(text):
        return report, report + 4
    if latest is not None and _LAST_YEAR.search(text):
        return latest - 1, latest - 1
    if latest is not None and _THIS_YEAR.search(text):
        return latest, latest
    return None


def measure_asked(text: str) -> str | None:
    """The measure a question asks for: 增速 -> growth, 比重/率 -> share, 增加多少 -> increase,
    累计 -> total; None when it asks for the amount or does not say."""
    if lx.ASK_CHANGE.search(text):
        return CHANGE
    if lx.ASK_INCREASE.search(text):
        return INCREASE
    if lx.ASK_TOTAL.search(text) and _over_years(text):
        return TOTAL
    if lx.ASK_GROWTH.search(text) or re.search(r"增长(最快|最高|最慢|更快)|增速", text):
        return GROWTH
    if lx.ASK_SHARE.search(text):
        return SHARE
    return None


def _over_years(text: str) -> bool:
    """Whether a question speaks of several years (累计, 五年来, 2013—2017年, 2001年以来), so that its
    总共 / 一共 / 合计 asks a total over them; of one year ("2009年财政赤字合计安排了多少") or none
    ("全乡一共有多少名党员") they ask the amount."""
    several = len(set(_YEAR.findall(text))) > 1 or re.search(r"累计|以来|年起|至今", text)
    return bool(several or lx.ASK_SPAN.search(text) or _SPAN.search(text))


def basis_asked(text: str) -> str | None:
    """PLAN for 目标/计划, ACTUAL for 实际/完成; "计划达到多少" asks a plan (达到 only says what
    is to be reached), "目标完成了吗" a result."""
    plan, actual = bool(lx.ASK_PLAN.search(text)), bool(lx.ASK_ACTUAL.search(text))
    if plan and actual and not lx.ASK_ACTUAL_STRONG.search(text):
        return PLAN
    if plan and not actual:
        return PLAN
    if actual and not plan:
        return ACTUAL
    return None


# "目标和实际分别是多少", "计划与完成情况": both asked of one indicator
_BOTH_BASES = re.compile(
    r"(目标|计划|预期)(和|与|及|、|跟|同)(实际|完成)|(实际|完成)(数?)(和|与|及|、|跟|同)(目标|计划|预期)"
)


def each_basis(query: FactQuery) -> list[FactQuery]:
    """The query, or one per basis when it asks both the target and the result of its indicators
    ("2016年城镇新增就业目标和实际分别是多少": the plan, then the actual)."""
    if not _BOTH_BASES.search(query.text):
        return [query]
    return [replace(query, basis=PLAN), replace(query, basis=ACTUAL)]


_AMONG = ("中", "当中", "之中", "中的")


def among_split(piece: str) -> tuple[str, str] | None:
    """ "新发展党员中女党员比例" -> (新发展党员, 女党员比例): a group, then the part of it asked about;
    None when 中 is inside a word (中位数, 中央, 中小企业), as jieba cuts it."""
    import jieba

    words = jieba.lcut(piece)
    for i, w in enumerate(words):
        if w in _AMONG and 0 < i < len(words) - 1:
            group, part = "".join(words[:i]), "".join(words[i + 1 :])
            if len(group) >= 2 and len(part) >= 2:
                return group, part
    return None


def without_trailing_verb(piece: str) -> str:
    """The piece without a one-character verb at its end ("农村公路建了" -> 农村公路), but not the
    end of a word ("棚户区改造", "装备制造", as jieba cuts them)."""
    import jieba

    m = _TRAILING_VERB.search(piece)
    if m is None or len(jieba.lcut(piece[: m.end(1)])[-1]) > 1:
        return piece
    return piece[: m.start()]


def indicators_of(text: str, places: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The indicator phrases a question names, one per part of "…和…分别是多少", and the other
    phrases that name its subject ("中央财政投入多少支持职业教育": 职业教育), which a fact's
    sentence must also speak of."""
    body = _UNIT_ASKED.sub(" ", _SPAN.sub(" ", normalize_width(text)))
    body = REPORT_REFERENCE.sub(" ", body)  # "政府工作报告中的城镇化率": the report is not the subject
    body = _YEAR_LIST.sub(" ", _YEAR.sub(" ", body))
    for place in places:
        body = body.replace(place, " ").replace(re.sub(r"(省|市|县|区|乡|镇)$", "", place), " ")
    body = re.sub(r"(今年|去年|上年|这几年|近[三五两几]年|历年|每年|逐年|当年)", " ", body)
    body = _RECENT.sub(" ", lx.ASK_SPAN.sub(" ", without_per_unit(body)))
    body = _ASKING.sub(" ", body)
    body = _KIND_WORDS.sub(" ", body)
    found, rest = [], []
    # parts only where each is asked for ("…和…分别是多少"): "取消和下放了多少项" is one verb pair
    parts = shared_head(_SPLIT.split(body)) if lx.ASK_EACH_PART.search(text) else [body]
    for part in parts:
        # what the asking words left: the longest piece names the indicator ("给 定的经济增长"), the
        # later one of two as long ("国务院已取消 行政审批事项": what is counted)
        words = re.split(r"[\s，,。；;：:（）()]+", _NOT_NAMING.sub(" ", part))
        pieces = [without_trailing_verb(indicator_of(p).strip("的了是为有")) for p in words]
        piece = max(reversed(pieces), key=len, default="")
        rest += [p for p in pieces if p != piece and names_something(p)]
        piece = re.sub(r"^[^的]{1,2}的", "", piece) if len(piece) > 5 else piece
        among = among_split(piece)
        if among:  # "新发展党员中女党员比例": 女党员比例 is asked, of 新发展党员 (its sentence says so)
            rest.append(among[0])
            piece = among[1]
        if len(piece) >= 2 and piece not in found:
            found.append(piece)
    return tuple(found), tuple(rest)


def names_something(piece: str) -> bool:
    """Whether a piece of a question names a thing (a noun of two characters or more that is not
    a word about the question itself: 报告, 情况), by jieba's part-of-speech tags."""
    import jieba.posseg

    return any(
        len(w.word) >= 2 and w.flag[:1] == "n" and w.word not in _NOT_A_SUBJECT
        for w in jieba.posseg.lcut(piece)
    )


_APART = re.compile(rf"(?<=[{IDEOGRAPHS}])\s+|\s+(?=[{IDEOGRAPHS}])")


def read_question(question: str, places: Iterable[str] = (), latest: int | None = None) -> FactQuery:
    """The FactQuery of a question; `places` are the places of the stored reports, `latest` the
    latest report's year (今年 / 去年 in a question are read against it)."""
    # words typed apart ("2016年 国内生产总值 增长 目标") are read as one question
    text = _APART.sub("", normalize_width(question).strip())
    places = tuple(places)
    named = named_places(text, places)
    place = named[0] if named else named_place(text, places)
    unit_m = _UNIT_ASKED.search(text)
    measure = measure_asked(text)
    percent = measure in (GROWTH, SHARE) or _ASKS_PERCENT.search(text)
    unit = "%" if percent else (unit_m.group(1) if unit_m else None)
    superlative = None
    if lx.ASK_WHICH.search(text) or _RECENT.search(text):
        superlative = "max" if lx.ASK_MAX.search(text) else ("min" if lx.ASK_MIN.search(text) else None)
    trend = bool(lx.ASK_TREND.search(text))
    # with a report named by its year, the other years and 今年 / 去年 are the figure's, read
    # against the report's year: "2016年报告中去年的增速" asks 2015
    report_year, rest = report_year_and_rest(text)
    years = _years(rest, report_year or latest, report_year)
    # a figure is asked unless the question asks for words ("城镇调查失业率涵盖哪些人")
    asks = bool(lx.ASK_NUMBER.search(text)) and not (lx.ASK_PHRASE.search(text) and "多少" not in text)
    asks = asks or superlative is not None or trend  # which year is highest, how it changed
    indicators, context = indicators_of(text, named or ((place,) if place else ()))
    if unit is None and measure is None and len(indicators) == 1:  # "多少收入": 元 (lexicon.HEAD_UNITS)
        counted = _COUNTED.search(text)
        nouns = [counted.group(1), indicators[0]] if counted else [indicators[0]]
        unit = next((u for head, u in lx.HEAD_UNITS for n in nouns if head.search(n)), None)
    return FactQuery(
        text=text,
        indicators=indicators,
        context=context,
        measure=measure,
        basis=basis_asked(text),
        years=years,
        place=place,
        places=named,
        listed=listed_years(text),
        superlative=superlative,
        trend=trend or bool(_RECENT.search(text) and (superlative or trend)),
        span=bool(lx.ASK_SPAN.search(text)),
        unit=unit,
        asks_figure=asks,
        level=None if place else scope_level(text),
        report_year=report_year,
    )
