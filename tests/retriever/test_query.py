import pytest

from facts.periods import chunk_period
from retriever.query import Filters, parse_question, same_thing


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("2016年GDP增长目标", (2016, 2016)),
        ("２０１６年ＧＤＰ增长目标", (2016, 2016)),
        ("2013-2018年政府工作报告的GDP增长目标", (2013, 2018)),
        ("2018到2013年的赤字率", (2013, 2018)),
        ("2013年和2015年的就业目标", (2013, 2015)),
        ("两委交叉任职比例是多少", None),
        ("80年代的改革", None),
    ],
)
def test_years_named_in_the_question(question: str, years):
    assert parse_question(question).years == years


def test_number_intent_review_cue_and_synonyms():
    q = parse_question("2015年GDP实际增长了多少")
    assert q.wants_number and q.reviews and "国内生产总值" in q.expansions
    assert not parse_question("村级招待费怎么处理").wants_number
    assert parse_question("两委交叉任职比例是多少").wants_number
    assert parse_question("CPI涨幅控制在什么水平").expansions == ("居民消费价格",)
    # A question that already uses the report's word needs nothing added.
    assert parse_question("国内生产总值增长目标").expansions == ()


def test_filters_match_and_describe_in_chinese():
    f = Filters(issuer="国务院", year_from=2013, year_to=2018)
    assert f.matches("a", {"issuer": "国务院", "year": 2016})
    assert not f.matches("a", {"issuer": "国务院", "year": 2019})
    assert not f.matches("a", {"issuer": "国务院"})  # unknown year is outside any year filter
    assert f.describe() == "年份 2013–2018；发布机关 国务院"
    assert Filters(year_from=2016, year_to=2016).describe() == "年份 2016"
    chosen = Filters(doc_ids=frozenset({"b", "a"}))
    assert chosen.describe({"a": "甲县报告", "b": "乙县报告"}) == "报告 《甲县报告》、《乙县报告》"
    assert chosen.describe() == chosen.describe({"a": "甲县报告"}) == "文档 a、b"  # a title unknown: the ids
    assert Filters().empty and not f.empty
    with pytest.raises(ValueError, match="层级"):
        Filters(level="galactic")
    with pytest.raises(ValueError, match="年份范围无效"):
        Filters(year_from=2018, year_to=2013)


def test_plan_questions_stay_in_their_year_and_review_parts_speak_of_earlier_years():
    assert parse_question("2016年GDP增长目标是多少").targets
    assert not parse_question("2015年服务业比重是多少").targets
    assert chunk_period(2016, ("一、2015年工作回顾",)) == (2015, 2015)
    assert chunk_period(2018, ("一、过去五年工作回顾", "（一）…")) == (2013, 2017)
    assert chunk_period(2017, ("一、２０１６年工作回顾",)) == (2016, 2016)
    assert chunk_period(2016, ("三、2016年重点工作",)) == (2016, 2016)
    assert chunk_period(2016, ()) == (2016, 2016)
    assert chunk_period(None, ("一、2015年工作回顾",)) is None


def test_same_thing_takes_the_reports_short_forms_not_the_words_own_parts():
    assert "棚改" in same_thing("棚户区改造") and "棚改" in same_thing("棚户")  # "棚户" a search token
    assert "养老金" in same_thing("退休金")
    # a part of the word is less specific: 城镇登记失业率 holds "失业率" too, and is another indicator
    assert not same_thing("城镇调查失业率") & {"失业率", "城镇登记失业率"}
