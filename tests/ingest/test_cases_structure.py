"""The structure cases of ../shared/cases (copied to tests/data/cases): each input read the way its
author wrote it. The answers that also need the fact layer (issue 14) are tested there; here the
outline, the section path, the table row and the sentence bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from ingest.prepare import prepare_report
from qa.summarize import Summarizer, outline
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import REPO, BigramEmbeddings
from text.sentences import sentence_spans

CASES = REPO / "tests" / "data" / "cases"


def case(name: str) -> Path:
    return next(CASES.glob(f"{name}*"))


def paths_of(path: Path, needle: str) -> tuple[str, ...]:
    report = prepare_report(path)
    return next(p for text, p in zip(report.paragraphs, report.paths, strict=True) if needle in text)


def top_parts(path: Path) -> list[str]:
    return list(dict.fromkeys(p[0] for p in prepare_report(path).paths if p))


def test_the_cases_are_the_shared_ones():
    for folder in CASES.iterdir():
        if folder.is_dir():
            assert json.loads((folder / "case.json").read_text(encoding="utf-8"))["question"]


@pytest.mark.parametrize("name", ["donghu_2024_table.docx", "donghu_2024_table.html"])
def test_01_table_rows_keep_their_cells_headers_and_units(name: str):
    report = prepare_report(case("01") / name)
    assert "粮食总产量（万吨）：完成值 42.3，比上年增长 1.5%" in report.paragraphs
    assert not any("42.31.5" in p for p in report.paragraphs)
    # the table stays in its section, and the part after it is its own section again
    row = report.paragraphs.index("粮食总产量（万吨）：完成值 42.3，比上年增长 1.5%")
    assert report.paths[row] == ("一、2023年工作回顾",)
    assert paths_of(case("01") / name, "规模以上工业增加值增长8.4%") == (
        "一、2023年工作回顾",
        "（一）产业发展提质增效",
    )


def test_02_word_numbering_reaches_the_text_and_the_outline(tmp_path: Path):
    path = case("02") / "nanling_2023_autonumber.docx"
    assert top_parts(path) == ["一、2023年工作开展情况", "二、存在的主要问题", "三、2024年工作计划"]
    assert paths_of(path, "优质茶园3000亩") == ("三、2024年工作计划", "（一）做强特色产业")
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([path]).failed
    sections = outline(store, "nanling_2023_autonumber")
    assert [s.heading for s in sections if s.level == 2] == [
        "（一）农业生产稳中有进",
        "（二）人居环境持续改善",
        "（一）做强特色产业",
        "（二）补齐基础设施短板",
    ]
    summary = Summarizer(store).summarize("nanling_2023_autonumber", "三", 3)
    assert summary.section == "三、2024年工作计划"
    assert summary.citations and all(c.section.startswith("三、2024年工作计划") for c in summary.citations)
    assert any("3000亩" in c.quote for c in summary.citations)


def test_03_a_body_paragraph_opening_like_a_part_stays_body_text():
    path = case("03") / "donghu_2024_yi_er_jidu.txt"
    assert top_parts(path) == ["一、2023年工作回顾", "二、2024年工作安排"]
    assert paths_of(path, "完成投资156.8亿元") == ("一、2023年工作回顾", "（二）项目建设扎实推进")
    assert paths_of(path, "一、二季度受原材料") == ("一、2023年工作回顾", "（一）产业发展提质增效")


def test_07_ocr_punctuation_ends_sentences_and_parts_come_apart():
    path = case("07") / "donghu_2024_ocr_punct.txt"
    report = prepare_report(path)
    sentences = [s for p in report.paragraphs for _, s in sentence_spans(p)]
    for figure in ("规模以上工业增加值增长8.4%", "城镇登记失业率控制在3.2%以内", "新建改造农村公路185公里"):
        [sentence] = [s for s in sentences if figure in s]
        assert len(sentence) < 40, sentence  # its own sentence, not the whole run-together part
    assert paths_of(path, "新建改造农村公路185公里") == ("一、2023年工作回顾", "（二）项目建设扎实推进")


def test_09_traditional_report_keeps_its_characters_and_is_found_in_simplified(tmp_path: Path):
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    fanti = case("09") / "donghu_2024_fanti.txt"
    simplified = case("08") / "donghu_2024.txt"
    assert not Ingestor(store).ingest([fanti]).failed
    record = store.get_document("donghu_2024_fanti")
    assert record is not None
    assert (record.meta.title, record.meta.year, record.meta.issuer) == (
        "東湖縣2024年政府工作報告",
        2024,
        "東湖縣人民政府",
    )
    hits = HybridRetriever(store).search("2023年东湖县粮食总产量是多少", k=3).hits
    assert "42.3萬噸" in hits[0].chunk.text  # the quote stays as written
    other = ReportStore(tmp_path / "db2", BigramEmbeddings())
    assert not Ingestor(other).ingest([simplified]).failed
    hits = HybridRetriever(other).search("2023年東湖縣糧食總產量是多少", k=3).hits
    assert "42.3万吨" in hits[0].chunk.text
