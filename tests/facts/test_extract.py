"""Facts read off sentences (facts/extract.py): each rule on an input of its own."""

import pytest

from facts.extract import facts_of_sentence
from facts.model import ACTUAL, GROWTH, INCREASE, LEVEL, PLAN, SHARE, TOTAL
from facts.rules import Context

# a 2024 report: its review part describes 2023, its plan part 2024
REVIEW = Context("d", "c", 2024, "平川县", ("一、2023年工作回顾",))
PLANS = Context("d", "c", 2024, "平川县", ("二、2024年工作安排",))


def facts(sentence: str, ctx: Context = REVIEW) -> list[tuple]:
    return [
        (f.indicator, f.text, f.measure, f.basis, f.period, f.place)
        for f in facts_of_sentence(sentence, 0, ctx)
    ]


def test_an_amount_and_its_growth_in_one_sentence_are_two_facts_of_one_indicator():
    assert facts("全县地区生产总值达到312.5亿元，增长6.1%。") == [
        ("地区生产总值", "312.5亿元", LEVEL, ACTUAL, (2023, 2023), "平川县"),
        ("地区生产总值", "6.1%", GROWTH, ACTUAL, (2023, 2023), "平川县"),
    ]


def test_a_plan_part_states_targets_with_their_qualifiers():
    got = facts("主要预期目标是：地区生产总值增长6%左右，城镇登记失业率控制在4%以内。", PLANS)
    assert ("地区生产总值", "6%左右", GROWTH, PLAN, (2024, 2024), "平川县") in got
    assert ("城镇登记失业率", "4%以内", SHARE, PLAN, (2024, 2024), "平川县") in got


def test_a_rate_and_an_amount_of_the_deficit_are_told_apart():
    got = facts("今年赤字率拟按2.8%安排，比去年预算低0.2个百分点；", PLANS)
    assert got[0][:4] == ("赤字率", "2.8%", SHARE, PLAN)
    assert got[1][:3] == ("赤字率", "0.2个百分点", INCREASE)


def test_what_a_verb_counts_is_the_noun_after_the_figure():
    assert facts("县政府已取消326个行政审批事项。")[0][:2] == ("行政审批事项", "326个")
    assert facts("今年拟发行800亿元专项债券。", PLANS)[0][:2] == ("专项债券", "800亿元")


def test_a_generic_subject_points_back_at_the_indicator_before_it():
    got = facts("税收收入比上年增加36亿元，总额首次突破百亿元，达到108亿元。")
    assert [(f[0], f[1], f[2]) for f in got] == [
        ("税收收入", "36亿元", INCREASE),
        ("税收收入", "108亿元", LEVEL),
    ]


def test_each_part_of_a_joined_indicator_gets_its_figure_with_fenbie():
    got = facts("城镇居民和农村居民人均可支配收入分别达到41200元和19800元，分别增长4.9%和7.2%。")
    assert [(f[0], f[1], f[2]) for f in got] == [
        ("城镇居民人均可支配收入", "41200元", LEVEL),
        ("农村居民人均可支配收入", "19800元", LEVEL),
        ("城镇居民人均可支配收入", "4.9%", GROWTH),
        ("农村居民人均可支配收入", "7.2%", GROWTH),
    ]


def test_where_a_change_starts_is_the_year_before_and_where_it_ends_is_the_plan():
    got = facts("城乡居民医保财政补助标准由每人每年610元提高到640元。", PLANS)
    assert got[0][1:5] == ("610元", LEVEL, ACTUAL, (2023, 2023))
    assert got[1][1:5] == ("640元", LEVEL, PLAN, (2024, 2024))


def test_a_span_before_the_report_is_a_total_over_those_years():
    got = facts("三年来累计新建保障性住房2.4万套。")
    assert got[0][1:3] == ("2.4万套", TOTAL) and got[0][4] == (2021, 2023)


def test_a_yearly_average_describes_the_years_since_the_one_compared_with():
    got = facts("2023年全县生产总值比2019年增长26%，年均增长6%。")
    assert got[1][1] == "6%" and got[1][4] == (2020, 2023)


def test_a_five_year_plan_part_describes_its_five_years():
    ctx = Context("d", "c", 2021, "", ("二、“十四五”时期主要目标任务",))
    assert facts("城镇新增就业累计4000万人以上。", ctx)[0][4] == (2021, 2025)


def test_another_place_named_in_the_sentence_is_the_facts_place():
    assert facts("对口支援的和田县地区生产总值增长9.2%。")[0][5] == "和田县"


def test_names_and_dates_are_not_figures():
    got = facts("全县5G基站达到1200个，3月15日召开推进大会。")
    assert got == [("5G基站", "1200个", LEVEL, ACTUAL, (2023, 2023), "平川县")]


@pytest.mark.parametrize(
    "sentence, measure",
    [
        ("居民消费价格涨幅控制在3%左右。", GROWTH),  # the change is what is held
        ("常住人口城镇化率达到58.6%。", SHARE),  # a rate reached
        ("粮食总产量比上年增产1.2万吨。", INCREASE),
        ("补助标准再增加30元。", INCREASE),
    ],
)
def test_what_a_figure_measures_comes_from_the_words_next_to_it(sentence, measure):
    assert facts(sentence, PLANS)[0][2] == measure


