"""A report in traditional characters is found by simplified questions and the reverse; its quotes,
title and issuer stay as written (the shared case 09 is in test_cases_structure.py)."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import Ingestor
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings
from text.tokens import tokenize

NOTICE = """關於做好2024年城鄉居民醫療保險繳費工作的通知
雲溪縣醫療保障局
各鄉鎮人民政府：
為做好2024年度城鄉居民基本醫療保險參保繳費工作，現將有關事項通知如下。
一、繳費標準
2024年度城鄉居民醫保個人繳費標準為每人每年380元，財政補助標準為每人每年640元。
二、繳費時間
集中繳費期為2023年9月1日至12月31日。
"""

REPORT = """东坪镇2023年工作总结
东坪镇人民政府
一、工作成效
全镇新建标准化厂房4栋，引进企业6家，实现税收1860万元。
二、存在问题
基础设施欠账较多，产业链条较短。
"""


def test_a_traditional_notice_is_found_by_a_simplified_question(tmp_path: Path):
    path = tmp_path / "yunxi_notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([path]).failed
    record = store.get_document("yunxi_notice")
    assert record is not None
    assert record.meta.title == "關於做好2024年城鄉居民醫療保險繳費工作的通知"
    assert record.meta.issuer == "雲溪縣醫療保障局"  # not the notice's addressees (各鄉鎮人民政府：)
    hits = HybridRetriever(store).search("城乡居民医保个人缴费标准是多少", k=2).hits
    assert "每人每年380元" in hits[0].chunk.text and "繳費標準" in hits[0].chunk.text
    assert {"缴费", "标准"} <= set(tokenize("繳費標準"))


def test_a_simplified_report_is_found_by_a_traditional_question(tmp_path: Path):
    path = tmp_path / "dongping.txt"
    path.write_text(REPORT, encoding="utf-8")
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([path]).failed
    hits = HybridRetriever(store).search("去年引進了多少家企業", k=2).hits
    assert "引进企业6家" in hits[0].chunk.text
