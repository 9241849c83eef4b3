"""The kinds of wrong answer a new user's trial found on the bundled reports, as the facts read and
match them: each on the trial's sentence and on one written here."""

from dataclasses import replace

from core.types import Chunk, ReportMeta
from facts.extract import facts_of_chunk, facts_of_sentence
from facts.match import indicator_score, match
from facts.model import ACTUAL, GROWTH, INCREASE, LEVEL, PLAN, SHARE
from facts.question import read_question, scope_level
from facts.rules import Context
from qa.fact_lines import part_query

# a 2024 report: its review part describes 2023, its plan part 2024
REVIEW = Context("d", "c", 2024, "平川县", ("一、2023年工作回顾",))
FIVE_YEARS = Context("d", "c", 2024, "平川县", ("一、过去五年工作回顾",))
PLANS = Context("d", "c", 2024, "平川县", ("二、2024年工作安排",))


def facts(sentence: str, ctx: Context = REVIEW) -> list[tuple]:
    return [(f.indicator, f.text, f.measure, f.basis, f.period) for f in facts_of_sentence(sentence, 0, ctx)]


# --- 1. a year written right before a figure is that figure's ------------------------------------


def test_the_trial_deficit_rates_are_of_the_years_written_before_them():
    ctx = Context("d", "c", 2013, "全国", ("一、过去五年工作回顾",))
    got = facts(
        "财政赤字占国内生产总值的比重从2009年的2.8%降到去年的1.5%左右，赤字率和债务负担率保持在安全水平。",
        ctx,
    )
    assert got == [
        ("财政赤字占国内生产总值的比重", "2.8%", SHARE, ACTUAL, (2009, 2009)),  # not 2008
        ("财政赤字占国内生产总值的比重", "1.5%左右", SHARE, ACTUAL, (2012, 2012)),
    ]


def test_a_year_before_one_figure_is_not_the_next_figures():
    got = facts("常住人口城镇化率从2018年的52.1%提高到58.3%，森林覆盖率2019年为40.2%。", FIVE_YEARS)
    assert got[0][1:] == ("52.1%", SHARE, ACTUAL, (2018, 2018))
    assert got[1][1:] == ("58.3%", SHARE, ACTUAL, (2023, 2023))  # the span's end, not 2018
    assert got[2][0] == "森林覆盖率" and got[2][4] == (2019, 2019)


def test_a_starting_rate_in_a_plan_sentence_is_last_years_result():
    got = facts("今年城镇登记失业率从去年的3.6%降到3.4%以内。", PLANS)
    assert got == [
        ("城镇登记失业率", "3.6%", SHARE, ACTUAL, (2023, 2023)),
        ("城镇登记失业率", "3.4%以内", SHARE, PLAN, (2024, 2024)),
    ]


def test_a_change_since_a_year_before_the_last_is_over_the_years_since():
    ctx = Context("d", "c", 2008, "全国", ("一、过去五年工作回顾",))
    got = facts("2007年，国内生产总值达到24.66万亿元，比2002年增长65.5%，年均增长10.6%。", ctx)
    assert [(f[1], f[4]) for f in got] == [
        ("24.66万亿元", (2007, 2007)),
        ("65.5%", (2003, 2007)),  # not 2007's growth
        ("10.6%", (2003, 2007)),
    ]
    assert facts("全县粮食总产量比上年增加1.2万吨。")[0][4] == (2023, 2023)


def test_a_year_written_before_a_figure_is_not_the_paragraphs_time():
    text = "森林覆盖率从2019年的41.2%提高到45.6%。全县城镇调查失业率5.1%。"
    chunk = Chunk("c", "d", 0, text, ("一、过去五年工作回顾",), 0, 0, len(text))
    got = facts_of_chunk(chunk, ReportMeta(title="平川县2024年政府工作报告", year=2024), "平川县")
    assert [(f.text, f.period) for f in got][-1] == ("5.1%", (2019, 2023))  # the part's, not 2019


