"""Which facts answer a question (facts/match.py)."""

import pytest

from facts.extract import facts_of_sentence
from facts.match import another_indicator, indicator_score, match, other_qualifier, told_apart
from facts.question import read_question
from facts.rules import Context
from facts.units import units_alike

REVIEW = Context("d", "c", 2024, "平川县", ("一、2023年工作回顾",))
PLANS = Context("d", "c", 2024, "平川县", ("二、2024年工作安排",))


def test_the_same_indicator_under_another_name():
    assert indicator_score("GDP", "地区生产总值") >= 0.85
    assert indicator_score("粮食产量", "粮食总产量") >= 0.6
    assert indicator_score("新建改造农村公路", "新改建农村公路") >= 0.6


def test_one_indicator_inside_another_is_another_indicator():
    assert indicator_score("国内生产总值", "单位国内生产总值能耗") == 0.0
    assert indicator_score("支持以旧换新的超长期特别国债", "支持") < 0.6


def test_indicators_of_one_ending_told_apart_by_qualifiers_differ():
    assert other_qualifier("城镇登记失业率", "城镇调查失业率")
    assert indicator_score("城镇居民人均可支配收入", "全体居民人均可支配收入") == 0.0
    assert indicator_score("城镇居民人均可支配收入", "居民人均可支配收入") < 0.6
    assert indicator_score("第三档人群补贴", "第一档人群补贴") == 0.0


def test_another_indicator_of_the_asked_ones_kind_is_told_apart():
    # the case: "中央预算内投资拟增加到4576亿元，重点投向…中西部铁路" had answered 铁路投资
    assert another_indicator("铁路投资", "中央预算内投资")
    assert told_apart("2014年铁路投资", "中央预算内投资")
    assert another_indicator("棉花产量", "粮食产量")
    assert another_indicator("民间投资", "全社会固定资产投资")
    assert not another_indicator("城镇新增就业", "新增城镇就业")  # the same words in another order
    assert not another_indicator("粮食产量", "粮食总产量")
    assert not another_indicator("造林", "营造林")  # a head of one character: a kind, not another
    assert not another_indicator("居民人均可支配收入", "农村居民人均可支配收入")  # other_qualifier's
    assert not told_apart("民生支出占一般公共预算支出的比例", "占一般公共预算支出的比重")


def _facts():
    return [
        *facts_of_sentence("全县财政赤字12亿元，赤字率2.1%。", 0, REVIEW),
        *facts_of_sentence("今年城镇新增就业5200人以上，比上年多300人。", 100, PLANS),
        *facts_of_sentence("城镇新增就业5100人。", 200, REVIEW),
    ]


def test_a_rate_is_never_answered_with_an_amount():
    q = read_question("2023年赤字率是多少")
    assert [f.text for f in match(q, "赤字率", _facts()).answers] == ["2.1%"]
    q = read_question("2023年财政赤字是多少")
    assert [f.text for f in match(q, "财政赤字", _facts()).answers] == ["12亿元"]


def test_a_target_is_not_answered_with_an_increase_or_last_years_result():
    q = read_question("2024年城镇新增就业目标是多少")
    found = match(q, "城镇新增就业", _facts())
    assert [f.text for f in found.answers] == ["5200人以上"]
    assert "5100人" in [f.text for f in found.near]  # 2023's result: a near miss, said in a decline


def test_a_question_naming_no_year_gets_the_latest_first():
    q = read_question("城镇新增就业多少人")
    assert match(q, "城镇新增就业", _facts()).answers[0].text == "5200人以上"


def test_a_fact_whose_sentence_does_not_speak_of_the_whole_subject_is_not_an_answer():
    f = facts_of_sentence("财政补助标准提高到每人每年640元。", 0, PLANS)
    q = read_question("新农合财政补助标准提高到多少")
    assert match(q, "新农合财政补助标准", f).answers == []


def test_short_forms_inside_a_name_are_read_written_out():
    """单位GDP能耗 asked is the 单位国内生产总值能源消耗 a report states (two short forms in one)."""
    from facts.match import SURE_SCORE, indicator_score

    assert indicator_score("单位GDP能耗", "单位国内生产总值能源消耗") >= SURE_SCORE
    assert indicator_score("低保标准", "最低生活保障标准") >= SURE_SCORE
    assert indicator_score("单位GDP能耗", "能源消费总量") < SURE_SCORE


def test_the_five_years_a_report_looks_back_on_are_answered_with_their_total_not_the_last_year():
    review = Context("d", "c", 2024, "平川县", ("一、过去五年工作回顾",))
    facts = [
        *facts_of_sentence("五年来，累计新增城镇就业2.6万人，农村劳动力转移就业4.1万人。", 0, review),
        *facts_of_sentence("2023年，城镇新增就业5100人。", 100, REVIEW),
    ]
    # the case: the 2013 report's 过去五年 asked, its 2012 figure (1266万人) had answered
    q = read_question("2024年的报告里过去五年城镇新增就业是多少")
    assert q.years == (2019, 2023)
    best = match(q, "城镇新增就业", facts).answers[0]  # a year inside the span ranks after its total
    assert (best.text, best.period) == ("2.6万人", (2019, 2023))
    assert read_question("2024年报告中今后五年城镇新增就业目标").years == (2024, 2028)
    # with no report named, not the latest report's five years: each report has its own
    assert read_question("五年来城镇新增就业多少", latest=2024).years is None


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("个", "项", True),  # 取消1195个行政审批事项 / 取消311项行政审批事项
        ("所", "个", True),
        ("人", "名", True),
        ("吨", "斤", True),
        ("项", "所", False),  # two particular classifiers count different things
        ("个", "人", False),
        ("个", "%", False),
        ("元", "吨", False),
    ],
)
def test_units_counting_or_measuring_alike(a: str, b: str, alike: bool):
    assert units_alike(a, b) is alike
    assert units_alike(b, a) is alike
