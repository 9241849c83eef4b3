"""A share's whole: what "占国内生产总值的比重" is a share of, and whether a stated share is of the
whole asked (GDP is 国内生产总值; 企业研发活动支出占比 is not a share of GDP)."""

from __future__ import annotations

import re

from facts.model import SHARE, Fact
from facts.names import aliases, core_text
from text.width import normalize_width


def share_of_what(indicator: str) -> str:
    """The whole a share is of: "耕地总面积" of 土地流转面积占耕地总面积的比例 ("" when none is named)."""
    m = re.search(r"占(.{2,}?)(?:的)?(?:比重|比例|百分比)?$", core_text(indicator))
    return m.group(1) if m else ""


def of_another_whole(asked: str, fact: Fact) -> bool:
    """Whether a fact is a share of another whole than the one the asked indicator names ("占GDP的
    比重" asked): it names another whole (占财政支出的比重), or names none while a clause before its
    own in the sentence names the asked one as a share's whole ("…占国内生产总值的比重…提高到2012年的
    1.97%，企业研发活动支出占比超过74%": the 74% is a share of R&D spending, not of GDP). Wholes
    compare by their names (aliases: GDP is 国内生产总值)."""
    whole = share_of_what(asked)
    if not whole or fact.measure != SHARE:
        return False
    theirs = share_of_what(fact.indicator)
    if theirs:
        return not _same_whole(whole, theirs)
    before = normalize_width(fact.sentence[: max(0, fact.start - fact.sentence_start)])
    cut = max(before.rfind(mark) for mark in "，,；;")
    earlier, own = before[: max(cut, 0)], before[max(cut, 0) :]
    return any(f"占{name}" in earlier and f"占{name}" not in own for name in aliases(whole))


def speaks_of_whole(whole: str, sentence: str) -> bool:
    """Whether a sentence names the whole of a share, or it under another name (GDP: 国内生产总值)."""
    said = normalize_width(sentence)
    return any(name in said for name in aliases(whole))


def _same_whole(asked: str, stated: str) -> bool:
    """Whether a stated whole is the asked one, or names it under another name."""
    return bool(stated) and any(name in stated or stated in name for name in aliases(asked))
