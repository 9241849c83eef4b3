"""The rules that read one figure of a sentence, each a small function over the word lists of
facts/lexicon.py: its indicator, what it measures, plan or actual, the period, its unit and
qualifier; and where a sentence stands (Context)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from facts import lexicon as lx
from facts.model import ACTUAL, GROWTH, INCREASE, LEVEL, PLAN, SHARE, TOTAL
from facts.periods import chunk_period, reviews
from facts.times import (
    ATTACHED_TIME_END,
    COMPARISON,
    LAST_YEAR_END,
    SINCE_YEAR,
    YEAR,
    YEAR_SPAN,
    named_period,
    sets_target,
    time_right_before,
    without_attached_times,
)
from text.numbers import PHONE, Figure, figures_in
from text.width import normalize_width

_CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")
_NOT_A_FIGURE_AFTER = re.compile(r"^\s*(月|日|号|届|次会议|期|版|号文|时|点|分|秒|周年)")
_LABEL_BEFORE = re.compile(r"(第|表|图|附件|附表)\s*$")
_LEADING_PLACE = re.compile(
    r"^(?:[^的，,]{0,8}的)?[\u4e00-\u9fff]{2,5}?(?:自治区|省|市|自治州|县)(?=[\u4e00-\u9fff]{2})"
)
_PLAN_PERIOD = re.compile(r"[“”\"]?(十[一二三四五]?五|“十五”)[“”\"]?(时期|期间|以来|末)?")
_BY_AMOUNT = re.compile(r"(?<!新)(增加|提高|减少|降低|多|增产|减产)了?$")


@dataclass(frozen=True)
class Unit:
    """A figure's unit as read: base unit, scale, as written, and its qualifier."""

    unit: str  # base unit
    scale: float
    written: str  # as written after the figure: 万吨, 亿元
    qualifier: str


@dataclass(frozen=True)
class Context:
    """Where a sentence stands: its report, chunk and part."""

    doc_id: str
    chunk_id: str
    year: int | None  # the report's year
    place: str  # the report's place ("" unknown)
    section: tuple[str, ...]
    said_period: tuple[int, int] | None = None  # the time an earlier sentence of the paragraph named

    @property
    def period(self) -> tuple[int, int] | None:
        return chunk_period(self.year, self.section)

    @property
    def review(self) -> bool:
        """A part telling results: of years before the report's, or of its own year so far
        ("二、上半年工作进展")."""
        p, y = self.period, self.year
        return (p is not None and y is not None and p[1] < y) or reviews(self.section)


def clauses(sentence: str) -> list[tuple[int, str]]:
    """(offset, clause) of a sentence cut at ，；：and sentence ends, each keeping its mark."""
    out, start = [], 0
    for m in _CLAUSE_END.finditer(sentence):
        out.append((start, sentence[start : m.end()]))
        start = m.end()
    if start < len(sentence):
        out.append((start, sentence[start:]))
    return [(o, c) for o, c in out if c.strip()]


# The linking words cut off an indicator's end, by length, longest first (a set per length: the
# end of a phrase is looked up, not every word tried; indicator_of runs for every figure of every
# report ingested). The leading words, longest first.
_LINK_WORDS = tuple(
    (n, frozenset(w for w in lx.LINK_WORDS if len(w) == n))
    for n in sorted({len(w) for w in lx.LINK_WORDS if w}, reverse=True)
)
_LEADING_WORDS = tuple(sorted(lx.LEADING_WORDS, key=len, reverse=True))


def _strip_end(phrase: str) -> str:
    """The phrase without the linking words at its end ("地区生产总值达到" -> 地区生产总值)."""
    changed = True
    while changed and phrase:
        changed = False
        for n, words in _LINK_WORDS:
            if phrase[-n:] in words:
                phrase, changed = phrase[:-n], True
                break
        phrase = phrase.rstrip("的了在到和及、 ")
    return phrase


