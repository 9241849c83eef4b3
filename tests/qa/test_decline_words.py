"""A decline that names what the reports hold never says a year the quoted text does not write
(found by a new user: "报告中有2002年年末国家外汇储备2122亿美元的目标数" of a 2002 report whose untitled
opening reviews 2001; "报告中有2009年城镇化率45.9%" of a five-year review)."""

from __future__ import annotations

import re
from pathlib import Path

from qa.extractive import ExtractiveConfig
from tests.qa.written_reports import answerer_over

LOOSE = ExtractiveConfig(min_score=0, min_similarity_unknown=0)  # the bigram embedder scores low


def _years_said(answer: str) -> set[str]:
    """The years an answer's statement (its first line) says outside quotes."""
    outside = re.sub(r"“[^”]*”", "", answer.splitlines()[0].split("已检索")[0])
    return set(re.findall(r"(?:19|20)\d{2}", outside))


def test_an_untitled_review_of_last_year_is_quoted_not_given_a_year(tmp_path: Path):
    answerer = answerer_over(
        tmp_path,
        {
            "sanhe_2002.txt": "三河县2002年政府工作报告\n各位代表：\n首先报告2001年的工作。\n"
            "全县经济保持良好势头。年末全县储蓄存款余额达到212亿元，比上年末增加46亿元。\n"
            "一、扩大内需，促进经济较快增长\n今年要继续实施积极的财政政策，重点项目投资增长10%左右。\n",
        },
        LOOSE,
    )
    got = answerer.answer("2001年末全县储蓄存款余额达到多少")
    if got.found:  # answering with the figure is right too; a claimed year must be the asked one
        assert "212亿元" in got.answer and _years_said(got.answer) <= {"2001"}
    else:
        assert "“年末全县储蓄存款余额达到212亿元”" in got.answer
        assert _years_said(got.answer) <= {"2001"}, got.answer  # never "2002年…的目标数"
        assert "目标数" not in got.answer.split("不能据此确认")[0]


def test_a_five_year_change_is_quoted_not_given_the_years_of_the_span(tmp_path: Path):
    answerer = answerer_over(
        tmp_path,
        {
            "qingshui_2018.txt": "清水市2018年政府工作报告\n一、过去五年工作回顾\n"
            "五年来，全市森林覆盖率由38.2%提高到44.5%，城乡面貌明显改善。\n"
            "二、2018年工作安排\n全年地区生产总值增长7%左右。\n",
        },
        LOOSE,
    )
    got = answerer.answer("2017年全市森林覆盖率是多少")
    assert not got.found or "44.5%" in got.answer
    assert _years_said(got.answer) <= {"2017"}, got.answer  # not "2013—2017年…38.2%"


def test_a_year_its_heading_writes_is_still_named(tmp_path: Path):
    answerer = answerer_over(
        tmp_path,
        {
            "liuxi_2024.txt": "柳溪县2024年政府工作报告\n一、2023年工作回顾\n"
            "全县城镇新增就业5100人，城镇调查失业率控制在5.2%以内。\n"
            "二、2024年工作安排\n主要预期目标是：地区生产总值增长6%左右。\n",
        },
        LOOSE,
    )
    got = answerer.answer("柳溪县2024年城镇调查失业率目标是多少？")
    assert not got.found and "报告中有2023年" in got.answer and "实际数" in got.answer
