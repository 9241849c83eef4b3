"""Which stored facts answer a question: the indicator alike, the kind agreeing, the period and the
place the ones asked. Facts that share the indicator but fail another test are the near misses a
decline names ("报告中有2023年…的完成数，没有2024年的计划数")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from facts import lexicon as lx
from facts.model import ACTUAL, CHANGE, GROWTH, INCREASE, LEVEL, PLAN, SHARE, TOTAL, Fact
from facts.periods import same_place
from facts.question import FactQuery
from text.tokens import tokenize
from text.width import normalize_width

# The same indicator under other names (the report's own words first), read by indicator_score.
ALIASES = (
    ("国内生产总值", "地区生产总值", "生产总值", "GDP", "gdp", "经济", "经济总量", "经济增长"),
    ("城镇登记失业率", "失业率", "登记失业率"),
    ("居民消费价格", "CPI", "物价", "居民消费价格涨幅"),
    ("一般公共预算收入", "财政收入", "地方财政收入", "公共预算收入"),
    ("固定资产投资", "固定资产投资额"),
    ("社会消费品零售总额", "消费品零售总额", "社零额", "社零", "社零总额"),
    ("城镇新增就业", "新增就业", "城镇就业"),
    ("赤字", "财政赤字"),
    ("粮食总产量", "粮食产量", "粮食"),
)
# Short forms written inside longer names, both ways: 单位GDP能耗 is 单位国内生产总值能源消耗.
ABBREVIATIONS = (
    ("能耗", "能源消耗"),
    ("医保", "医疗保险"),
    ("社保", "社会保险"),
    ("低保", "最低生活保障"),
    ("规上", "规模以上"),
)
_SHARE_END = re.compile(r"(比重|比例|占比|的比例|的比重|率)$")
_AMOUNT_END = re.compile(r"(的)?(总量|总额|规模|数量|数额|金额)$")  # GDP总量 is GDP
_OF_WHOLE = re.compile(r"(占|在).{2,}$")  # "服务业增加值占国内生产总值(比重)": the part is the indicator
MIN_SCORE = 0.6  # indicator_score at which two indicators may be the same
SURE_SCORE = 0.85  # ... and are surely the same (the same words, an alias, one ending the other)


def core_text(indicator: str) -> str:
    """An indicator folded, without spaces and quotes (its rate or share ending kept)."""
    return re.sub(r"[\s“”‘’\"'《》]+", "", normalize_width(indicator))


def core(indicator: str) -> str:
    """An indicator in the form compared: folded, no spaces, without a rate or share ending."""
    text = core_text(indicator)
    text = _AMOUNT_END.sub("", text) if len(_AMOUNT_END.sub("", text)) >= 2 else text
    text = lx.ACTION_ENDS.sub("", text) if len(lx.ACTION_ENDS.sub("", text)) >= 2 else text
    stripped = _SHARE_END.sub("", text)
    part = _OF_WHOLE.sub("", stripped)
    stripped = part if len(part) >= 2 else stripped
    return stripped if len(stripped) >= 2 else text


@lru_cache(maxsize=4096)
def aliases(text: str) -> frozenset[str]:
    """The indicator and its other names (ALIASES): GDP -> 国内生产总值, 地区生产总值…; and short
    forms inside it written out (ABBREVIATIONS): 单位GDP能耗 -> 单位国内生产总值能源消耗."""
    out = {text}
    for group in ALIASES:
        if text in group:
            out |= set(group)
            continue
        inside = [a for a in group if len(a) >= 3 and a in text]
        if inside:  # 单位GDP能耗 -> 单位国内生产总值能耗 (the longest name inside it, not GDP itself)
            a = max(inside, key=len)
            out |= {text.replace(a, other) for other in group if len(other) >= 3}
    for short, long in ABBREVIATIONS:  # each name so far, with the short form written out or back
        out |= {n.replace(long, short) if long in n else n.replace(short, long) for n in out}
    return frozenset(out)


def indicator_score(asked: str, stated: str) -> float:
    """How surely a fact's indicator is the one asked (0..1): the same words, one inside the other,
    an alias (GDP -> 地区生产总值), or most of the asked words' character pairs."""
    a, s = core(asked), core(stated)
    if a == s:
        return 1.0
    if other_qualifier(a, s):
        return 0.0
    others = {core(x) for x in aliases(a)} - {a}  # compared as cores: 社零总额 is 社会消费品零售总额
    if any(x == s or _affix(x, s) for x in others):
        return 0.85
    short, long = (a, s) if len(a) <= len(s) else (s, a)
    if _affix(short, long):
        return 0.6 + 0.4 * len(short) / len(long)
    if long.endswith(short):  # narrowed by a qualifier: 城镇居民… is not all 居民…
        return 0.0
    if a[-2:] != s[-2:]:
        return 0.0  # a noun phrase's head is its end: 单位国内生产总值能耗 is about 能耗
    # Dice over characters: 粮食产量 and 粮食总产量, 新建改造农村公路 and 新改建农村公路
    ca, cs = set(a), set(s)
    return 0.9 * 2 * len(ca & cs) / (len(ca) + len(cs))


