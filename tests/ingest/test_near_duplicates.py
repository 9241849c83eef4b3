"""The same report in two forms is one report: found at ingest by MinHash similarity, skipped,
kept beside it or made to replace it as the user chooses, and never cited twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.near_duplicates import signature, similarity
from ingest.pipeline import Ingestor
from ingest.prepare import prepare_report
from qa.compare import Comparer
from qa.extractive import ExtractiveAnswerer, ExtractiveConfig
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store import ReportStore
from tests.conftest import SAMPLES, BigramEmbeddings

BODY = [
    "柳林乡2023年工作总结",
    "柳林乡人民政府",
    "一、主要成绩",
    "全乡粮食总产量达到2.6万吨，比上年增长3.1%。新建高标准农田1800亩。",
    "全年新增农民专业合作社9家，村集体经济收入全部超过10万元。",
    "二、存在问题",
    "乡村产业规模偏小，带动能力不强；基础设施仍有短板。",
    "三、2024年打算",
    "确保粮食总产量稳定在2.5万吨以上，力争新建高标准农田2000亩。",
]


def copies(tmp_path: Path) -> tuple[Path, Path]:
    """The report as .txt, and a web copy of it with a few more lines (a byline, a related link)."""
    txt = tmp_path / "liulin_2023.txt"
    txt.write_text("\n".join(BODY * 3), encoding="utf-8")  # long enough to be a report
    html = tmp_path / "liulin_web.html"
    paras = "".join(f"<p>{line}</p>" for line in BODY * 3)
    html.write_text(
        f"<html><body><p>来源：柳林乡政府网 2024-01-12</p>{paras}<p>附件：柳林乡2023年工作总结（全文）</p>"
        "<p>本文浏览次数：321</p></body></html>",
        encoding="utf-8",
    )
    return txt, html


@pytest.fixture
def store(tmp_path: Path) -> ReportStore:
    return ReportStore(tmp_path / "db", BigramEmbeddings())


def test_a_web_copy_is_skipped_with_the_similarity_said(store: ReportStore, tmp_path: Path):
    txt, html = copies(tmp_path)
    assert Ingestor(store).ingest([txt]).counts["added"] == 1
    [result] = Ingestor(store).ingest([html]).results
    assert result.status == "duplicate" and result.doc_id == "liulin_2023"
    assert "内容相似（约" in result.message and "%" in result.message and "keep" in result.message
    assert [r.doc_id for r in store.documents()] == ["liulin_2023"]


def test_keep_both_stores_the_copy_and_cites_one_sentence_once(store: ReportStore, tmp_path: Path):
    txt, html = copies(tmp_path)
    Ingestor(store).ingest([txt])
    [result] = Ingestor(store).ingest([html], near_duplicates="keep").results
    assert result.status == "added" and "同时保留" in result.message
    record = store.get_document("liulin_web")
    assert record is not None and record.duplicate_of == "liulin_2023"
    retriever = HybridRetriever(store)
    hits = retriever.search("柳林乡粮食总产量是多少", k=5).hits
    texts = ["".join(h.chunk.text.split()) for h in hits]
    assert len(texts) == len(set(texts))  # a passage of both copies is found once
    config = ExtractiveConfig(min_score=0.0, min_similarity_unknown=0.0)
    answer = ExtractiveAnswerer(retriever, config).answer("柳林乡粮食总产量是多少")
    quotes = [c.quote for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    rows = Comparer(retriever).compare("粮食总产量", Filters()).rows
    assert [r.doc_id for r in rows] == ["liulin_2023"]  # the copy gives no second row


def test_replace_puts_the_new_file_in_the_stored_reports_place(store: ReportStore, tmp_path: Path):
    txt, html = copies(tmp_path)
    Ingestor(store).ingest([txt])
    [result] = Ingestor(store).ingest([html], near_duplicates="replace").results
    assert result.status == "updated" and result.doc_id == "liulin_2023"
    [record] = store.documents()
    assert record.source == str(html.resolve()) and record.format == "html"


def test_the_2017_report_as_txt_and_as_pdf_is_one_report(tmp_path: Path):
    txt = prepare_report(SAMPLES / "guowuyuan_2017.txt").text
    pdf = prepare_report(SAMPLES.parent / "samples" / "guowuyuan_2017.pdf").text
    other = prepare_report(SAMPLES / "guowuyuan_2016.txt").text
    assert similarity(signature(txt), signature(pdf)) >= 0.8
    assert similarity(signature(txt), signature(other)) < 0.3


def test_the_command_line_flag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    monkeypatch.setattr("store.load_embeddings", lambda spec: BigramEmbeddings())
    txt, html = copies(tmp_path)
    db = ["--db", str(tmp_path / "cli"), "-q"]
    assert ingest_main([str(txt), *db]) == 0
    capsys.readouterr()
    assert ingest_main([str(html), *db]) == 0
    assert "内容相似" in capsys.readouterr().out
    assert ingest_main([str(html), *db, "--near-duplicates", "keep"]) == 0
    assert "同时保留" in capsys.readouterr().out
    shutil.rmtree(tmp_path / "cli")
