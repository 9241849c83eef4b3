"""Which stored facts answer a question: the indicator alike, the kind agreeing, the period and the
place the ones asked. Facts that share the indicator but fail another test are the near misses a
decline names ("报告中有2023年…的完成数，没有2024年的计划数")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from facts import lexicon as lx
from facts.model import ACTUAL, CHANGE, GROWTH, INCREASE, LEVEL, PLAN, SHARE, TOTAL, Fact
from facts.names import SHARE_END, aliases, core, core_text
from facts.periods import same_place
from facts.question import FactQuery
from facts.units import SAME_UNITS
from facts.wholes import of_another_whole, share_of_what, speaks_of_whole
from text.tokens import tokenize
from text.width import normalize_width

MIN_SCORE = 0.6  # indicator_score at which two indicators may be the same
SURE_SCORE = 0.85  # ... and are surely the same (the same words, an alias, one ending the other)


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
    if not _one_words_within_other(a, s):
        return 0.0  # 高铁营业里程 is not 铁路营业里程: their words before the ending differ
    # Dice over characters: 粮食产量 and 粮食总产量, 新建改造农村公路 and 新改建农村公路
    ca, cs = set(a), set(s)
    return 0.9 * 2 * len(ca & cs) / (len(ca) + len(cs))


def _one_words_within_other(a: str, b: str) -> bool:
    """Whether, before the ending two indicators share, the characters of one are all within the
    other's: 新改建 of 新建改造 (农村公路), 粮食 of 粮食总 (产量), 农民 of 农村居民; not 高铁 and 铁路
    (营业里程), which name different things."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    head_a, head_b = set(a[: len(a) - n]), set(b[: len(b) - n])
    return head_a <= head_b or head_b <= head_a


def _qualified(head: str) -> bool:
    """Whether the words before an indicator's shared ending narrow it to another population or
    kind (城镇 in 城镇居民人均可支配收入 against 居民人均可支配收入)."""
    # (全体 is all of them: 全体居民 is 居民; 新 the new ones: 新党员 is not 党员)
    if head.endswith("新"):
        return True
    return any(w in head for w in lx.QUALIFIERS if w != "全体") or bool(lx.ORDINAL.search(head))


# The new ones of a whole: "2001年以来共发展新党员72名" counts members added, not all members.
_NEW_ONES = re.compile(r"新(增|发展|吸收|招收|入)|(发展|吸收|招收)新")


def counts_new_ones(asked: str, stated: str) -> bool:
    """Whether a fact's indicator counts the new ones (新增, 新发展…) of an asked one that does not:
    an increase, not the level asked."""
    return bool(_NEW_ONES.search(core_text(stated))) and not _NEW_ONES.search(core_text(asked))


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


def another_indicator(asked: str, stated: str) -> bool:
    """Whether a stated indicator is another of the asked one's kind: one ending of two characters or
    more, each qualified by words sharing no character with the other's, and no alias of it
    (indicator_score below MIN_SCORE): 铁路投资 is not 中央预算内投资 ("中央预算内投资4576亿元，重点
    投向…中西部铁路"), 棉花产量 not 粮食产量; 新增城镇就业 is 城镇新增就业, 粮食总产量 粮食产量, and a
    share of a whole whose subject went before ("占一般公共预算支出的比重") is not told apart."""
    n = 0
    while n < min(len(asked), len(stated)) and asked[-1 - n] == stated[-1 - n]:
        n += 1
    head_a, head_s = asked[: len(asked) - n], stated[: len(stated) - n]
    if n < 2 or len(head_a) < 2 or len(head_s) < 2 or set(head_a) & set(head_s):
        return False
    if head_a.startswith("占") or head_s.startswith("占"):  # "占一般公共预算支出的比重": the whole
        return False
    return indicator_score(asked, stated) < MIN_SCORE


def told_apart(asked: str, stated: str) -> bool:
    """Whether a stated indicator is surely not the asked one, though it may share words with it:
    other qualifiers (other_qualifier) or another of its kind (another_indicator)."""
    a, s = core(asked), core(stated)
    return other_qualifier(a, s) or another_indicator(a, s)


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
    return unit in SAME_UNITS.get(base, (base,))


def narrower(asked: str, fact: Fact) -> str:
    """What the asked indicator says before the fact's ("新农合" of 新农合财政补助标准 against
    财政补助标准, "高速" of 高速铁路营业里程 against 铁路营业里程): the fact's sentence must say it
    before the figure, else the figure is of the whole, not of the part asked ("铁路营业里程达到
    12.1万公里，其中高速铁路…"). A word another name of the fact's indicator holds goes without
    saying (财政 of 财政一般公共预算收入: 财政收入), and so does a word of all (全体, 全部)."""
    a, s = core(asked), core(fact.indicator)
    others = {core(x) for x in aliases(a)}
    if s in others:  # another name of the same (财政赤字, 赤字): nothing narrower
        return ""
    head = a[: len(a) - len(s)] if len(a) > len(s) and a.endswith(s) else ""
    if len(head) < 2 or head.startswith(("全", "总")):
        return ""
    if any(head in name for name in aliases(s) | aliases(fact.indicator)):
        return ""
    return head


def said_before_figure(phrase: str, fact: Fact) -> bool:
    """Whether the fact's sentence says a phrase (or a word of it of two characters or more) before
    the figure."""
    if not phrase:
        return True
    said = normalize_width(fact.sentence[: max(0, fact.start - fact.sentence_start)])
    if any(name in said for name in aliases(phrase)):  # 医保 said as 医疗保险
        return True
    return len(phrase) >= 3 and speaks_of((phrase,), said)


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
        if score < MIN_SCORE or not speaks_of(query.context, fact.sentence):
            continue
        if not said_before_figure(narrower(indicator, fact), fact):
            continue
        whole = share_of_what(indicator)
        if whole and (not speaks_of_whole(whole, fact.sentence) or of_another_whole(indicator, fact)):
            continue  # 占耕地总面积 is not 占流转总面积
        asked = query.measure or (SHARE if SHARE_END.search(core_text(indicator)) else None)
        fits = (
            # a span asked for its amount ("过去五年城镇新增就业") takes a total over it too
            (measure_agrees(asked, fact) or (asked is None and query.span and fact.measure == TOTAL))
            and not (asked is None and counts_new_ones(indicator, fact.indicator))
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