def test_a_five_year_plans_document_named_before_a_figure_is_not_its_time():
    """The blind miss "2011年全国清洁能源发电装机达到多少": after "发布实施“十二五”节能减排综合性工作方案。"
    the 2012 report's 2011 figure was read as of 2015 (the plan's end). A paragraph of my own."""
    text = "印发“十四五”生态环境保护规划实施方案。全县森林覆盖率达到46.3%。“十四五”以来累计造林3.2万亩。"
    chunk = Chunk("c", "d", 0, text, ("一、2023年工作回顾",), 0, 0, len(text))
    got = facts_of_chunk(chunk, ReportMeta(title="平川县2024年政府工作报告", year=2024), "平川县")
    assert [(f.text, f.period) for f in got] == [("46.3%", (2023, 2023)), ("3.2万亩", (2021, 2024))]


def test_a_figure_after_mei_is_what_a_fact_is_counted_per_not_a_fact():
    """The blind miss "粳稻最低收购价每50公斤提高多少": "早籼稻、中晚籼稻、粳稻每50公斤分别提高3元、5元和
    10元" gave a fact "50公斤" and the indicator 粳稻每. A sentence of my own."""
    got = facts("小麦、玉米每50公斤分别提高2元和3元，每10万人口拥有病床48张。")
    assert [(f[0], f[1]) for f in got] == [("小麦", "2元"), ("玉米", "3元"), ("病床", "48张")]


def test_a_year_a_plan_looks_towards_is_not_the_paragraphs_time():
    """A fresh-eyes trial's miss "2016年全社会研发经费支出与国内生产总值之比是多少": after "部署启动
    面向2030年的科技创新重大项目。" the 2017 report's 2.08% was read as of 2030. A paragraph of my own."""
    text = "实施瞄准2035年的产业创新工程。全县研发投入强度达到2.1%。"
    chunk = Chunk("c", "d", 0, text, ("一、2023年工作回顾",), 0, 0, len(text))
    got = facts_of_chunk(chunk, ReportMeta(title="平川县2024年政府工作报告", year=2024), "平川县")
    assert [(f.text, f.period) for f in got] == [("2.1%", (2023, 2023))]


def test_a_verb_of_change_before_what_it_changes_makes_the_figure_the_change():
    """A fresh-eyes trial's miss "2017年农村贫困人口减少了多少": "今年再减少农村贫困人口1000万以上" was
    the level of 减少农村贫困人口, not the planned fall of 农村贫困人口. Sentences of my own."""
    got = facts_of_sentence("今年再减少农村贫困人口2000人，增加村级集体经济收入150万元。", 0, PLANS)
    assert [(f.indicator, f.text, f.measure, f.kind_label()) for f in got] == [
        ("农村贫困人口", "2000人", INCREASE, "目标减少量"),
        ("村级集体经济收入", "150万元", INCREASE, "目标增加量"),
    ]
    assert facts("工业增加值3.2亿元。")[0][:3] == ("工业增加值", "3.2亿元", LEVEL)


# --- 3. a target set is of the report's own year ------------------------------------------------


def test_the_trial_price_target_after_a_sentence_about_last_year_is_this_years_plan():
    ctx = Context("d", "c", 2013, "全国", ("二、今年经济社会发展的总体要求、主要预期目标和宏观经济政策",))
    said_last_year = replace(ctx, said_period=(2012, 2012))
    got = facts("把居民消费价格涨幅控制在3.5%左右，是充分考虑各方面因素后作出的选择。", said_last_year)
    assert got == [("居民消费价格", "3.5%左右", GROWTH, PLAN, (2013, 2013))]


