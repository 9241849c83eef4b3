"""Summaries of the bundled reports, checked the way a reader would: what they quote, from where,
and under which citation."""

import itertools
import re
from pathlib import Path

import pytest

from qa.near_identical import fingerprint, near_identical
from qa.summarize import SectionNotFound, Summarizer, Summary, find_section, outline
from store import ReportStore
from tests.conftest import BigramEmbeddings

YUTAI = "yutai_xiang_sanji_lianchuang"
LINE = re.compile(r"^\d+\. (?P<sentence>.+?)\[(?P<n>\d+)\]$")


@pytest.fixture
def store(sample_db: Path) -> ReportStore:
    return ReportStore(sample_db, BigramEmbeddings())


def quoted(summary: Summary) -> list[tuple[str, int]]:
    """(sentence, its [n]) for every numbered line of a summary."""
    return [(m["sentence"], int(m["n"])) for m in map(LINE.match, summary.summary.splitlines()) if m]


def test_sections_are_found_by_number_or_heading_words(store: ReportStore):
    sections = outline(store, YUTAI)
    assert [s.heading[:2] for s in sections if s.level == 1][:3] == ["一、", "二、", "三、"]
    for wanted in ("六", "第六部分", "6", "夯实基础", "六、夯实基础,建设农村基层组织堡垒"):
        assert find_section(sections, wanted).heading.startswith("六、夯实基础"), wanted
    with pytest.raises(SectionNotFound, match="一级章节有"):
        find_section(sections, "第十九部分")


def test_sentences_of_one_paragraph_share_one_citation(store: ReportStore):
    summary = Summarizer(store).summarize(YUTAI, "第六部分", sentences=3)
    assert summary.section.startswith("六、夯实基础")
    lines = quoted(summary)
    assert len(lines) == 3 and {n for _, n in lines} == {1}  # section 六 is one paragraph: one card
    [card] = summary.citations
    text = store.document_text(YUTAI)
    assert card.section.startswith("六、夯实基础") and "87.7%" in summary.summary
    assert text[card.char_start : card.char_end] == card.quote  # offsets are the quote's
    starts = [card.quote.index(sentence) for sentence, _ in lines]
    assert starts == sorted(starts)  # in document order, each within the card's quote


def test_a_section_summary_covers_its_sub_sections(store: ReportStore):
    summary = Summarizer(store).summarize("guowuyuan_2016", "三", sentences=6)
    subs = {c.section.split(" > ")[1] for c in summary.citations if " > " in c.section}
    assert len(subs) >= 4, subs  # (一) (二) (三) (四)…, not six sentences of one of them
    assert len(quoted(summary)) == 6
    assert "6.5%－7%" in summary.summary  # the section's targets are quoted


def test_a_section_summary_covers_the_items_of_one_paragraph(store: ReportStore):
    """Section 七 is one paragraph of 一是…二是…三是…: sentences from at least two of the items."""
    summary = Summarizer(store).summarize(YUTAI, "七", sentences=3)
    text = store.document_text(YUTAI)
    [card] = summary.citations
    paragraph = text[card.char_start : card.char_end]
    second, third = paragraph.index("二是"), paragraph.index("三是")
    items = {sum(paragraph.index(s) >= at for at in (second, third)) for s, _ in quoted(summary)}
    assert len(items) >= 2, quoted(summary)


@pytest.mark.parametrize(
    ("doc_id", "section"), [("guowuyuan_2016", None), ("guowuyuan_2018", "一"), (YUTAI, None), (YUTAI, "七")]
)
def test_no_two_summary_sentences_are_near_identical(store: ReportStore, doc_id: str, section: str | None):
    summary = Summarizer(store).summarize(doc_id, section, sentences=10)
    marks = [fingerprint(s) for s, _ in quoted(summary)]
    assert not [(a, b) for a, b in itertools.combinations(marks, 2) if near_identical(a, b)]


def test_a_government_work_report_summary_gives_results_targets_and_tasks(store: ReportStore):
    summary = Summarizer(store).summarize("guowuyuan_2016", sentences=6)
    text = summary.summary
    assert text.index("主要成绩：") < text.index("主要目标：") < text.index("主要任务：")
    results = text[: text.index("主要目标：")]
    assert "国内生产总值达到67.7万亿元" in results  # a result with its figure
    targets = text[text.index("主要目标：") : text.index("主要任务：")]
    assert "国内生产总值增长6.5%－7%" in targets and "城镇新增就业1000万人以上" in targets
    assert "（一）稳定和完善宏观经济政策，保持经济运行在合理区间" in text[text.index("主要任务：") :]
    # the opening address and the closing call are never quoted
    assert "我代表国务院" not in text and "各位代表" not in text and "奋斗" not in text
    # every [n] points at a card whose quote holds the sentence, and stands at the card's offsets
    cards = {c.n: c for c in summary.citations}
    assert all(sentence in cards[n].quote for sentence, n in quoted(summary))
    report = store.document_text("guowuyuan_2016")
    assert all(report[c.char_start : c.char_end] == c.quote for c in summary.citations)


@pytest.mark.parametrize(
    ("doc_id", "target"),
    [("guowuyuan_2013", "7.5%左右"), ("guowuyuan_2017", "6.5%左右"), ("guowuyuan_2018", "6.5%左右")],
)
def test_every_year_names_its_targets_and_task_headings(store: ReportStore, doc_id: str, target: str):
    summary = Summarizer(store).summarize(doc_id, sentences=6)
    targets = summary.summary.split("主要目标：")[1].split("主要任务：")[0]
    assert f"国内生产总值增长{target}" in targets
    tasks = summary.summary.split("主要任务：")[1]
    assert "（一）" in tasks and "（二）" in tasks
    assert not any("代表国务院" in s or "请予审议" in s for s, _ in quoted(summary))


def test_a_township_report_without_targets_leaves_them_out(store: ReportStore):
    summary = Summarizer(store).summarize(YUTAI, sentences=6)
    assert summary.summary.startswith("主要成绩：") and "主要目标" not in summary.summary
    assert "87.7%" in summary.summary  # a result with its figure
    assert "汇报如上" not in summary.summary and "汇报如下" not in summary.summary
    # drawn from several of its parts, not one
    assert len({c.section.split(" > ")[0] for c in summary.citations}) >= 4


@pytest.mark.parametrize("n", [0, -1, 21])
def test_the_length_is_checked_with_a_message_in_chinese(store: ReportStore, n: int):
    with pytest.raises(ValueError, match="摘要长度应为 1 到 20 句"):
        Summarizer(store).summarize(YUTAI, "六", sentences=n)


@pytest.mark.parametrize("sentences", [2, 6, 15])
def test_the_length_asked_bounds_the_task_list_too(store: ReportStore, sentences: int):
    summary = Summarizer(store).summarize("guowuyuan_2018", sentences=sentences)
    tasks = summary.summary.split("主要任务：")[1].strip().splitlines()
    assert 1 <= len(tasks) <= max(3, sentences)
    said = summary.summary.split("主要任务：")[0]
    assert len(re.findall(r"\[\d+\]$", said, flags=re.M)) <= sentences  # results and targets: the length
