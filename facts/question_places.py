"""The place a question asks about: a stored report's place named, a province or a country (data
in facts/place_names.txt), or a scope word (全乡, 全国) pointing at a level of report."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from facts import lexicon as lx

# a year, and a span of years, as questions write them
ASKED_YEAR_GROUP = r"((?:19|20)\d{2})"
ASKED_SPAN = re.compile(ASKED_YEAR_GROUP + r"\s*年?\s*(?:到|至|—|–|-|~|～)\s*" + ASKED_YEAR_GROUP + r"\s*年?")
ASKED_YEAR = re.compile(ASKED_YEAR_GROUP + r"\s*年度?(?!代)")

_NOT_PLACE = re.compile(r"(城市|县城|城镇|乡镇|城区|社区|园区|新区|景区|开发区|示范区|市场|农村|城乡)$")
_NOT_A_NAME = re.compile(r"[的和与在对全我本各该年这那哪此多少几什么要让给帮是有到把被从向比]")


def named_places(text: str, places: Iterable[str]) -> tuple[str, ...]:
    """Every stored place a question names, in the order named ("鹤泉和石岚两个县")."""
    found = []
    for place in sorted(places, key=len, reverse=True):
        short = re.sub(r"(自治区|省|市|自治州|县|区|旗|乡|镇|街道)$", "", place)
        at = text.find(place) if place in text else (text.find(short) if len(short) >= 2 else -1)
        if at >= 0 and not any(place in f or f in place for _, f in found):
            found.append((at, place))
    return tuple(p for _, p in sorted(found))


def _place_names() -> dict[str, bool]:
    """The places a question may name bare (facts/place_names.txt), longest first, each with
    whether 的 must follow it (China's provinces: "浙江的…", not "北京冬奥会")."""
    path = Path(__file__).with_name("place_names.txt")
    names, with_de = {}, False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            with_de = line == "[的]"
        elif line and not line.startswith("#"):
            names[line] = with_de
    return dict(sorted(names.items(), key=lambda item: len(item[0]), reverse=True))


PLACE_NAMES = _place_names()
# What may stand before the place a question opens with: a year, 今年, 请问.
_OPENING = re.compile(r"^(?:请问|(?:19|20)\d{2}\s*年度?|今年|去年|上年|[，,\s])*")


def bare_place(text: str) -> str | None:
    """A country or region the question opens with, named bare ("美国的GDP增长目标", "2018年日本
    的…"), or a province followed by 的 ("浙江的地区生产总值"; facts/place_names.txt); None when it
    opens with none."""
    rest = text[_OPENING.match(text).end() :]  # type: ignore[union-attr]
    for name, with_de in PLACE_NAMES.items():
        if rest.startswith(name) and (not with_de or rest[len(name) :].startswith("的")):
            return name
    return None


# The level a scope word of a question points at: "全乡有多少个行政村" asks of a township's report.
_SCOPES = (
    ("township", re.compile(r"全乡|全镇|全街道|我乡|我镇|本乡|本镇")),
    ("county", re.compile(r"全县|全旗|我县|本县")),
    ("city", re.compile(r"全市|全州|我市|本市")),
    ("provincial", re.compile(r"全省|我省|本省")),
    ("national", re.compile(r"全国|我国")),
)


def scope_level(text: str) -> str | None:
    """The level of report a question's scope word points at (全乡 -> township, 全国 -> national),
    or None when it has none or several."""
    levels = {level for level, words in _SCOPES if words.search(text)}
    return levels.pop() if len(levels) == 1 else None


def named_place(text: str, places: Iterable[str]) -> str | None:
    """A place the question names: one of the stored reports' places (鹤泉 for 鹤泉县), else a word
    ending in 省/市/县/区/乡/镇, else a country, region or province it opens with (bare_place)."""
    for place in sorted(places, key=len, reverse=True):
        short = re.sub(r"(自治区|省|市|自治州|县|区|旗|乡|镇|街道)$", "", place)
        if place in text or (len(short) >= 2 and short in text):
            return place
    bare = ASKED_YEAR.sub(" ", ASKED_SPAN.sub(" ", text))
    for m in lx.OTHER_PLACE.finditer(bare):  # 省/市/县 (乡, 镇 and 区 name too much else)
        name = m.group(1)
        # "这个县", "本县", "全市" point at the report's own place, "新登记注册市场" at none
        if not _NOT_A_NAME.search(name) and not _NOT_PLACE.search(name):
            return name
    return bare_place(text)