def test_a_target_verb_outweighs_the_past_an_earlier_sentence_told():
    said_last_year = replace(PLANS, said_period=(2023, 2023))
    assert facts("力争粮食总产量稳定在35万吨以上。", said_last_year)[0][3:] == (PLAN, (2024, 2024))
    assert facts("粮食总产量33.8万吨。", said_last_year)[0][3:] == (ACTUAL, (2023, 2023))  # no target set
    # in a review part a result held to a figure stays a result of the year reviewed
    assert facts("城镇登记失业率控制在3.2%。")[0][2:] == (SHARE, ACTUAL, (2023, 2023))


def test_a_figure_held_to_in_a_list_of_last_years_results_is_a_result():
    """The blind miss "2010年居民消费价格实际涨幅是多少": in the plan part, after "过去一年，…", the
    2011 report lists "国内生产总值增长10.3%，居民消费价格涨幅控制在3.3%，城镇新增就业1168万人";
    控制在 made 3.3% and the 1168万人 after it targets of 2011. A county's sentence of my own."""
    said_last_year = replace(PLANS, said_period=(2023, 2023))
    got = facts("地区生产总值增长5.8%，城镇登记失业率控制在3.4%，新增城镇就业6200人。", said_last_year)
    assert [(f[1], f[3], f[4]) for f in got] == [
        ("5.8%", ACTUAL, (2023, 2023)),
        ("3.4%", ACTUAL, (2023, 2023)),
        ("6200人", ACTUAL, (2023, 2023)),
    ]
    # a figure to be held to (把…控制在) is this year's target still
    assert facts("把城镇登记失业率控制在4%以内。", said_last_year)[0][3:5] == (PLAN, (2024, 2024))


def test_a_subject_carried_from_a_clause_saying_how_it_went_is_the_subject_alone():
    """The blind miss "2010年全国粮食产量是多少": in "粮食产量屡创历史新高，去年达到54641万吨" the
    figure's indicator was 粮食产量屡创历史新高. Sentences of my own."""
    assert facts("全县财政收入稳步增长，去年达到8.2亿元。", PLANS)[0][:2] == ("财政收入", "8.2亿元")
    assert facts("居民存款余额再创新高，达到126亿元。")[0][:2] == ("居民存款余额", "126亿元")


# --- 4. a figure is of the indicator nearest before it; a qualifier asked is not dropped ----------


def test_the_trial_high_speed_railway_figure_is_of_the_high_speed_railway():
    ctx = Context("d", "c", 2016, "全国", ("一、2015年工作回顾",))
    got = facts("铁路营业里程达到12.1万公里，其中高速铁路超过1.9万公里，占世界60%以上。", ctx)
    assert got[0][:2] == ("铁路营业里程", "12.1万公里")
    assert got[1][:2] == ("高速铁路", "超过1.9万公里")  # the bound as written
    railways = facts_of_sentence("铁路营业里程达到12.1万公里，其中高速铁路超过1.9万公里。", 0, ctx)
    asked = read_question("高速铁路营业里程是多少")
    assert [f.text for f in match(asked, "高速铁路营业里程", railways).answers] == ["超过1.9万公里"]
    # their words before 营业里程 differ: 高铁 is not all railways
    assert indicator_score("高铁营业里程", "铁路营业里程") == 0.0


def test_a_road_of_one_kind_is_not_answered_by_all_roads():
    got = facts_of_sentence("全县公路通车里程达到3260公里，其中高速公路168公里。", 0, REVIEW)
    assert [(f.indicator, f.text) for f in got] == [("公路通车里程", "3260公里"), ("高速公路", "168公里")]
    query = read_question("高速公路通车里程是多少")
    assert [f.text for f in match(query, "高速公路通车里程", got).answers] == ["168公里"]
    # written alone, the whole is still not the part asked
    alone = facts_of_sentence("全县公路通车里程达到3260公里。", 0, REVIEW)
    assert not match(query, "高速公路通车里程", alone).answers
    members = facts_of_sentence("全乡共有党员860名，其中农村党员612名。", 0, REVIEW)
    assert [f.indicator for f in members] == ["党员", "农村党员"]
    assert [f.text for f in match(read_question("全乡有多少名党员"), "党员", members).answers] == ["860名"]


