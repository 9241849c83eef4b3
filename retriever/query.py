"""What a question says about itself: the years it names, whether it asks for a number, and the
report's own words for the terms users write (GDP -> 国内生产总值)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.types import LEVELS
from facts.periods import same_place
from text.report_words import named_report_year, without_report_words
from text.width import normalize_width

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
COLLOQUIAL_FILE = Path(__file__).with_name("colloquial.txt")

_Y = r"((?:19|20)\d{2})"
_RANGE = re.compile(_Y + r"\s*年?\s*(?:到|至|—|–|-|~|～)\s*" + _Y + r"\s*年")
_SINGLE = re.compile(_Y + r"\s*年(?!代)")
# "2015年实际增长了多少" is answered by the next year's report, which reviews 2015.
_REVIEW = re.compile(r"实际|实现|完成|达到|增长了|下降了|取得|回顾|成效|成绩|过去")
# "2016年GDP增长目标" is answered by the 2016 report alone: it sets that year's targets.
_TARGET = re.compile(r"目标|计划|预期|打算|安排|拟|力争|任务|部署|今年")
_NUMBER_INTENT = re.compile(
    r"多少|几[个项次年倍万亿]?|比例|比重|百分|目标|增速|增幅|涨幅|[增长降]\S{0,2}率|率是|数量|规模|金额|总额|总量|预期|指标"
)


@dataclass(frozen=True)
class Filters:
    """Which documents a search may return. None means no restriction."""

    doc_ids: frozenset[str] | None = None
    issuer: str | None = None
    level: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    place: str | None = None  # 鹤泉县: that place's reports (and those of no known place)
    undated: bool = False  # with years: the reports of no known year too (years read off a question)

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in LEVELS:
            raise ValueError(f"层级（level）无效：{self.level}。可用值：{'、'.join(LEVELS)}")
        if self.year_from and self.year_to and self.year_from > self.year_to:
            raise ValueError(f"年份范围无效：{self.year_from} 晚于 {self.year_to}")

    @property
    def empty(self) -> bool:
        return self == Filters()

    def with_years(self, year_from: int, year_to: int, undated: bool = False) -> Filters:
        return replace(self, year_from=year_from, year_to=year_to, undated=undated)

    def with_place(self, place: str) -> Filters:
        return replace(self, place=place)

    def matches(self, doc_id: str, meta: dict[str, Any]) -> bool:
        return (
            (self.doc_ids is None or doc_id in self.doc_ids)
            and (self.issuer is None or meta.get("issuer") == self.issuer)
            and (self.level is None or meta.get("level") == self.level)
            and self._year_matches(meta.get("year"))
            and (self.place is None or same_place(self.place, meta.get("place") or ""))
        )

    def _year_matches(self, year: int | None) -> bool:
        if self.year_from is None and self.year_to is None:
            return True
        if year is None:
            return self.undated
        return (self.year_from is None or year >= self.year_from) and (
            self.year_to is None or year <= self.year_to
        )

    def describe(self, titles: Mapping[str, str | None] | None = None) -> str:
        """In Chinese, for the hits to say which filter was applied: "年份 2016；报告 《…》、《…》",
        the reports chosen named by their titles (`titles`: doc_id -> title) where known, else by
        their ids ("文档 a、b")."""
        parts = []
        if self.year_from is not None or self.year_to is not None:
            lo, hi = self.year_from, self.year_to
            parts.append(f"年份 {lo}" if lo == hi else f"年份 {lo or '…'}–{hi or '…'}")
        if self.place:
            parts.append(f"地区 {self.place}")
        if self.issuer:
            parts.append(f"发布机关 {self.issuer}")
        if self.level:
            parts.append(f"层级 {self.level}")
        if self.doc_ids is not None:
            named = [f"《{t}》" for d in sorted(self.doc_ids) if (t := (titles or {}).get(d))]
            ids = "、".join(sorted(self.doc_ids))
            parts.append("报告 " + "、".join(named) if len(named) == len(self.doc_ids) else f"文档 {ids}")
        return "；".join(parts)


@dataclass(frozen=True)
class ParsedQuestion:
    text: str
    years: tuple[int, int] | None  # the year or range the question names
    reviews: bool  # asks what happened in a year (answered by the next year's report too)
    of_report: bool  # the year names the report asked about ("2013年政府工作报告中的…"): that one
    targets: bool  # asks what was planned for a year (answered by that year's report)
    wants_number: bool
    expansions: tuple[str, ...] = field(default_factory=tuple)  # report words for the user's words
    # everyday words of the question (看病, 生娃) and the report's terms for them (就医, 住院分娩)
    everyday: tuple[str, ...] = field(default_factory=tuple)
    official: tuple[str, ...] = field(default_factory=tuple)

    @property
    def with_official(self) -> str:
        """The question followed by the report's terms for its everyday words, for searching
        ("放开二孩以后政府怎么跟进（生育 两个孩子）"); the question itself when there are none."""
        terms = [t for t in self.official if t not in self.expansions]
        return f"{self.text}（{' '.join(terms)}）" if terms else self.text


def parse_question(question: str) -> ParsedQuestion:
    text = normalize_width(question).strip()
    years: tuple[int, int] | None = None
    m = _RANGE.search(text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        years = (min(a, b), max(a, b))
    else:
        found = sorted({int(y) for y in _SINGLE.findall(text)})
        if found:
            years = (found[0], found[-1])
    report_year = named_report_year(text)
    if report_year:
        years = (report_year, report_year)
    return ParsedQuestion(
        text=without_report_words(text),  # the report is what is searched in, not what for
        years=years,
        reviews=bool(_REVIEW.search(text)),
        of_report=report_year is not None,
        targets=bool(_TARGET.search(text)),
        wants_number=bool(_NUMBER_INTENT.search(text)),
        expansions=expand_terms(text),
        **dict(zip(("everyday", "official"), official_terms(text), strict=True)),
    )


def _read_groups(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if words and not line.startswith("#"):
            groups.append((words[0], tuple(words[1:])))
    return groups


@lru_cache(maxsize=1)
def synonym_groups() -> list[tuple[str, tuple[str, ...]]]:
    """The report's word and the user's words for it (GDP -> 国内生产总值), from synonyms.txt."""
    return _read_groups(SYNONYMS_FILE)


@lru_cache(maxsize=4096)
def same_thing(word: str) -> frozenset[str]:
    """The word and the words synonyms.txt groups with it, lower case, for telling whether a text
    speaks of what a word names: "棚户区改造" -> {"棚户区改造", "棚户区", "棚改"}. A word that begins
    with a group's word of two or more characters takes the group (the report's short forms), and so
    does a word one character short of one (the search tokens "棚户" of "棚户区"). A group's word
    inside the word is left out, being less specific: "城镇调查失业率" does not take "失业率", which
    城镇登记失业率 holds too."""
    low = word.lower()
    out = {low}
    for canonical, others in synonym_groups():
        members = {m.lower() for m in (canonical, *others)}
        if low in members or any(
            (len(m) >= 2 and low.startswith(m))
            or (len(low) >= 2 and m.startswith(low) and len(m) == len(low) + 1)
            for m in members
        ):
            out |= {m for m in members if m not in low}  # not its own part: 失业率 of 城镇调查失业率
    return frozenset(out)


@lru_cache(maxsize=1)
def colloquial_groups() -> list[tuple[str, tuple[str, ...]]]:
    """The report's term and everyday words for it (看病 -> 就医), from colloquial.txt."""
    return _read_groups(COLLOQUIAL_FILE)


