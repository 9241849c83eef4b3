"""The time a figure describes, as its sentence writes it: a year written right before it ("从2009年
的2.8%"), the last year or span named before it, 今年 / 去年 / 过去五年 read against the report's
year, and whether the words before it set a target."""

from __future__ import annotations

import re

from facts import lexicon as lx
from facts.periods import FIVE_YEAR_PLANS
from text.width import normalize_width

YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?![度代])")
YEAR_SPAN = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*(?:—|–|-|~|～|到|至)\s*((?:19|20)\d{2})\s*年")
COMPARISON = re.compile(r"比上年|较上年|比去年|比上一年|上年同期|同比|环比|比\s*(?:19|20)\d{2}\s*年")
# A year that fixes prices, not the time told of: "（2010年不变价）", "按2015年可比价格计算",
# "以2000年为基期".
PRICE_BASE = re.compile(
    r"(?:按|以)?\s*(?:19|20)\d{2}\s*年\s*(?:不变价格?|可比价格?|价格计算|价格|为基期|为基年|基期|基年)"
)
# A year a plan looks towards, not the time told of: "部署启动面向2030年的科技创新重大项目。全社会研发
# 经费支出与国内生产总值之比达到2.08%" (2016's).
HORIZON = re.compile(r"(?:面向|瞄准|展望|着眼于?)\s*(?:19|20)\d{2}\s*年")

# A time written right before a figure is that figure's: "从2009年的2.8%", "2012年为51.9万亿元",
# "降到去年的1.5%左右" (not "比2012年", a comparison). 去年 is the year before the report's; 上年 the
# year before the one told of ("2003年…由上年46亿元": 2002), left to the part and the sentence.
_TIME = r"(?<![比较])(?:((?:19|20)\d{2})\s*年(?:末|底)?|(今年|去年|本年))(?:的|为|是|达到|达)?\s*"
_ATTACHED_TIME = re.compile(_TIME + r"(?=\d)")
ATTACHED_TIME_END = re.compile(_TIME + "$")
LAST_YEAR_END = re.compile(r"(?<![比较])上年的?\s*$")
SINCE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:以来|来)")


def time_right_before(before: str, year: int | None) -> tuple[int, int] | None:
    """The year written right before a figure ("2009年的", "去年的", "2012年为"), read against the
    report's year; None when none is."""
    m = ATTACHED_TIME_END.search(normalize_width(before))
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(1))
    if year is None:
        return None
    y = year - 1 if m.group(2) == "去年" else year
    return y, y


def without_attached_times(text: str) -> str:
    """The text without the times written right before its figures ("从2009年的2.8%降到" ->
    "从2.8%降到"): each is its figure's time, not the time of what follows."""
    return _ATTACHED_TIME.sub("", normalize_width(text))


def sets_target(before: str) -> bool:
    """Whether the words before a figure set a target: a plan word, or a figure held to (控制在)."""
    return bool(lx.TARGET_VERBS.search(lx.NOT_PLANS.sub("", normalize_width(before))))


# what follows a five-year plan's name when it names the plan's years
_PLAN_AS_TIME = r"(时期|期间|以来|末|期末|前[一二三四]?年|头[一二三四]?年|开局|收官|中期|这五年)"


def named_period(before: str, year: int | None) -> tuple[int, int] | None:
    """The last year, span or five-year plan a text names, or 今年 / 去年 / 过去五年 read against the
    report's year ("2001年以来" runs to the report's year); None when it names no time."""
    text = HORIZON.sub("", PRICE_BASE.sub("", COMPARISON.sub("", normalize_width(before))))
    spans = list(YEAR_SPAN.finditer(text))
    years = list(YEAR.finditer(text))
    last_span = spans[-1] if spans else None
    last_year = years[-1] if years else None
    # a plan named after every year ("到2020年…比2010年翻一番，“十三五”时期经济年均增长") is the time
    # ("“十四五”开局之年" names no span: only 时期 / 期间 do)
    plans = [
        (m.start(), span)
        for name, span in FIVE_YEAR_PLANS.items()
        for m in re.finditer(re.escape(name.strip("“”")) + r"”?(时期|期间)", text)
    ]
    if plans and max(plans)[0] >= max((m.end() for m in (last_span, last_year) if m), default=0):
        return max(plans)[1]
    if last_span and (not last_year or last_span.end() >= last_year.end()):
        return int(last_span.group(1)), int(last_span.group(2))
    if last_year:
        since = int(last_year.group(1))
        if re.match(r"\s*(以来|来)", text[last_year.end() :]):  # up to the report's year, if known
            return (since, max(since, year)) if year is not None else None
        return since, since
    for name, span in FIVE_YEAR_PLANS.items():  # "“十二五”以来", "十二五末"; not a plan's document
        # ("发布实施“十二五”节能减排综合性工作方案。清洁能源发电装机达到2.9亿千瓦": 2011's figure)
        m = re.search(re.escape(name.strip("“”")) + r"”?" + _PLAN_AS_TIME, text)
        if m:  # "以来" runs to the report's year, as "2001年以来" does
            return (span[0], max(span[0], year)) if m.group(1) == "以来" and year is not None else span
    y = year
    if y is not None:
        m = re.search(r"(?:过去|近)([两二三四五六七八九十])年|([两二三四五六七八九十])年(?:来|间|累计)", text)
        if m:  # 两年来, 过去五年: the years before the report's
            n = lx.CHINESE_DIGITS[m.group(1) or m.group(2)]
            return y - n, y - 1
        if re.search(r"今后五年|未来五年", text):
            return y, y + 4
        if re.search(r"^(去年|上年|过去一年|一年来)", text):
            return y - 1, y - 1
        if "今年" in text:
            return y, y
    return None
