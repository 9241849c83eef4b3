"""Document metadata read from the report's own words: title, issuer, year, level, type, date.

Reports state who they come from and when, in a few fixed forms: the title line ("2016年国务院政府
工作报告"), the dateline ("——2018年3月5日在第十三届全国人民代表大会第一次会议上"), the speaker
("我代表国务院", "四川省人民政府省长…", "中共××乡委员会") and the plan year inside the text
("一、2023年工作回顾" is read out in 2024). File names are never used: users' files are often
called 1.txt or 下载.pdf. What the text does not state stays None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from core.types import ReportMeta
from facts.periods import report_place
from text.width import IDEOGRAPHS, half_width, normalize_width

FRONT_LINES = 12  # title, dateline and speaker sit in the first lines, before the body starts
TITLE_MAX = 60

_CJK_SPACE = re.compile(f"(?<=[{IDEOGRAPHS}])[\\s\u3000?]+(?=[{IDEOGRAPHS}])")
_YEAR = r"((?:19|20)\d{2})"
_DATELINE = re.compile(_YEAR + r"\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在[^。]{0,40}?(?:会议|大会|会)上")
_WIRE_DATE = re.compile(r"^新华社\S{0,6}?" + _YEAR + r"年(\d{1,2})月(\d{1,2})日电")
_DATE_ONLY = re.compile(_YEAR + r"年\d{1,2}月\d{1,2}日$")
_TITLE_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)\s*年?(?:度)?")
_REVIEW_HEADING = re.compile(r"^[一二三四五六七八九十]+、\s*" + _YEAR + r"\s*年(?:工作)?回顾")
_PLAN_YEAR = re.compile(
    _YEAR
    + r"\s*年(?:经济社会)?发展(?:的)?主要预期目标|"
    + _YEAR
    + r"\s*年(?:政府)?工作(?:的)?总体(?:部署|要求)"
)
_BODY_START = re.compile(r"^(各位代表|同志们|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章部编篇])")
_TITLE_WORDS = re.compile(
    r"(报告|汇报|总结|讲话|规划|纲要|意见|方案|公报|要点|通知|公告|通告|办法|指南|细则|决定|问答|解读|答问|说明|规定|批复)"
)
_TYPES = (
    "政府工作报告",
    "情况汇报",
    "工作汇报",
    "述职报告",
    "调研报告",
    "工作总结",
    "工作要点",
    "工作报告",
    "讲话",
    "规划",
    "汇报",
    "报告",
)
_GOV_SPEAKER = re.compile(
    r"我代表(国务院|省人民政府|自治区人民政府|市人民政府|州人民政府|县人民政府|区人民政府|乡人民政府|镇人民政府)"
)
_NATIONAL = re.compile(r"我代表国务院|国务院总理|^\d{4}年?国务院")
_NAMED_GOV = re.compile(
    rf"([{IDEOGRAPHS}×Ｘ]{{2,12}}?(?:省|自治区|市|自治州|州|盟|自治县|县|区|旗|乡|镇|街道))人民政府"
)
_PARTY = re.compile(
    rf"((?:中共|中国共产党)[{IDEOGRAPHS}×Ｘ]{{1,12}}?(?:省|自治区|市|州|县|区|旗|乡|镇|街道|村)(?:委员会|委|支部委员会|总支部委员会))"
)
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_ADDRESSEE = re.compile(r"^各.{1,30}[：:]$|[：:]$")
_DEPARTMENT = re.compile(
    rf"^([{IDEOGRAPHS}]{{2,12}}?(?:省|自治区|市|自治州|州|县|区|旗|乡|镇))[{IDEOGRAPHS}]{{2,12}}"
    r"(?:局|厅|委员会|办公室|办公厅|中心|管理处)$"
)
_UNIT_LEVELS = (
    ("自治区", "provincial"),
    ("省", "provincial"),
    ("自治州", "city"),
    ("州", "city"),
    ("盟", "city"),
    ("市", "city"),
    ("自治县", "county"),
    ("县", "county"),
    ("区", "county"),
    ("旗", "county"),
    ("街道", "township"),
    ("乡", "township"),
    ("镇", "township"),
)


def compact(line: str, fold: bool = True) -> str:
    """Half-width digits and no spaces between Chinese characters ("政 府 工 作" -> "政府工作"); with
    `fold`, simplified characters too (what is matched), else the characters as written."""
    return _CJK_SPACE.sub("", normalize_width(line) if fold else half_width(line)).strip()


def _as_written(found: str | None, front: list[str], written: list[str]) -> str | None:
    """A value read off the simplified front lines, in the characters the report uses (a report
    in traditional characters keeps its title 東湖縣2024年政府工作報告)."""
    if not found:
        return found
    for line, original in zip(front, written, strict=True):
        i = line.find(found)
        if i >= 0 and len(line) == len(original):
            return original[i : i + len(found)]
    return found


def detect_metadata(paragraphs: Sequence[str], filename: str | None = None) -> ReportMeta:
    """Metadata stated by the report itself; `filename` is accepted for logging only, never read.

    Unknown stays unknown: a field is set only when the text says it.
    """
    del filename  # names like 1.txt or 下载(3).pdf say nothing reliable
    front = _front_matter(paragraphs)
    written = [compact(p, fold=False) for p in paragraphs[: len(front)]]
    title = _title(front)
    dateline = _dateline(front)
    issuer, level = _issuer(front, title)
    meta = ReportMeta(
        title=_as_written(title, front, written),
        issuer=_as_written(issuer, front, written),
        year=_year(title, dateline, front, paragraphs),
        level=level,
        report_type=_report_type(title, front),
        date=dateline.isoformat() if dateline else None,
    )
    meta.place = report_place(meta) or None
    return meta


def fallback_title(meta: ReportMeta, stem: str) -> str:
    """A label for a report whose text states no title: "2017年国务院政府工作报告" when year, issuer
    and type are all known, else the file's name."""
    if meta.year and meta.issuer and meta.report_type:
        return f"{meta.year}年{meta.issuer}{meta.report_type}"
    return stem