@lru_cache(maxsize=1)
def _everyday_index() -> dict[str, tuple[str, ...]]:
    """everyday word (lower case) -> the report's terms for it, in file order."""
    out: dict[str, list[str]] = {}
    for official, words in colloquial_groups():
        for w in words:
            terms = out.setdefault(w.lower(), [])
            if official not in terms:
                terms.append(official)
    return {w: tuple(t) for w, t in out.items()}


@lru_cache(maxsize=1)
def _related_index() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for official, words in colloquial_groups():
        group = {official.lower(), *(w.lower() for w in words)}
        for w in words:
            out.setdefault(w.lower(), set()).update(group)
    return {w: frozenset(g) for w, g in out.items()}


def related_words(everyday: str) -> frozenset[str]:
    """An everyday word with every word of its groups in colloquial.txt (the report's terms and the
    other everyday words for them), lower case: 娃娃 -> 儿童 孩子 小孩 …"""
    return _related_index().get(everyday.lower(), frozenset({everyday.lower()}))


def official_terms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The everyday words of a question and the report's terms for them, leaving out terms the
    question already uses and words found only inside a longer listed word (动车 in 电动车)."""
    low = text.lower()
    index = _everyday_index()
    spans = []
    for w in index:
        start = low.find(w)
        while start >= 0:
            spans.append((start, start + len(w), w))
            start = low.find(w, start + 1)
    kept = [
        (s, e, w)
        for s, e, w in spans
        if not any(s2 <= s and e <= e2 and e2 - s2 > e - s for s2, e2, _ in spans)
    ]
    words = list(dict.fromkeys(w for _, _, w in sorted(kept)))
    terms = [t for w in words for t in index[w] if t.lower() not in low]
    return tuple(words), tuple(dict.fromkeys(terms))


def expand_terms(text: str) -> tuple[str, ...]:
    """The report's words for the other words of a group the question uses."""
    low = text.lower()
    out = []
    for canonical, others in synonym_groups():
        if canonical not in text and any(o.lower() in low for o in others):
            out.append(canonical)
    return tuple(out)
