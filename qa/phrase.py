"""Answers that are not figures: a condition, a group, a document, a date or deadline, a hotline.

Named rules, each a small function tested on its own (tests/qa/test_phrase.py):
- `asked_kind`: what kind of value a question asks for (a phone number, a date, a span of dates,
  an amount of money), so that the value stated is of that kind and not another number of the
  same sentence (a date where a hotline is asked);
- `value_of_kind`: that value in a sentence, as written (for a deadline, `asks_deadline`, the date a
  span ends on);
- (text.sentences.is_question: a sentence that asks (问：…？) never answers; in notices written
  as questions and answers the answer after it is quoted: qa/extractive.py);
- `answer_span`: the part of an answering sentence that answers ("包括：A、B、C" -> "A、B、C"),
  stated before the quote;
- `whole_list`: a sentence that is one item of a numbered list ("（三）医疗费用票据；") answers a
  question asking for a group or documents only with the other items: the list is quoted whole.
"""

from __future__ import annotations

import re

import cn2an

from text.numbers import PHONE as PHONE_NUMBER
from text.sentences import sentence_spans
from text.width import normalize_width

PHONE, DATE, DATE_SPAN, AMOUNT = "phone", "date", "date span", "amount"

_ASKS = (
    (PHONE, re.compile(r"电话|热线|号码|打哪|拨打|咨询哪")),
    (DATE_SPAN, re.compile(r"从哪天到哪天|起止|哪天到哪天|什么时候到什么时候|期限从|时间段|从什么时候")),
    (DATE, re.compile(r"哪天|哪一天|几月几[日号]|什么时候|何时|截止|最晚|最迟|期限|日期|时间是")),
    (AMOUNT, re.compile(r"多少钱|交多少|缴多少|花多少|补贴多少|补助多少|多少元")),
)
_DAY = r"(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]"
_DATE = re.compile(_DAY)
_DATE_SPAN = re.compile(rf"{_DAY}\s*(?:至|到|—|－|-|~|～)\s*{_DAY}")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?元")
_PATTERNS = {PHONE: PHONE_NUMBER, DATE: _DATE, DATE_SPAN: _DATE_SPAN, AMOUNT: _AMOUNT}
# What introduces the answering part of a sentence, latest first: "第一档人群包括：…", "具体为：…".
_SPAN_START = re.compile(r"(包括|包含|分别是|分别为|具体为|具体是|如下|为|是|有)[：:]|[：:]")


def asked_kind(question: str) -> str | None:
    """PHONE, DATE_SPAN, DATE or AMOUNT when the question asks for one; None otherwise."""
    text = normalize_width(question)
    for kind, words in _ASKS:
        if words.search(text):
            return kind
    return None


_DEADLINE = re.compile(r"截止|截至|最晚|最迟|期限|到哪天|到什么时候|哪天之前|结束")


def asks_deadline(question: str) -> bool:
    """Whether a date question asks when something ends ("最晚哪天交", "截止日期"), not when it starts."""
    return bool(_DEADLINE.search(normalize_width(question)))


def value_of_kind(sentence: str, kind: str, deadline: bool = False) -> str | None:
    """The first value of that kind in the sentence, as written; None when it holds none. For a
    deadline (`deadline`), the date a span of dates ends on: "9月15日至12月31日" -> "12月31日"."""
    norm = normalize_width(sentence)
    span = _DATE_SPAN.search(norm) if kind == DATE and deadline else None
    if span is not None:
        last = list(_DATE.finditer(norm, span.start(), span.end()))[-1]
        return sentence[last.start() : last.end()]
    m = _PATTERNS[kind].search(norm)
    return sentence[m.start() : m.end()] if m else None


def answer_span(sentence: str, min_chars: int = 4) -> str | None:
    """The answering part of a sentence: what follows its last "包括：", "为：" or colon, up to the
    sentence end; None when there is none or it is the whole sentence."""
    norm = normalize_width(sentence)
    starts = list(_SPAN_START.finditer(norm))
    if not starts:
        return None
    begin = starts[-1].end()
    span = sentence[begin:].strip().rstrip("。；;！!")
    if len(span) < min_chars or begin <= 2:  # "答：…" alone introduces the whole sentence
        return None
    return span


# A list item's number at a sentence start: （三） (3) 3. 3、 三是 三、 ③; or the first item right
# after the colon that opens the list ("需提交以下材料：（一）申请表；").
_CN = "一二三四五六七八九十"
_ITEM = (
    ("paren", re.compile(rf"^\s*[（(]\s*([{_CN}]{{1,3}}|\d{{1,2}})\s*[）)]")),
    ("point", re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)")),
    ("shi", re.compile(rf"^\s*([{_CN}]{{1,3}})是")),
    ("comma", re.compile(rf"^\s*([{_CN}]{{1,3}})、")),
    ("circled", re.compile(r"^\s*([①-⑳])")),
)
_OPENED = re.compile(r"[：:]\s*$")
LIST_MAX_CHARS = 400  # a longer list is not quoted whole: its best item is


def _value(n: str) -> int | None:
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    try:
        return int(cn2an.cn2an(n, "smart"))
    except ValueError:
        return None


def _item(sentence: str) -> tuple[str, int, int] | None:
    """(marker style, number, where the item starts) of a list item sentence, else None."""
    norm = normalize_width(sentence)
    colon = max(norm.rfind("："), norm.rfind(":"))
    for start in (0, colon + 1) if colon >= 0 else (0,):
        for style, pattern in _ITEM:
            m = pattern.match(norm[start:])
            value = _value(m.group(1)) if m else None
            if m and value is not None and (start == 0 or value == 1):
                return style, value, start
    return None


def whole_list(text: str, offset: int) -> tuple[int, int, str] | None:
    """The numbered list the sentence at `offset` of `text` is an item of: (start, end) of the list
    in `text` with the sentence that opens it with a colon, and the items alone ("（一）…；（二）…")
    as the answering span. None when the sentence is no item of a list of two or more, or the
    list is longer than LIST_MAX_CHARS."""
    spans = sentence_spans(text)
    at = next((i for i, (o, _) in enumerate(spans) if o == offset), None)
    here = _item(spans[at][1]) if at is not None else None
    if at is None or here is None:
        return None
    items = {i: _item(s) for i, (_, s) in enumerate(spans)}

    def follows(i: int, j: int) -> bool:  # item j is the item after item i
        a, b = items.get(i), items.get(j)
        return a is not None and b is not None and a[0] == b[0] and b[1] == a[1] + 1 and b[2] == 0

    first = last = at
    while first > 0 and follows(first - 1, first):
        first -= 1
    while last + 1 < len(spans) and follows(last, last + 1):
        last += 1
    if first == last:
        return None
    begin = spans[first][0] + items[first][2]  # type: ignore[index]
    start = spans[first][0]
    if items[first][2] == 0 and first > 0 and _OPENED.search(spans[first - 1][1]):  # type: ignore[index]
        start = spans[first - 1][0]
    end = spans[last][0] + len(spans[last][1])
    if end - start > LIST_MAX_CHARS:
        return None
    return start, end, text[begin:end].strip().rstrip("。；;")
