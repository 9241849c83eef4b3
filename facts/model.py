"""A fact: one figure a report states, tied to what it measures, for which period and place.

"全县地区生产总值达到286.4亿元，增长5.8%" states two facts of the indicator 地区生产总值: the level
286.4亿元 and its growth 5.8%, both actual results of the year the report's review describes. A plan
part's "地区生产总值增长6%左右" is a target (basis "plan") of the growth, for the report's year.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

# What a figure measures of its indicator.
LEVEL = "level"  # the amount itself: 286.4亿元, 1100万人以上
GROWTH = "growth"  # a change rate: 增长5.8%, 增速
SHARE = "share"  # a share or a rate: 比重, 比例, 占比, 城镇化率, 赤字率, 失业率
TOTAL = "total"  # a total over a span: 累计, 五年来, 过去五年
INCREASE = "increase"  # a change in amount: 比上年增加2787亿元, 多100万人, 提高1.2个百分点
CHANGE = "change"  # asked only: a change told either way, as a rate or as an amount (减少了多少)
MEASURES = (LEVEL, GROWTH, SHARE, TOTAL, INCREASE)
# What a figure is: a plan (目标/预期/计划) or what was achieved (实际/完成/达到).
PLAN = "plan"
ACTUAL = "actual"
BASES = (PLAN, ACTUAL)

# The words that tell a change as a fall, just before its figure ("减少6800多万", "下降了1.2个百分点"),
# or before what it changes ("再减少农村贫困人口1000万以上": Fact.decreases).
_FALL_VERBS = "减少|下降|降低|压减|缩减"
_FALL_BEFORE = re.compile(rf"({_FALL_VERBS}|减)(了)?(约|近)?$")
MEASURE_LABELS = {LEVEL: "", GROWTH: "增速", SHARE: "比重", TOTAL: "累计", INCREASE: "增加量"}
BASIS_LABELS = {PLAN: "目标", ACTUAL: "实际"}


@dataclass(frozen=True)
class Fact:
    """One stated figure. `value`/`high` are in `unit` after scaling (2.81万人 -> 28100 人; a range
    6.5%－7% has value 6.5 and high 7). Offsets are into the report's cleaned text: the sentence
    [sentence_start, sentence_start + len(sentence)) and the figure as written [start, end)."""

    doc_id: str
    chunk_id: str
    indicator: str  # the phrase it measures, in matching form: 地区生产总值, 城镇新增就业
    measure: str  # one of MEASURES
    basis: str  # one of BASES
    value: float
    high: float
    unit: str  # base unit: %, 人, 元, 吨, 公里, 亩, 个…; "" when none is stated
    text: str  # the figure as written, with unit and qualifier: 1100万人以上, 6.5%左右
    qualifier: str  # 左右, 以上, 以内, 约… or ""
    period_from: int | None
    period_to: int | None
    place: str  # the place it is about: the report's own, unless the sentence names another
    section: str
    sentence: str
    sentence_start: int
    start: int
    end: int

    @property
    def period(self) -> tuple[int, int] | None:
        if self.period_from is None or self.period_to is None:
            return None
        return self.period_from, self.period_to

    def period_label(self) -> str:
        """2023年, 2019—2023年, or "" when unknown."""
        p = self.period
        if p is None:
            return ""
        return f"{p[0]}年" if p[0] == p[1] else f"{p[0]}—{p[1]}年"

    def kind_label(self) -> str:
        """In words: 目标, 实际增速, 实际比重… (basis, then measure; not 比重 again for an indicator
        that names a share or rate itself: 赤字率 is "目标", not "目标比重")."""
        named = self.measure == SHARE and self.indicator.endswith(("率", "比重", "比例", "占比"))
        if self.measure in (INCREASE, GROWTH) and self.decreases():  # "减少35%" is no 增速
            return BASIS_LABELS[self.basis] + ("减少量" if self.measure == INCREASE else "降幅")
        return BASIS_LABELS[self.basis] + ("" if named else MEASURE_LABELS[self.measure])

    def decreases(self) -> bool:
        """Whether the sentence tells the change as a fall: "贫困人口减少6800多万", "下降1.2个百分点",
        "再减少农村贫困人口1000万以上" (the verb before what it changes)."""
        before = self.sentence[: self.start - self.sentence_start]
        verb_first = re.search(rf"(?:{_FALL_VERBS}){re.escape(self.indicator)}\s*$", before)
        return bool(_FALL_BEFORE.search(before[-6:]) or verb_first)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fact:
        return cls(**data)