# --- 5. a measure of one part is not asked of another -------------------------------------------


def test_the_trial_unemployment_rate_is_asked_as_a_rate_not_as_a_growth():
    q = read_question("2018年居民消费价格涨幅目标和城镇调查失业率目标分别是多少")
    assert q.indicators == ("居民消费价格", "城镇调查失业率")
    assert part_query(q, "居民消费价格").measure == GROWTH
    assert part_query(q, "城镇调查失业率").measure == SHARE and part_query(q, "城镇调查失业率").unit == "%"


def test_a_measure_asked_after_fenbie_is_asked_of_every_part():
    q = read_question("2023年地区生产总值和一般公共预算收入分别增长多少")
    assert [part_query(q, i).measure for i in q.indicators] == [GROWTH, GROWTH]
    q = read_question("2023年地区生产总值增速和一般公共预算收入分别是多少")
    assert [part_query(q, i).measure for i in q.indicators] == [GROWTH, None]
    assert part_query(q, "一般公共预算收入").unit is None


# --- 6. the scope a question names: 全乡 is a township's report ----------------------------------


def test_scope_words_point_at_a_level_of_report():
    assert read_question("全乡有多少个行政村").level == "township"
    assert read_question("全乡党员有多少人").level == "township"
    assert scope_level("全县粮食总产量是多少") == "county" and scope_level("全国粮食产量") == "national"
    assert read_question("东湖县全县粮食总产量", ["东湖县"]).level is None  # the place named decides


# --- 7. a country, region or province the question opens with is its place ----------------------


def test_a_country_the_question_opens_with_is_its_place():
    assert read_question("美国的GDP增长目标是多少", ["全国"]).place == "美国"
    assert read_question("日本的城镇新增就业目标是多少", ["全国"]).place == "日本"
    assert read_question("2023年德国的城镇登记失业率是多少").place == "德国"
    assert read_question("浙江的地区生产总值增长多少").place == "浙江"
    assert read_question("2016年北京冬奥会场馆建设投资多少").place is None  # an event, not a place asked of
    assert read_question("内蒙古的粮食产量是多少").place == "内蒙古"  # not 蒙古
    assert read_question("美国GDP增长目标是多少").place == "美国"  # a country needs no 的
    # named further on, a place is what is spoken of, not whose figure is asked
    assert read_question("对口支援新疆的资金是多少").place is None


# --- second trial: a clause with no subject of its own, and the part of a group asked ------------


def test_the_trial_womens_share_is_of_women_not_of_the_clause_before():
    got = facts(
        "2001年以来共发展新党员72名,其中35以下的达到62%,初中以上文化程度的达到75%,"
        "女党员的比例也进一步提高,已达到25%。"
    )
    assert ("女党员的比例", "25%") in [(i, t) for i, t, *_ in got]
    assert not any(i == "已" for i, *_ in got)  # an adverb is no indicator


def test_a_figure_after_an_adverb_continues_the_subject_of_the_clause_before():
    got = facts("森林覆盖率不断提高，已达62.5%。全县粮食产量稳步增长，达到45万吨。")
    assert [(i, t) for i, t, *_ in got] == [("森林覆盖率", "62.5%"), ("粮食产量", "45万吨")]


def test_a_part_of_a_group_is_what_is_asked_the_group_its_context():
    trial = read_question("新发展党员中女党员比例达到多少", set())
    assert trial.indicators == ("女党员比例",) and trial.context == ("新发展党员",)
    own = read_question("城镇新增就业中高校毕业生有多少", set())
    assert own.indicators == ("高校毕业生",) and own.context == ("城镇新增就业",)
    # 中 inside a word is not "among": 中位数, 中小企业
    assert read_question("居民人均可支配收入中位数是多少", set()).indicators == ("居民人均可支配收入中位数",)
    assert read_question("中小企业贷款增长多少", set()).indicators == ("中小企业贷款",)
