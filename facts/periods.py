"""When and where a part of a report speaks of: the years a section describes, and the report's
place and the places a sentence names."""

from __future__ import annotations

import re

from core.types import ReportMeta
from facts import lexicon as lx
from text.width import normalize_width

_REVIEW_HEADING = re.compile(r"回顾|过去|进展|成效|成绩|完成情况|基本情况")
# A review of the report's own year so far: "二、上半年工作进展", "一季度工作情况".
_THIS_YEAR_SO_FAR = re.compile(r"上半年|今年以来|年初以来|[一二三]季度|前三季度|1[-—至~]\d{1,2}月|本年")
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_OFFICE = re.compile(r"(人民政府|人民代表大会|委员会|政府|党委|党组|办公室|办公厅)$")
_NATIONAL = ("国务院", "全国", "中央")
# Words ending like a place that are not one: 城市, 县城, 超市, 都市.
_NOT_PLACES = re.compile(
    r"(城市|县城|超市|都市|城区|社区|园区|新区|景区|开发区|示范区|试验区|街区|市区|郊区)$"
)


# The five-year plans by name: "十一五"时期 is 2006-2010.
FIVE_YEAR_PLANS = {
    "十五五": (2026, 2030),
    "十四五": (2021, 2025),
    "十三五": (2016, 2020),
    "十二五": (2011, 2015),
    "十一五": (2006, 2010),
    "“十五”": (2001, 2005),
}


def reviews(section_path: tuple[str, ...]) -> bool:
    """Whether a part tells results ("一、2023年工作回顾", "二、上半年工作进展", "一、基本情况")."""
    return bool(section_path) and bool(_REVIEW_HEADING.search(normalize_width(section_path[0])))


def chunk_period(year: int | None, section_path: tuple[str, ...]) -> tuple[int, int] | None:
    """The years a chunk speaks about: a report's review part ("一、2015年工作回顾", "过去五年工作
    回顾") tells what happened before the report's year, the rest what is planned for it."""
    if year is None:
        return None
    top = normalize_width(section_path[0]) if section_path else ""
    for name, span in FIVE_YEAR_PLANS.items():  # "一、“十一五”时期…的回顾", "二、“十三五”时期主要目标任务"
        if name in top:
            return span
    if not _REVIEW_HEADING.search(top):
        return year, year
    m = _HEADING_YEAR.search(top)
    if m:
        return int(m.group(1)), int(m.group(1))
    if _THIS_YEAR_SO_FAR.search(top):
        return year, year
    if "五年" in top:
        return year - 5, year - 1
    return year - 1, year - 1


def report_place(meta: ReportMeta) -> str:
    """The place a report speaks for, from its issuer or title: 东湖县人民政府 -> 东湖县, 国务院 ->
    全国; "" when neither names one."""
    for text in (meta.issuer or "", meta.title or ""):
        folded = normalize_width(text)
        if any(folded.startswith(w) for w in _NATIONAL):
            return "全国"
        # the innermost place the issuer names: 中共榆坪县杏湾乡委员会 speaks for 杏湾乡
        first = folded.split()[0] if folded.split() else folded
        names, end = [], 0
        for m in lx.PLACE.finditer(_OFFICE.sub("", first.removeprefix("中共"))):
            if m.start() != end or _NOT_PLACES.search(m.group(1)):
                break  # a chain from the start: 榆坪县杏湾乡, not 石岚县就业服务中心…
            names.append(m.group(1))
            end = m.end()
        if names:
            return names[-1]
    return ""


def place_of(before: str, report_place: str) -> str:
    """The place a figure is about: the report's own, unless the clause before it names another
    (上海市, 四川省…) that is not a scope word of the report's own (全县, 我市)."""
    text = re.sub(r"((?:19|20)\d{2})\s*年", " ", normalize_width(before))
    for word in lx.SCOPE_WORDS:
        text = text.replace(word, " ")
    for m in lx.OTHER_PLACE.finditer(text):
        name = m.group(1).rsplit("的", 1)[-1]  # "…的和田县"
        if (
            name.startswith(("全", "我", "本", "各", "该"))
            or _NOT_PLACES.search(name)
            or re.search("[等的在对向从比]", name)
        ):
            continue
        if report_place and (name in report_place or report_place in name):
            continue
        if len(name) >= 3:
            return name
    return report_place


# The ending of a place's name: 东湖县 is 东湖 without it.
PLACE_END = re.compile(r"(自治区|省|市|自治州|州|县|区|旗|乡|镇|街道)$")


def same_place(a: str, b: str) -> bool:
    """Whether two place names are one place: 东湖县 and 东湖, 四川省 and 四川."""
    if not a or not b:
        return True
    a, b = normalize_width(a), normalize_width(b)
    short, other = PLACE_END.sub("", a), PLACE_END.sub("", b)
    return a == b or short == other or short in b or other in a
