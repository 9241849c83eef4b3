"""Questions users get wrong: empty, blank, a pasted document, a year range backwards. Each is
told what to fix, in Chinese, before anything is searched."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.service import MAX_QUESTION_CHARS, PolicyQA
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store import ReportStore
from tests.conftest import SAMPLES, BigramEmbeddings


@pytest.fixture
def qa(sample_db: Path) -> PolicyQA:
    return PolicyQA(HybridRetriever(ReportStore(sample_db, BigramEmbeddings())), "extractive")


@pytest.mark.parametrize("question", ["", "   ", "\u3000\u3000\n\t", None])
def test_empty_and_blank_questions_are_refused(qa: PolicyQA, question):
    for ask in (qa.ask, lambda q: list(qa.stream(q))):
        with pytest.raises(ValueError, match="问题为空"):
            ask(question)


def test_a_question_of_ten_thousand_characters_is_refused_with_the_limit(qa: PolicyQA):
    pasted = (SAMPLES / "guowuyuan_2016.txt").read_text(encoding="utf-8")[:10_000]
    for ask in (qa.ask, lambda q: list(qa.stream(q))):
        with pytest.raises(ValueError, match=rf"问题过长（10000 字），请缩短到 {MAX_QUESTION_CHARS} 字以内"):
            ask(pasted)
    # up to the limit it is a question: searched, then answered or declined
    at_limit = pasted[: MAX_QUESTION_CHARS - len("两委交叉任职比例是多少")] + "两委交叉任职比例是多少"
    assert qa.ask(at_limit).question == at_limit


def test_a_backwards_year_range_is_refused_with_what_to_do(qa: PolicyQA):
    with pytest.raises(ValueError, match="年份范围无效：2018 晚于 2013"):
        qa.ask("GDP增长目标", filters=Filters(year_from=2018, year_to=2013))
    with pytest.raises(ValueError, match="年份范围无效"):
        qa.compare("GDP增长目标", Filters(year_from=2018, year_to=2013))


def test_a_backwards_range_written_in_the_question_means_the_same_years(qa: PolicyQA):
    forwards = qa.compare("GDP增长目标", Filters(year_from=2013, year_to=2016))
    assert "年份 2013–2016" in qa.ask("2016年到2013年的GDP增长目标是多少").filter
    assert "年份 2013–2016" in qa.ask("2013年到2016年的GDP增长目标是多少").filter
    assert [r.year for r in forwards.rows] == [2013, 2014, 2015, 2016]
