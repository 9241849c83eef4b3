"""Pages of a PDF: running heads and page numbers go even in a two-page report, a sentence cut by
the page break is one again, and a quote is cited on the page where it stands."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_file
from ingest.pipeline import Ingestor
from qa.types import citation_for
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import REPO, BigramEmbeddings

PDF = REPO / "tests" / "data" / "pdf" / "qinghe_2023_report.pdf"  # printed by Chromium, 2 pages


def test_running_heads_and_page_numbers_go_in_a_two_page_report():
    texts = [b.text for b in load_file(PDF).blocks]
    assert not any("file://" in t or "1/2" in t or "2/2" in t for t in texts)
    assert sum("清河镇2023年工作情况汇报" in t for t in texts) == 1  # the title, not the running head


def test_a_sentence_cut_by_the_page_break_is_one_again():
    blocks = load_file(PDF).blocks
    [block] = [b for b in blocks if "全镇还投入资金460万元实施农村饮水安全巩固提升工程" in b.text]
    assert block.page == 1 and block.page_breaks and block.page_breaks[0][1] == 2


def test_a_quote_is_cited_on_its_own_page(tmp_path: Path):
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([PDF]).failed
    record = store.get_document("qinghe_2023_report")
    assert record is not None and record.page_map[0] == (0, 1) and record.page_map[-1][1] == 2
    text = store.document_text(record.doc_id)
    for sentence, page in [
        ("全年新修硬化村组道路21.5公里", 1),
        ("解决了3个偏远村民组1100余名群众的饮水难题", 2),  # its paragraph began on page 1
        ("全年发放各类惠民补贴资金1860万元", 2),
    ]:
        chunk = next(c for c in store.chunks_of(record.doc_id) if sentence in c.text)
        offset = chunk.text.index(sentence)
        cite = citation_for(1, HybridRetriever(store).search(sentence, k=1).hits[0], record, sentence, offset)
        if cite.chunk_id == chunk.id:
            assert cite.page == page, sentence
        assert record.page_at(chunk.char_start + offset) == page, sentence
        assert text[chunk.char_start + offset :].startswith(sentence)