def _front_matter(paragraphs: Sequence[str]) -> list[str]:
    """The lines before the body: title, wire line, dateline, speaker, salutation."""
    front: list[str] = []
    for p in paragraphs[:FRONT_LINES]:
        line = compact(p)
        if front and (len(line) > 120 or (_BODY_START.match(line) and not line.startswith("各位代表"))):
            break
        front.append(line)
    return front


def _title(front: list[str]) -> str | None:
    for line in front:
        text = line.split("——")[0].strip(" ：:")
        if (
            text
            and len(text) <= TITLE_MAX
            and _TITLE_WORDS.search(text)
            and not text.startswith(("新华社", "现在", "各位代表", "我代表"))
            and not _DATELINE.search(text)
        ):
            return text
    return None


def _dateline(front: list[str]) -> date | None:
    for line in front:
        m = _DATELINE.search(line)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _year(
    title: str | None, dateline: date | None, front: list[str], paragraphs: Sequence[str]
) -> int | None:
    """The report's year: dateline, then title, then the plan year stated in the text."""
    if dateline:
        return dateline.year
    if title:
        m = _TITLE_YEAR.search(title)
        if m:
            return int(m.group(1))
    for line in front:  # a notice's date line of its own: "2024年3月15日"
        m = _DATE_ONLY.match(compact(line))
        if m:
            return int(m.group(1))
    body: set[int] = set()
    for p in paragraphs:
        line = compact(p)
        m = _REVIEW_HEADING.match(line)
        if m:
            body.add(int(m.group(1)) + 1)
        for m in _PLAN_YEAR.finditer(line):
            body.add(int(m.group(1) or m.group(2)))
    if len(body) == 1:
        return body.pop()
    if body:  # the text disagrees with itself: say unknown rather than pick one
        return None
    for line in front:
        m = _WIRE_DATE.match(line)
        if m:  # the agency's release date: reports are published the month they are given
            return int(m.group(1))
    return None


def _issuer(front: list[str], title: str | None) -> tuple[str | None, str | None]:
    text = "\n".join(front)
    if _NATIONAL.search(text) or (title and "国务院" in title):
        return "国务院", "national"
    for line in front:
        m = _PARTY.search(line)
        if m:
            name = m.group(1)
            return name, _unit_level(re.sub(r"(支部|总支部)?(委员会|委)$", "", name))
    # Dates and "我代表" glue onto names ("2026年四川省…", "我代表市人民政府"): cut them off first.
    # A notice's addressees ("各乡镇人民政府：") are not its issuer.
    undated = [
        re.sub(r"\d+年(\d+月)?(\d+日)?|我?代表", " ", line) for line in front if not _ADDRESSEE.match(line)
    ]
    for line in undated:
        if "人民代表大会" in line and "人民政府" not in line:
            continue
        m = _NAMED_GOV.search(line)
        if m:
            unit = m.group(1)
            return f"{unit}人民政府", _unit_level(unit)
    for line in front:  # a department on a line of its own: "云溪县医疗保障局"
        m = _DEPARTMENT.match(line)
        if m:
            return line, _unit_level(m.group(1))
    m = _GOV_SPEAKER.search(text)
    if m:  # "我代表省人民政府": the level is stated, the name is not
        return None, _unit_level(m.group(1).removesuffix("人民政府"))
    return None, None


def _unit_level(unit: str) -> str | None:
    if unit.endswith(_MUNICIPALITIES) or unit in ("北京", "上海", "天津", "重庆"):
        return "provincial"
    for suffix, level in _UNIT_LEVELS:
        if unit.endswith(suffix):
            return level
    return None


def _report_type(title: str | None, front: list[str]) -> str | None:
    if title:
        for t in _TYPES:
            if t in title:
                return t
    text = "".join(front)
    if "政府工作报告" in text or re.search(r"向大会(作|报告)政府工作|向大会报告工作", text):
        return "政府工作报告"
    return None
