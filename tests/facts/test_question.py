"""A question read the way facts are (facts/question.py)."""

import pytest

from facts.model import CHANGE, GROWTH, INCREASE, PLAN, SHARE, TOTAL
from facts.question import listed_years, measure_asked, named_places, read_question


def test_indicator_kind_year_and_unit_of_a_plain_question():
    q = read_question("2022年平川县粮食总产量计划达到多少万吨？", ["平川县"])
    assert q.indicators == ("粮食总产量",)
    assert (q.basis, q.years, q.place, q.unit) == (PLAN, (2022, 2022), "平川县", "万吨")


@pytest.mark.parametrize(
    "question, measure",
    [
        ("城镇登记失业率是多少", SHARE),
        ("规模以上工业增加值增速是多少", GROWTH),
        ("粮食比上年增产了多少万吨", INCREASE),
        ("三公经费压减了多少", CHANGE),
        ("两个县哪个的收入涨得更快", GROWTH),
        ("国内生产总值增长是多少", GROWTH),  # asked plainly: a rate, not the amount
        ("居民收入增长为多少", GROWTH),
    ],
)
def test_the_measure_asked(question, measure):
    assert read_question(question).measure == measure


def test_what_is_counted_after_the_asking_word_is_the_indicator():
    q = read_question("国务院已取消多少个行政审批事项")
    assert q.indicators == ("行政审批事项",) and q.context == ("国务院已取消",)


def test_a_joined_indicator_asked_part_by_part_shares_its_head():
    q = read_question("2023年城镇居民和农村居民人均可支配收入各是多少")
    assert q.indicators == ("城镇居民人均可支配收入", "农村居民人均可支配收入")


def test_a_verb_pair_is_not_two_parts():
    assert (
        read_question("2013年取消和下放了多少项行政审批").indicators == ("取消和下放项行政审批",)
        or len(read_question("2013年取消和下放了多少项行政审批").indicators) == 1
    )


def test_years_listed_and_five_year_plans():
    assert listed_years("2019、2020、2022三年的目标") == (2019, 2020, 2022)
    assert read_question("2019年、2021年和2022年哪年最高").years == (2019, 2022)
    assert read_question("十二五期间能耗下降了多少").years == (2011, 2015)


def test_this_year_and_last_year_are_read_against_the_latest_report():
    assert read_question("去年城镇新增就业多少人", latest=2025).years == (2024, 2024)
    assert read_question("今年的粮食产量目标", latest=2025).years == (2025, 2025)


def test_places_named_and_places_pointed_at():
    assert named_places("平川和安宁两个县哪个高", ["平川县", "安宁县", "河口市"]) == ("平川县", "安宁县")
    assert read_question("这个乡住了多少人").place is None  # points at the report's own place
    assert read_question("新登记注册市场主体有多少户").place is None  # 市场 is no city
    assert read_question("上海市2016年地区生产总值是多少").place == "上海市"  # a place with no report


def test_a_limit_word_is_not_a_superlative_without_which():
    assert read_question("基础养老金最低标准提高多少").superlative is None
    assert read_question("2021年到2023年哪一年增速最低").superlative == "min"


def test_words_asked_for_are_not_a_figure():
    assert not read_question("城镇调查失业率涵盖哪些人").asks_figure
    assert read_question("近三年粮食产量是怎么变化的").asks_figure  # a trend is read off figures


# --- a year naming the report asked, not the figure's time (trial of issue 16) ---------------------


@pytest.mark.parametrize(
    "question, indicator, year",
    [
        ("2013年政府工作报告中的城镇化率是多少", "城镇化率", 2013),  # the trial's question
        ("2019年鹤泉县人民政府工作报告里提出的粮食产量目标", "粮食产量", 2019),
        ("2017政府工作报告中的GDP增长目标", "GDP", 2017),  # as the report titles itself, no 年
        ("2020年度党委工作汇报的党员人数", "党员人数", 2020),
    ],
)
def test_a_year_naming_the_report_is_the_reports_and_the_report_is_no_subject(question, indicator, year):
    q = read_question(question)
    assert q.indicators == (indicator,) and q.context == ()
    assert (q.report_year, q.years) == (year, None)


@pytest.mark.parametrize(
    "question, years",
    [
        ("2015年财政收入在市政府工作报告中是多少", (2015, 2015)),  # the figure's year
        ("2013-2018年政府工作报告的GDP增长目标", (2013, 2018)),  # a span compares years
        ("2016年和2017年政府工作报告中的GDP目标", (2016, 2017)),  # two reports named
        ("2013年、2015年的报告里的城镇化率", (2013, 2015)),
    ],
)
def test_a_year_of_the_figure_stays_the_figures(question, years):
    q = read_question(question)
    assert (q.report_year, q.years) == (None, years)


@pytest.mark.parametrize(
    "question, report_year, years",
    [
        ("2016年报告中2015年的城镇化率", 2016, (2015, 2015)),  # the figure's year beside the report's
        ("2016年的报告中去年国内生产总值增长多少", 2016, (2015, 2015)),  # 去年 of the report, not of now
        ("2021年县政府工作报告里今年的粮食产量目标", 2021, (2021, 2021)),
        ("2019年党委工作汇报中十三五期间的农民收入", 2019, (2016, 2020)),
    ],
)
def test_the_figures_time_beside_a_named_report_is_read_against_the_reports_year(
    question, report_year, years
):
    q = read_question(question, latest=2025)
    assert (q.report_year, q.years) == (report_year, years)


@pytest.mark.parametrize(
    "question, indicator",
    [
        ("2018年棚户区改造目标是多少", "棚户区改造"),  # the case: 造 was cut as a verb (棚户区改)
        ("全县装备制造增加值增长多少", "装备制造增加值"),  # 增加 of 增加值 is no kind word
        ("石岚县农村公路建了多少公里？", "农村公路"),  # a verb of its own is still cut
        ("2023年学校建了多少所", "学校"),
    ],
)
def test_a_word_ending_in_a_verb_stays_whole(question, indicator):
    assert read_question(question).indicators == (indicator,)


def test_a_comparison_with_the_year_before_names_no_year():
    # the case: "…，比上年增长多少" had asked for 2017 (the latest report's 去年)
    assert read_question("比上年增长多少？", latest=2018).years is None
    assert read_question("全县粮食产量较上年增加多少", latest=2024).years is None
    assert read_question("去年地区生产总值比上年增长多少", latest=2024).years == (2023, 2023)


def test_growth_asked_with_de_is_growth():
    # the case: "国内生产总值增长的预期目标" had asked for an amount (and declined the 6.5%－7%)
    assert read_question("2016年国内生产总值增长的预期目标是多少？").measure == GROWTH


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("2009年全国财政赤字合计安排了多少", None),  # one year's amount (a blind question)
        ("全乡一共有多少名党员", None),
        ("2023年全县一般公共预算收入总共多少", None),
        ("过去五年一共新增就业多少", TOTAL),
        ("2013年到2017年一共减贫多少人", TOTAL),
        ("从2001年起一共发展了多少名新党员", TOTAL),
        ("累计减贫多少", TOTAL),
    ],
)
def test_all_together_asks_a_total_only_over_several_years(question: str, measure: str | None):
    assert measure_asked(question) == measure
