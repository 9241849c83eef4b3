"""The parts of a figure question that the sentence answerer must find stated before it answers:
what a count asks to be counted ("多少个村": 村, in 个), a condition on it ("…的村民人均收入超过
一万元"), a threshold ("超过一万元", "35岁以下"), and the two values a difference is asked between
("A比B低多少"). Pure functions over the question's text (tests/qa/test_trial_sentence_answers.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from facts import lexicon as lx
from qa.relevance import question_words
from text.numbers import figures
from text.tokens import tokenize
from text.width import normalize_width

# Measure words a thing is counted in; 人, 名 and 位 count people alike.
COUNT_WORDS = frozenset("个名位人座家所户项条处件张台辆套批只头间栋艘架部片篇株棵种类支块")
PEOPLE = frozenset("人名位")
FIRMS = frozenset("家户")  # enterprises and households are counted in either
_ASKED_IN = "个名位座家所户项条处件张台辆套批只头间栋艘架部片篇株棵种类支块"  # (多少人 counts no thing)
_COUNT_ASKED = re.compile(rf"(?:多少|几)(?:万|千|百)?([{_ASKED_IN}])")
# "几个百分点", "几个月", "多少个工作日": a measure of change or of time, not a count of things
_NOT_COUNTED = re.compile(r"^(百分点|月|小时|工作日|星期|季度|年|学期|钟头|点)")
_STOP = re.compile(r"[的？?，,。！!；;：:\s]|呢|吗")
_BEFORE_ASKING = re.compile(r"(?:一共|总共|共|还)?(?:有|是|为|剩|剩下|达到|达|建有|设有)?(?:了)?$")
_SCOPE = re.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:全国|全省|全市|全县|全区|全乡|全镇|全村|我国|本县|本市|村里|乡里)"
)


@dataclass(frozen=True)
class CountAsked:
    """A count question: the measure word asked (个), the thing counted (村), the words asked of
    it beyond its name (its condition: "村民人均收入超过一万元", or "招商引资在建和建成" of
    "招商引资在建和建成的项目有几个"), all as written (normalised width)."""

    measure: str
    thing: str
    condition: str


def count_asked(question: str) -> CountAsked | None:
    """The count a question asks for ("多少个X", "几个X", "X有多少家", "多少名X"); None when it asks
    no count of things (多少人, 几个百分点, 几个月)."""
    text = normalize_width(question).strip()
    m = _COUNT_ASKED.search(text)
    if m is None or _NOT_COUNTED.match(text[m.end() :]) or _word_at(text, m.start(), m.start(1)):
        return None
    after = text[m.end() :]
    stop = _STOP.search(after)
    tail = after[: stop.start()] if stop else after
    thing = _before_verb(tail)
    condition = tail[len(thing) :]
    if stop and after[stop.start()] == "的":  # "多少个村的村民人均收入超过一万元"
        condition += re.split(r"[，,。？?！!；;]", after[stop.end() :])[0]
    condition = condition.strip("的 呢吗")
    if not thing:  # "招商引资在建和建成的项目有几个": the thing is named before the asking words
        before = _BEFORE_ASKING.sub("", text[: m.start()])
        before = _SCOPE.sub("", re.split(r"[，,；;：:。？?！!]", before)[-1])
        modifier, _, head = before.rpartition("的")
        thing, condition = head, " ".join(x for x in (modifier, condition) if x)
    if not thing:
        return None
    return CountAsked(m.group(1), thing, condition)


def _word_at(text: str, start: int, at: int) -> bool:
    """Whether the measure word at `at` opens a longer word as jieba reads the words from `start`
    (the asking word) on: "多少支持", "多少部门", "多少家庭" ask no count in it."""
    import jieba

    pos = start
    for w in jieba.lcut(text[start:]):
        if pos == at:
            return len(w) > 1 and w[0] != "个"
        if pos > at:
            return False
        pos += len(w)
    return False


def _before_verb(tail: str) -> str:
    """The words of `tail` before a verb marked done ("村通了自来水" -> 村, "村建立了党支部" -> 村);
    all of it when none is ("行政审批事项")."""
    import jieba

    words = jieba.lcut(tail)
    for i, w in enumerate(words):
        if w in ("了", "过", "着") and i == 1 and len(words[0]) == 2:
            return words[0][0]  # jieba joins a one-character thing to its verb: 村通 了
        if w in ("了", "过", "着"):
            return "".join(words[: max(i - 1, 0)])
        if len(w) > 1 and w.endswith(("了", "过", "着")):
            return "".join(words[:i])
    return tail


def naming_tokens(text: str) -> list[str]:
    """The words of a phrase that name something: jieba's tokens of two characters or more that
    do not ask (question_words.txt) and are no figures."""
    words = [t for t in tokenize(text) if len(t) >= 2 and not re.search(r"\d", t)]
    return [w for w in dict.fromkeys(words) if w not in question_words()]


def speaks_of_condition(sentence: str, condition: str) -> bool:
    """Whether a sentence states a question's condition: half its naming words or more (each
    threshold aside: `states_threshold` reads those by value)."""
    words = [w for w in naming_tokens(_THRESHOLD.sub(" ", condition)) if w not in _COMPARING_WORDS]
    if not words:
        return True
    said = normalize_width(sentence).lower()
    return 2 * sum(w.lower() in said for w in words) >= len(words)


# --- thresholds ----------------------------------------------------------------------------------

_NUM = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万亿点]+)"
_BOUND_BEFORE = r"超过|高于|低于|大于|小于|不足|不到|少于|多于|不低于|不高于|不少于|不超过|满|达到"
_BOUND_AFTER = r"及以上|及以下|以上|以下|以内"
_THRESHOLD = re.compile(
    rf"(?:(?P<before>{_BOUND_BEFORE})\s*(?P<a>{_NUM})(?P<ua>%|[\u4e00-\u9fff]{{0,2}}?)(?={_BOUND_AFTER}|[的，,。？?]|$)"
    rf"|(?P<b>{_NUM})(?P<ub>%|[\u4e00-\u9fff]{{0,2}}?)(?P<after>{_BOUND_AFTER}))"
)
_COMPARING_WORDS = frozenset(
    ("超过", "高于", "低于", "大于", "小于", "不足", "不到", "少于", "多于", "以上", "以下")
)
_CHINESE_NUMBER = re.compile(r"[零一二两三四五六七八九十百千万亿点]{2,}|[一二两三四五六七八九十][万亿千百]?")


@dataclass(frozen=True)
class Threshold:
    """A bound a question puts on what it asks about: "超过一万元" -> 10000, not a percent."""

    text: str
    value: float
    percent: bool


def _number(text: str) -> float | None:
    try:
        return float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


def thresholds(question: str) -> list[Threshold]:
    """The thresholds a question sets ("超过一万元", "35岁以下", "不低于90%"); years are none."""
    out = []
    for m in _THRESHOLD.finditer(normalize_width(question)):
        digits, unit = (m.group("a"), m.group("ua")) if m.group("a") else (m.group("b"), m.group("ub"))
        value = _number(digits)
        if value is None or (unit.startswith("年") and 1900 <= value <= 2100):
            continue
        out.append(Threshold(m.group(0), value, unit == "%"))
    return out


def states_threshold(sentence: str, threshold: Threshold) -> bool:
    """Whether a sentence states the threshold's value (any width, 1万元 = 一万元 = 10000元)."""
    values = [(f.low, f.percent) for f in figures(sentence)] + [
        (f.high, f.percent) for f in figures(sentence)
    ]
    for m in _CHINESE_NUMBER.finditer(normalize_width(sentence)):
        n = _number(m.group(0))
        if n is not None:
            values.append((n, False))
    return any(abs(v - threshold.value) < 1e-9 and p == threshold.percent for v, p in values)


