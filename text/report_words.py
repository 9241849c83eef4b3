"""A report named in a question: "2013年政府工作报告中的城镇化率", "这份报告提出的目标". The year
before such a name is the report's year, not the time of the figure asked: the 2013 report states
the urbanisation rate of 2012. Questions read through `normalize_width` first."""

from __future__ import annotations

import re

# who issued it, when named: "国务院", "鹤泉县人民政府", "市委" (no word that ties a figure to
# the report, so "2015年财政收入在市政府工作报告中" names the figure's year, not the report's)
_ISSUER_WORD = r"(?:国务院|政府|党委|党组|人大|常委会|委员会|市委|县委|省委)"
_ISSUER = r"(?:[^\W\d_A-Za-z年在的和与及中里是对为有]{0,8}?" + _ISSUER_WORD + r")?"
REPORT_WORD = _ISSUER + r"(?:政府)?(?:工作)?(?:报告|汇报)(?![书期会厅人])"
# a year naming a report: "2013年政府工作报告", "2015年的报告", "2017政府工作报告" (as titled)
_REPORT_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年度?)?\s*的?\s*" + REPORT_WORD)
# a report named (and its year) with the words that tie what is asked to it: "2013年政府工作报告中的",
# "这份报告提出的"
REPORT_REFERENCE = re.compile(
    r"(?:(?<!\d)(?:19|20)\d{2}\s*(?:年度?)?\s*的?\s*)?(?:这份|这个|该|本|那份|今年的|去年的)?"
    + REPORT_WORD
    + r"(?:中|里面|里|上|当中)?(?:提出|提到|所说|说|写|讲|确定|明确|定|给出)?了?的?"
)

# the words naming the document, for a search: "政府工作报告中的" in "2013年政府工作报告中的城镇化率"
# (the report's opening "向大会报告…政府工作" would otherwise match them); who issued it stays
_DOCUMENT = re.compile(
    r"(?:这份|这个|该|本|那份)?(?:人民)?(?:政府)?(?:工作)?(?:报告|汇报)(?![书期会厅人])"
    r"(?:中|里面|里|上|当中)?(?:提出|提到|所说|说|写|讲|确定|明确|定|给出)?了?的?"
)


def without_report_words(text: str) -> str:
    """The question with the words naming its report taken out, for searching ("2013年政府工作报告
    中的城镇化率是多少" -> "2013年 城镇化率是多少"); the question itself when nothing would be left
    to search by (fewer than two characters beside them: "政府工作报告讲了什么")."""
    rest = _DOCUMENT.sub(" ", text)
    left = re.sub(r"(?:19|20)\d{2}\s*年?|[\s，,。？?！!的是了吗呢什么多少哪些怎么]", "", rest)
    return re.sub(r"\s+", " ", rest).strip() if len(left) >= 2 else text


# a year listed with the report's year or spanning to it: "2016年和2017年政府工作报告" names two
_LISTED_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s*(?:年度?)?\s*(?:和|与|及|、|，|至|到|[-—–~－])\s*$")


def report_year_and_rest(text: str) -> tuple[int | None, str]:
    """The year a question names as its report's, and the question without that year, which may
    still name the figure's own time: "2016年报告中2015年GDP增长多少" -> (2016, "报告中2015年GDP增长
    多少"), "2013年政府工作报告中的城镇化率" -> (2013, "政府工作报告中的城镇化率"). (None, text) when
    no report is named by year, or two are ("2016年和2017年政府工作报告", "2013年、2015年的报告")."""
    named = list(_REPORT_YEAR.finditer(text))
    if len({m.group(1) for m in named}) != 1 or any(_LISTED_BEFORE.search(text[: m.start()]) for m in named):
        return None, text
    rest = _REPORT_YEAR.sub(lambda m: m.group(0)[m.end(1) - m.start() :].lstrip("年度 "), text)
    return int(named[0].group(1)), rest


def named_report_year(text: str) -> int | None:
    """The year a question names as its report's ("2013年政府工作报告中的城镇化率是多少" -> 2013,
    "2016年的报告中2015年的增速" -> 2016); None when it names no report by year or several."""
    return report_year_and_rest(text)[0]