def _qualified(head: str) -> bool:
    """Whether the words before an indicator's shared ending narrow it to another population or
    kind (城镇 in 城镇居民人均可支配收入 against 居民人均可支配收入)."""
    # (全体 is all of them: 全体居民 is 居民)
    return any(w in head for w in lx.QUALIFIERS if w != "全体") or bool(lx.ORDINAL.search(head))


def other_qualifier(a: str, b: str) -> bool:
    """Whether two indicators of one ending are told apart by their qualifiers: 城镇居民 and 全体居民
    人均可支配收入, 城镇登记 and 城镇调查 失业率, 第一档 and 第三档 (lexicon.QUALIFIERS)."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    head_a, head_b = a[: len(a) - n], b[: len(b) - n]
    if not head_a or not head_b or n < 2:
        return False
    words_a = {w for w in lx.QUALIFIERS if w in head_a} | set(lx.ORDINAL.findall(head_a))
    words_b = {w for w in lx.QUALIFIERS if w in head_b} | set(lx.ORDINAL.findall(head_b))
    return bool(words_a and words_b and words_a != words_b)


def _affix(short: str, long: str) -> bool:
    """One indicator at the start or end of the other: 城镇新增就业 in 城镇新增就业人数, 交叉任职 in
    两委成员交叉任职; not inside it (国内生产总值 in 单位国内生产总值能耗 is another indicator)."""
    if len(short) < 2:
        return False
    if long.endswith(short):  # the head of the other: 交叉任职 of 两委成员交叉任职, 造林 of 营造林
        return not _qualified(long[: len(long) - len(short)])
    # at the start only when it names most of the other: not "支持" in 支持以旧换新的超长期特别国债
    return long.startswith(short) and len(short) >= max(3, len(long) / 2)


def measure_agrees(asked: str | None, fact: Fact) -> bool:
    """A rate is never answered with an amount, nor the reverse; a change asked either way
    ("减少了多少") takes a change rate or an amount of change."""
    if asked == CHANGE:
        return fact.measure in (GROWTH, INCREASE)
    if asked is None:  # the amount (a rate the indicator itself is, 失业率, is asked as SHARE)
        return fact.measure == LEVEL
    if asked == SHARE:
        return fact.unit == "%" and fact.measure in (SHARE, LEVEL)
    if asked == GROWTH:
        return fact.measure == GROWTH
    if asked == INCREASE:  # "新增高新技术企业412家" is the increase of 高新技术企业
        return fact.measure == INCREASE or (fact.measure == LEVEL and fact.indicator.startswith("新增"))
    if asked == TOTAL:
        return fact.measure in (TOTAL, LEVEL) and fact.period_from != fact.period_to
    return True


def unit_agrees(asked: str | None, fact: Fact | str) -> bool:
    """The unit the question expects (of a fact, or a base unit as read): % for a rate, 公里 for
    "多少公里" (万 and 亿 aside), 元 for a 收入, any area unit for "多少亩"."""
    unit = fact if isinstance(fact, str) else fact.unit
    if asked is None:
        return True
    if asked == "%":
        return unit == "%"
    base = re.sub(r"^(万亿|亿|万|千)", "", asked)
    if not unit or base == "个":  # no unit stated, or a count of anything: nothing disagrees
        return unit != "%"
    return unit in _SAME_UNITS.get(base, (base,))


_SAME_UNITS = {
    "亩": ("亩", "公顷", "平方公里", "平方米"),
    "元": ("元", "美元"),
    "人": ("人", "名", "位"),
    "名": ("人", "名", "位"),
    "位": ("人", "名", "位"),
}


def narrower(asked: str, fact: Fact) -> str:
    """What the asked indicator says before the fact's ("新农合" of 新农合财政补助标准 against
    财政补助标准): the fact's sentence must speak of it too, else its figure is another's."""
    a, s = core(asked), core(fact.indicator)
    if s in {core(x) for x in aliases(a)}:  # another name of the same (财政赤字, 赤字): nothing narrower
        return ""
    head = a[: len(a) - len(s)] if len(a) > len(s) and a.endswith(s) else ""
    return head if len(head) >= 3 else ""  # (财政 of 财政一般公共预算收入 goes without saying)


def share_of_what(indicator: str) -> str:
    """The whole a share is of: "耕地总面积" of 土地流转面积占耕地总面积的比例 ("" when none is named)."""
    m = re.search(r"占(.{2,}?)(?:的)?(?:比重|比例|百分比)?$", core_text(indicator))
    return m.group(1) if m else ""


def speaks_of(phrases: Iterable[str], sentence: str) -> bool:
    """Whether a sentence speaks of every phrase: some word of two characters or more of each
    (jieba's) stands in it. "中央财政投入多少支持职业教育" is not answered by 中央财政投入223亿元 for
    助学."""
    said = normalize_width(sentence)
    for phrase in phrases:
        words = [w for w in tokenize(phrase) if len(w) >= 2]
        if words and not any(w in said for w in words):
            return False
    return True


def period_agrees(years: tuple[int, int] | None, fact: Fact, span: bool) -> bool:
    """The fact describes a year asked (a five-year total answers only a question over a span)."""
    if years is None:
        return span or fact.period_from == fact.period_to
    p = fact.period
    if p is None:
        return False
    if p[0] != p[1] and not span:
        return False
    return years[0] <= p[0] and p[1] <= years[1]


@dataclass(frozen=True)
class Matched:
    """Facts of one asked indicator: those that answer it, and the near misses."""

    indicator: str
    answers: list[Fact]
    near: list[Fact]


def match(query: FactQuery, indicator: str, facts: Iterable[Fact], span: bool = False) -> Matched:
    """The facts about `indicator` that answer the query, best first, and those that only miss."""
    answers, near = [], []
    for fact in facts:
        score = indicator_score(indicator, fact.indicator)
        if score < MIN_SCORE or not speaks_of((*query.context, narrower(indicator, fact)), fact.sentence):
            continue
        whole = share_of_what(indicator)
        if whole and whole not in normalize_width(fact.sentence):  # 占耕地总面积 is not 占流转总面积
            continue
        asked = query.measure or (SHARE if _SHARE_END.search(core_text(indicator)) else None)
        fits = (
            measure_agrees(asked, fact)
            and unit_agrees(query.unit, fact)
            and (query.basis is None or fact.basis == query.basis)
            and _of_places(query, fact)
        )
        if fits and period_agrees(query.years, fact, span or query.comparative or query.span):
            answers.append((score, fact))
        elif _of_places(query, fact):
            near.append((score, fact))
    return Matched(indicator, _ranked(answers, query), _ranked(near, query))


def _of_places(query: FactQuery, fact: Fact) -> bool:
    """The fact is of a place the question names (any of them), or it names none."""
    places = query.places or ((query.place,) if query.place else ())
    return not places or any(same_place(p, fact.place) for p in places)


def _ranked(scored: list[tuple[float, Fact]], query: FactQuery) -> list[Fact]:
    """Best first: a sure indicator (the same, an alias, one ending the other) over a likely one;
    for a span asked, a total over it; the years asked exactly; then the later period (a question
    naming no year gets the latest); an actual over a plan of one period unless a plan is asked;
    then the surer indicator."""

    def key(item: tuple[float, Fact]) -> tuple:
        score, f = item
        prefer_actual = query.basis != PLAN and f.basis == ACTUAL
        one_year = query.span and f.period_from == f.period_to  # a span asked: its total first
        return (
            score < SURE_SCORE,
            one_year,
            query.years is not None and f.period != query.years,  # the years asked exactly first
            -(f.period_to or 0),
            not prefer_actual,
            -round(score, 2),
            f.start,
        )

    return [f for _, f in sorted(scored, key=key)]
