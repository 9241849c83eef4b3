from pathlib import Path

import pytest

from qa.summarize import SectionNotFound, Summarizer, find_section, outline
from store import ReportStore
from tests.conftest import BigramEmbeddings

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.fixture
def store(sample_db: Path) -> ReportStore:
    return ReportStore(sample_db, BigramEmbeddings())


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