# --- differences ---------------------------------------------------------------------------------

_MORE_LESS = r"高|低|多|少|大|小|快|慢|长|短|增加|减少|提高|降低|下降|增长|上升"
_DIFFERENCE = (
    re.compile(
        rf"^(?P<a>.*?)(?<![同环])(?:比(?![例重率])|较)(?P<b>[^，,。？?]+?)(?:的)?(?:{_MORE_LESS})(?:了|出)?(?:多少|几)"
    ),
    re.compile(
        rf"^(?P<a>.+?)(?:和|与|跟|同)(?P<b>[^，,。？?]+?)(?:相比|比较)[，,]?(?:{_MORE_LESS})(?:了|出)?(?:多少|几)"
    ),
    re.compile(
        r"^(?P<a>.+?)(?:和|与|跟|同)(?P<b>[^，,。？?]+?)(?:之间)?(?:的)?(?:相差|差距|差值|之差|差了|差)"
        r"(?:是|有|为)?(?:多少|几|多大)"
    ),
)
# "比上年增长多少", "较去年同期": a change the reports state as such (比上年增加…), not two values
_RELATIVE = re.compile(r"^(上年|去年|上一年|前一年|同期|上年同期|往年|以前|改革前|过去)")
_POINTING = re.compile(r"^(它|它们|其|这个|这|那个|那|该|此)(的)?")
_YEARS = re.compile(r"(?:19|20)\d{2}\s*年?(?:度)?")


@dataclass(frozen=True)
class DifferenceAsked:
    """A question asking the difference between two values: each as a phrase to ask about alone
    ("" for a word pointing back: 它), the second completed from the first when it names only a
    year ("2017年GDP增长目标比2016年…": 2016年GDP增长目标)."""

    first: str
    second: str


def difference_asked(question: str) -> DifferenceAsked | None:
    """The two values a question asks the difference of ("它比…一人兼的比例低多少", "A和B相差多少");
    None for a change against the year before (比上年增长多少: stated as such) or no difference."""
    text = normalize_width(question).strip()
    for pattern in _DIFFERENCE:
        m = pattern.search(text)
        if m is None:
            continue
        a, b = m.group("a").strip(" ，,"), m.group("b").strip(" ，,")
        if not b or _RELATIVE.match(b):
            return None
        a = "" if _POINTING.sub("", a) == "" else a
        a = _completed(a, b)
        a_rest = _YEARS.sub("", a).strip("的 ")
        if a_rest and not _YEARS.sub("", b).strip("的 "):  # "…比2016年": the first's words, in 2016
            b = b + a_rest
        return DifferenceAsked(a, b)
    return None


def _completed(first: str, second: str) -> str:
    """The first of two values named short, completed from the second: "城镇和农村居民收入" ->
    城镇居民收入, "城镇居民和农村居民人均收入" -> 城镇居民人均收入 (the second's words after the end
    they share)."""
    qualifier = next((q for q in lx.QUALIFIERS if second.startswith(q)), "")
    if qualifier and first in lx.QUALIFIERS:
        return first + second[len(qualifier) :]
    for n in range(len(first) - 1, 1, -1):
        at = second.find(first[-n:])
        if at > 0 and second[at + n :]:
            return first + second[at + n :]
    return first
