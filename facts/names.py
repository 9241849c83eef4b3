"""An indicator's names: the form compared (core), and its other names (aliases: GDP is
国内生产总值, 单位GDP能耗 is 单位国内生产总值能源消耗)."""

from __future__ import annotations

import re
from functools import lru_cache

from facts import lexicon as lx
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
SHARE_END = re.compile(r"(比重|比例|占比|的比例|的比重|率)$")
_AMOUNT_END = re.compile(r"(的)?(总量|总额|规模|数量|数额|金额)$")  # GDP总量 is GDP
_OF_WHOLE = re.compile(r"(占|在).{2,}$")  # "服务业增加值占国内生产总值(比重)": the part is the indicator


def core_text(indicator: str) -> str:
    """An indicator folded, without spaces and quotes (its rate or share ending kept)."""
    return re.sub(r"[\s“”‘’\"'《》]+", "", normalize_width(indicator))


def core(indicator: str) -> str:
    """An indicator in the form compared: folded, no spaces, without a rate or share ending."""
    text = core_text(indicator)
    text = _AMOUNT_END.sub("", text) if len(_AMOUNT_END.sub("", text)) >= 2 else text
    text = lx.ACTION_ENDS.sub("", text) if len(lx.ACTION_ENDS.sub("", text)) >= 2 else text
    stripped = SHARE_END.sub("", text)
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