def indicator_of(prefix: str) -> str:
    """The indicator a figure measures, from the clause before it: linking words, years (2001年以来,
    去年的), scope words and a leading plan phrase cut off; "" when nothing is left to name it."""
    text = normalize_width(prefix)
    text = COMPARISON.split(text)[0]
    text = YEAR_SPAN.sub("", YEAR.sub("", SINCE_YEAR.sub("", text)))
    text = LAST_YEAR_END.sub("", ATTACHED_TIME_END.sub("", text))  # "赤字率从去年的" -> 赤字率从
    text = _PLAN_PERIOD.sub("", text)
    text = _LEADING_PLACE.sub("", text)  # "对口支援的和田县地区生产总值": the place is the fact's place
    text = re.sub(r"[（(][^）)]*[）)]|[“”\"《》]", "", text).strip()
    text = _strip_end(text)
    for word in _LEADING_WORDS:
        if text.startswith(word):
            text = text[len(word) :]
    for word in ("主要预期目标是", "预期目标是", "目标是", "计划", "力争", "确保", "争取", *lx.LEADING_VERBS):
        if text.startswith(word) and len(text) > len(word) + 1:
            text = text[len(word) :]
    return _strip_end(text.strip("，,、：: "))


_NOUN_AFTER = re.compile(r"^[\u4e00-\u9fff“”]{2,14}?(?=的|[，,；;。：:！？!?、]|$)")
_NOT_A_NOUN_START = re.compile(r"^(的|比|较|同比|以上|以下|左右|之|多|余|增长|下降|提高|达到|为|是|和|与|及)")


def noun_after(after: str) -> str:
    """The noun phrase right after a figure and its unit, up to 的 or the clause's end: what a verb
    before the figure counts ("取消1195个行政审批事项", "解决6000万农村人口的饮水"); "" when the
    clause goes on with something else."""
    import jieba.posseg

    text = normalize_width(after)
    if _NOT_A_NOUN_START.match(text):
        return ""
    m = _NOUN_AFTER.match(text)
    phrase = m.group(0).strip("“”") if m else ""
    # a noun phrase: "赤字率拟按2.6%安排" goes on with a verb, not with what is counted
    return phrase if any(w.flag[:1] == "n" for w in jieba.posseg.lcut(phrase)) else ""


def ends_in_verb(phrase: str) -> bool:
    """Whether a phrase ends in a verb (jieba's part-of-speech tags): "国务院已取消", "发行"."""
    import jieba.posseg

    words = [w for w in jieba.posseg.lcut(phrase) if w.word.strip()]
    # (a one-character ending is a suffix jieba may tag as a verb: 率 of 赤字率)
    return (
        bool(words) and words[-1].flag.startswith("v") and words[-1].flag != "vn" and len(words[-1].word) > 1
    )


def measure_of(prefix: str, indicator: str, unit: str) -> str:
    """What the figure measures: a change rate, a share or rate, an increase, a total, a level."""
    before = normalize_width(prefix)
    tail = before[-6:]
    if unit in ("个百分点", "百分点"):
        return INCREASE
    if any(w in before for w in lx.TOTAL_WORDS):
        return TOTAL
    if unit == "%":
        if re.search(r"(提高|提升|增长|下降|降低|达|稳定|控制)到|达到|保持在|控制在|稳定在", tail):
            if re.search(r"(涨幅|增幅|增速|增长)(要|预期|目标)?(控制|保持|稳定)在$", before):
                return GROWTH  # "居民消费价格涨幅控制在4.8%左右": the change is what is held
            return SHARE  # a percentage reached is a share or a rate: 比重提高到3.6%, 达到87.7%
        if any(tail.endswith(w) or tail.endswith(w + "了") for w in lx.GROWTH_WORDS):
            return GROWTH
        if indicator.endswith(lx.SHARE_ENDINGS) or any(w in before for w in lx.SHARE_WORDS):
            return SHARE
        # a percentage of a thing that is no share or rate is its change ("居民消费价格4.8%左右")
        return GROWTH
    if COMPARISON.search(before) and any(w in tail for w in ("增加", "多", "减少", "提高")):
        return INCREASE
    if _BY_AMOUNT.search(tail):  # "补助标准再增加40元" (but "增加到40元" is the level reached)
        return INCREASE
    return LEVEL


def basis_of(before: str, in_plan: bool, ctx: Context, period: tuple[int, int] | None) -> str:
    """Plan or actual: a plan word said before the figure in its sentence makes a plan, a year
    before the report's makes an actual, else the part decides (a review part states results)."""
    if period is not None and ctx.year is not None and period[1] < ctx.year:
        return ACTUAL if not in_plan or re.search("完成|实现|达到", before) else PLAN
    if in_plan:
        return PLAN
    return ACTUAL if ctx.review or ctx.year is None else PLAN  # a report of no known year tells results