def test_a_table_row_whose_unit_is_percent_is_a_rate_of_the_kind_its_label_says():
    row = "地区生产总值增速（%）：2023年实际 5.2，2024年目标 6"  # value without its sign
    assert facts(row, PLANS) == [
        ("地区生产总值", "5.2%", GROWTH, ACTUAL, (2023, 2023), "平川县"),
        ("地区生产总值", "6%", GROWTH, PLAN, (2024, 2024), "平川县"),
    ]
    share = facts("森林覆盖率（%）：2023年 63.2", REVIEW)
    assert [(f[0], f[1], f[2]) for f in share] == [("森林覆盖率", "63.2%", SHARE)]


@pytest.mark.parametrize(
    ("year", "part", "sentence", "start", "end"),
    [
        # the 2013 report's review of 2008-2012 (a price base earlier in the sentence gave 2009 and 2010)
        (
            2013,
            "一、过去五年工作回顾",
            "将扶贫标准提高到2300元（2010年不变价），五年转移农村人口8463万人，城镇化率由45.9%提高到52.6%。",
            ("45.9%", (2007, 2007)),
            ("52.6%", (2012, 2012)),
        ),
        (
            2021,
            "一、“十三五”时期工作回顾",
            "按2015年可比价格计算，全省居民人均可支配收入由2.2万元增加到3.2万元。",
            ("2.2万元", (2015, 2015)),
            ("3.2万元", (2020, 2020)),
        ),
    ],
)
def test_a_price_base_year_is_not_the_time_a_figure_tells_of(year, part, sentence, start, end):
    got = {f[1]: f[4] for f in facts(sentence, Context("d", "c", year, "", (part,)))}
    assert (start[0], got.get(start[0])) == start and (end[0], got.get(end[0])) == end


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("城镇化率超过50%，城乡结构发生历史性变化。", "超过50%"),
        ("全县森林覆盖率近60%。", "近60%"),
        ("粮食产量不低于1200万吨。", "不低于1200万吨"),
        ("城镇新增就业1100万人以上。", "1100万人以上"),
    ],
)
def test_a_bound_written_before_a_figure_stays_with_it(sentence, text):
    assert text in [f[1] for f in facts(sentence)]


@pytest.mark.parametrize(
    ("sentence", "text", "value", "label"),
    [
        # the case: "6800多" had lost its 万 and was called an 增加量
        (
            "脱贫攻坚取得决定性进展，贫困人口减少6800多万，易地扶贫搬迁830万人。",
            "6800多万",
            6.8e7,
            "实际减少量",
        ),
        ("全县农村危房减少1200余万平方米，", "1200余万平方米", 1.2e7, "实际减少量"),
        ("全年城镇新增就业比上年多20多万人。", "20多万人", 2e5, "实际增加量"),
    ],
)
def test_a_figure_with_duo_before_its_scale_keeps_the_scale_and_says_which_way_it_changed(
    sentence, text, value, label
):
    fact = facts_of_sentence(sentence, 0, REVIEW)[0]
    assert (fact.text, fact.value, fact.qualifier) == (text, value, "余" if "余" in text else "多")
    assert fact.kind_label() == label


def test_a_five_year_plan_named_after_every_year_of_the_sentence_is_the_figures_time():
    plans = Context("d", "c", 2016, "全国", ("三、2016年重点工作",))
    # the case: the yearly average of 十三五 had been read as 2011—2020 (since 比2010年)
    got = facts("到2020年国内生产总值比2010年翻一番，“十三五”时期经济年均增长保持在6.5%以上。", plans)
    assert got[0][1:5] == ("6.5%以上", GROWTH, PLAN, (2016, 2020))
    county = Context("d", "c", 2021, "平川县", ("二、“十四五”时期主要目标",))
    got = facts("2020年全县粮食产量达到30万吨，“十四五”期间计划年均新增造林1.2万亩。", county)
    assert got[-1][1:5] == ("1.2万亩", LEVEL, PLAN, (2021, 2025))
    # a plan's name that names no span of it stays out of the way
    review = Context("d", "c", 2022, "平川县", ("一、2021年工作回顾",))
    got = facts("2021年是“十四五”开局之年，全县地区生产总值增长8.3%。", review)
    assert got[0][1:5] == ("8.3%", GROWTH, ACTUAL, (2021, 2021))


def test_a_rate_of_fall_is_labelled_a_fall():
    # the case: "“三公”经费减少35%" had been shown as "实际增速"
    review = Context("d", "c", 2014, "全国", ("一、2013年工作回顾",))
    assert facts_of_sentence("中央国家机关“三公”经费减少35%。", 0, review)[0].kind_label() == "实际降幅"
    got = facts_of_sentence("全县万元地区生产总值能耗下降了4.2%，地区生产总值增长6.1%。", 0, REVIEW)
    assert [f.kind_label() for f in got] == ["实际降幅", "实际增速"]