def period_of(before: str, ctx: Context) -> tuple[int, int] | None:
    """The years a figure describes: the time written right before it ("2009年的2.8%", "去年为X"),
    else the time named before it in its sentence (named_period; a time written right before an
    earlier figure is that figure's, not this one's), else the time an earlier sentence of its
    paragraph named ("刚刚过去的2017年，…。国内生产总值增长6.9%") unless this sentence sets a target
    (a target is of the part's year, not of the past just told: "去年…翘尾影响约有1个百分点。把居民
    消费价格涨幅控制在3.5%左右"), else the part's (chunk_period)."""
    own = time_right_before(before, ctx.year)
    if own is not None:
        return own
    text = without_attached_times(before)
    named = named_period(text, ctx.year)
    if named is not None:
        return named
    said = ctx.said_period
    if said is not None and ctx.year is not None and said[1] < ctx.year and sets_target(text):
        said = None
    return said or ctx.period


def unit_and_qualifier(after: str, figure: Figure) -> Unit:
    """The unit (base unit and scale) and qualifier written after a figure: "万吨左右", "%以上"; for
    "8000多万人" the unit 人 and the qualifier 多, which the figure holds with its scale."""
    if figure.percent:
        q = lx.QUALIFIER_AFTER.match(after)
        return Unit("%", 1.0, "", q.group(1) if q else "")
    m = lx.UNIT.match(after)
    scale_word, unit = (m.group(1) or "", m.group(2)) if m else ("", "")
    written = m.group(0) if m else ""
    q = lx.QUALIFIER_AFTER.match(after[len(written) :]) or lx.QUALIFIER_AFTER.match(after)
    inside = re.search(r"[多余](?=万|亿)", figure.text)  # "6800多万": the figure holds its 多
    return Unit(
        unit, lx.SCALE.get(scale_word, 1.0), written, q.group(1) if q else inside.group(0) if inside else ""
    )


_STARTING_VALUE = re.compile(r"(由|从)[^到至，,；;。]*$")


def is_starting_value(before: str) -> bool:
    """Whether the figure after `before` is where a change starts: "由每人每年320元提高到380元"
    starts at 320元 (the question "提高到多少" asks for 380元)."""
    return bool(_STARTING_VALUE.search(normalize_width(before)))


# "从多少增加到多少", "由多少降到了多少": where a change started and where it went, both asked
_FROM_TO_ASKED = re.compile(r"(从|由)多少.*(到|至)了?多少")
_FROM_BEFORE = re.compile(r"(从|由)([^到至，,；;。从由]{1,24}?)[\u4e00-\u9fff]{0,2}了?(到|至)$")


def starting_words(question: str, sentence: str, at: int) -> str:
    """The words before a figure at `at` (an offset into the sentence) that say where its change
    started, when the question asks both ends ("出境旅游人次由多少增加到多少" -> "由8300万增加到",
    before 1亿3千多万); "" when it does not, or the sentence states no starting figure."""
    if not _FROM_TO_ASKED.search(normalize_width(question)):
        return ""
    m = _FROM_BEFORE.search(normalize_width(sentence)[:at])
    return sentence[m.start() : at] if m and figures_in(m.group(2)) else ""


_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:：]\d{2}(?!\d)")


def figures_of(clause: str) -> list[Figure]:
    """The figures of a clause that state a quantity (not dates, ordinals, list numbers,
    telephone numbers or times of day)."""
    out = []
    norm = normalize_width(clause)
    phones = [m.span() for pattern in (PHONE, _CLOCK) for m in pattern.finditer(norm)]
    for f in figures_in(clause):
        after = clause[f.end :]
        if _NOT_A_FIGURE_AFTER.match(after) or _LABEL_BEFORE.search(clause[: f.start]):
            continue
        if any(a <= f.start < b for a, b in phones):
            continue  # a telephone number (0371-12345678) or a time of day (8:30)
        if re.match(r"[A-Za-z]", after) or re.search(r"[A-Za-z]$", clause[: f.start]):
            continue  # part of a name: 5G, H7N9, PM2.5
        out.append(f)
    return out


def shared_head(parts: list[str]) -> list[str]:
    """ "城镇居民和农村居民人均可支配收入": the parts before the last share its head noun
    (城镇居民人均可支配收入); parts that name their own ("地区生产总值和粮食总产量") keep theirs."""
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < 2:
        return parts
    last = parts[-1]
    out = []
    for part in parts[:-1]:
        for n in range(min(len(part), 4), 1, -1):
            at = last.find(part[-n:])
            head = last[at + n :] if at >= 0 else ""
            if at >= 0 and len(head) >= 2 and at + n <= len(last) // 2 + 2:
                part += head
                break
        out.append(part)
    return [*out, last]
