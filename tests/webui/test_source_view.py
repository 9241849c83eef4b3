"""打开原文: a cited report's text with the passage marked, and a PDF's cited page with the passage
marked on it, from a store holding a small text report and a small two-page PDF."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from core.errors import UserError
from core.types import Hit
from ingest.pipeline import Ingestor
from qa.types import Citation, citation_for
from store import ReportStore
from tests.conftest import REPO, BigramEmbeddings
from webui import source_view
from webui.pdf_page import MARK_RGBA, PAGE_WIDTH_PX, PageImageError, find_passage
from webui.source_view import (
    original_pdf,
    pdf_page_image,
    source_text_html,
    source_view_html,
)

PDF = REPO / "tests" / "data" / "pdf" / "qinghe_2023_report.pdf"  # printed by Chromium, 2 pages
PDF_ID = "qinghe_2023_report"
TXT_ID = "dongpo_2024"
TXT = """东坡镇2024年工作总结
一、基本情况
全镇辖12个村，总人口3.2万人。网页上的<script>alert("x")</script>与<b>加粗</b>都只是文字。
二、主要成绩
全年新建高标准农田1.5万亩，粮食总产量达到4.6万吨，同比增长3.1%。
村集体经济收入全部超过10万元。
"""
MULTILINE = "全年新修硬化村组道路21.5公里，维修加固小型水库4座，新建文化广场6处"  # 2 lines, page 1
CUT = "全镇还投入资金460万元实施农村饮水安全巩固提升工程，新建集中供水站2座"  # page 1 -> page 2
TABLE_ROW = "镇域生产总值（亿元）：2023年完成 23.6，同比增长 6.4%"  # a row written from a table's cells


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    root = tmp_path_factory.mktemp("source_view")
    (root / f"{TXT_ID}.txt").write_text(TXT, encoding="utf-8")
    shutil.copy(PDF, root / PDF.name)
    store = ReportStore(root / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([root / f"{TXT_ID}.txt", root / PDF.name]).failed
    return store


def cite(store: ReportStore, doc_id: str, sentence: str) -> Citation:
    """The citation the answerers make of a sentence (qa.types.citation_for)."""
    chunk = next(c for c in store.chunks_of(doc_id) if sentence in c.text)
    return citation_for(1, Hit(chunk, 1.0), store.get_document(doc_id), sentence, chunk.text.index(sentence))


def marked(html: str) -> list[str]:
    return re.findall(r'<mark[^>]*class="pq-passage">(.*?)</mark>', html)


# --- the text ---------------------------------------------------------------------------------


def test_the_cited_sentence_is_marked_in_the_whole_text(store: ReportStore):
    c = cite(store, TXT_ID, "粮食总产量达到4.6万吨，同比增长3.1%。")
    html = source_text_html(store, c.doc_id, c.char_start, c.char_end)
    assert f'<mark id="pq-passage" class="pq-passage">{c.quote}</mark>' in html
    assert html.count('id="pq-passage"') == 1 and marked(html) == [c.quote]
    assert "《东坡镇2024年工作总结》" in html and "章节：二、主要成绩" in html
    # the whole report, paragraph by paragraph
    assert "<p>全镇辖12个村，总人口3.2万人。" in html and "<p>村集体经济收入全部超过10万元。</p>" in html
    assert '<p class="pq-heading">二、主要成绩</p>' in html


def test_report_text_is_escaped_never_markup(store: ReportStore):
    html = source_text_html(store, TXT_ID, None, None)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "&lt;b&gt;加粗" in html
    assert "pq-passage" not in html and "章节" not in html  # nothing cited, nothing marked


def test_offsets_of_another_version_are_found_again_by_the_quote(store: ReportStore):
    c = cite(store, TXT_ID, "村集体经济收入全部超过10万元。")
    html = source_text_html(store, c.doc_id, 3, 3 + len(c.quote), c.quote)
    assert marked(html) == [c.quote]
    lost = source_text_html(store, c.doc_id, 3, 10, "报告中没有的一句话。")
    assert "未能在原文中定位引文" in lost and not marked(lost)


def test_a_huge_report_shows_whole_paragraphs_around_the_passage(
    store: ReportStore, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(source_view, "FULL_TEXT_LIMIT", 60)
    monkeypatch.setattr(source_view, "WINDOW", 10)
    c = cite(store, TXT_ID, "村集体经济收入全部超过10万元。")
    html = source_text_html(store, c.doc_id, c.char_start, c.char_end)
    assert marked(html) == [c.quote] and "前文从略" in html
    assert "全镇辖12个村" not in html and "<p>全年新建高标准农田1.5万亩，" in html  # whole paragraphs


def test_a_passage_over_two_paragraphs_is_marked_in_each(store: ReportStore):
    text = store.document_text(TXT_ID)
    start = text.index("同比增长3.1%。")
    end = text.index("全部超过") + 4
    html = source_text_html(store, TXT_ID, start, end)
    assert marked(html) == ["同比增长3.1%。", "村集体经济收入全部超过"]
    assert html.count('id="pq-passage"') == 1


def test_an_unknown_report_is_a_user_error_in_chinese(store: ReportStore):
    with pytest.raises(UserError, match="知识库中没有文档 no_such_report"):
        source_text_html(store, "no_such_report", 0, 5)
    with pytest.raises(UserError, match="知识库中没有文档"):
        pdf_page_image(store, "no_such_report", 1, "全年")


# --- the page ---------------------------------------------------------------------------------


def rendered(page: int, scale: float) -> np.ndarray:
    """The page as pypdfium2 draws it, unmarked (RGB)."""
    doc = pdfium.PdfDocument(str(PDF))
    try:
        return np.asarray(doc[page - 1].render(scale=scale, rev_byteorder=True).to_pil().convert("RGB"))
    finally:
        doc.close()


def char_box_pixels(page: int, text: str, scale: float) -> tuple[float, float]:
    """The middle, in pixels, of the first character of `text` on the page (pypdfium2's search)."""
    doc = pdfium.PdfDocument(str(PDF))
    try:
        textpage = doc[page - 1].get_textpage()
        found = textpage.search(text, match_case=True).get_next()
        assert found is not None, text
        left, bottom, right, top = textpage.get_charbox(found[0])
        height = doc[page - 1].get_height()
        return (left + right) / 2 * scale, (height - (bottom + top) / 2) * scale
    finally:
        doc.close()


def check_marked_page(png: bytes, page: int, boxes: tuple, inside: list[str]) -> None:
    """A PNG of `page`: as pypdfium2 draws it outside the boxes, tinted inside them, and the boxes
    hold the characters named."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    scale = PAGE_WIDTH_PX / 612  # the page is 612 points wide
    plain = rendered(page, scale).astype(int)
    assert image.shape == plain.shape
    in_boxes = np.zeros(image.shape[:2], dtype=bool)
    for x0, y0, x1, y1 in boxes:
        in_boxes[y0 : y1 + 1, x0 : x1 + 1] = True
    assert (image[~in_boxes] == plain[~in_boxes]).all()  # the expected page, marked nowhere else
    a = MARK_RGBA[3] / 255
    tint = np.array([round(255 * (1 - a) + c * a) for c in MARK_RGBA[:3]])  # the mark over white paper
    white = (plain == 255).all(axis=2) & in_boxes
    assert white.sum() > 1000 and (np.abs(image[white] - tint) <= 2).all()
    for text in inside:
        x, y = char_box_pixels(page, text, scale)
        assert any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes), text


def test_the_pdf_page_is_drawn_with_the_passage_marked_line_by_line(store: ReportStore):
    c = cite(store, PDF_ID, MULTILINE)
    assert c.page == 1
    image = pdf_page_image(store, PDF_ID, c.page, c.quote, c.char_start)
    assert image.located and image.page == 1 and len(image.boxes) == 2  # the sentence runs over 2 lines
    check_marked_page(image.png, 1, image.boxes, ["全年新修", "21.5", "新建文化广场6处"])
    assert image.data_url().startswith("data:image/png;base64,iVBOR")


def test_a_quote_cut_by_the_page_break_is_marked_on_both_pages(store: ReportStore):
    c = cite(store, PDF_ID, CUT)
    assert c.page == 1
    first = pdf_page_image(store, PDF_ID, 1, c.quote, c.char_start)
    check_marked_page(first.png, 1, first.boxes, ["全镇还投入", "460万元"])
    assert len(first.boxes) == 1
    second = pdf_page_image(store, PDF_ID, 2, c.quote, c.char_start)
    check_marked_page(second.png, 2, second.boxes, ["实施农村饮水", "集中供水站2座"])
    assert len(second.boxes) == 1
    html = source_text_html(store, PDF_ID, c.char_start, c.char_end)
    assert marked(html) == [CUT] and "章节：二、重点工作推进情况 &gt; （二）基础设施持续改善" in html


def test_a_passage_not_on_the_page_leaves_it_unmarked_and_says_so(store: ReportStore):
    c = cite(store, PDF_ID, TABLE_ROW)  # the row's text is written from its cells: not on the page
    image = pdf_page_image(store, PDF_ID, c.page, c.quote, c.char_start)
    assert not image.located
    plain = rendered(1, PAGE_WIDTH_PX / 612)
    assert (np.asarray(Image.open(io.BytesIO(image.png)).convert("RGB")) == plain).all()
    assert "未能在页面上定位引文" in source_view_html(store, c)


def test_the_view_of_a_pdf_citation_has_the_page_then_the_text(store: ReportStore):
    c = cite(store, PDF_ID, MULTILINE)
    html = source_view_html(store, c)
    assert html.index('<img src="data:image/png;base64,') < html.index('id="pq-passage"')
    assert "原文第 1 页，引文已标黄" in html and marked(html) == [c.quote]
    assert source_view_html(SimpleNamespace(store=store), c) == html  # as AppService passes it: .store
    text_only = source_view_html(store, cite(store, TXT_ID, "全镇辖12个村，总人口3.2万人。"))
    assert "<img" not in text_only and "pq-note" not in text_only


def test_a_citation_mangled_in_the_browser_still_opens_the_report(store: ReportStore):
    c = cite(store, PDF_ID, MULTILINE)
    junk = replace(c, char_start="339", char_end=None, page="一")
    html = source_view_html(store, junk)
    assert "原文第 1 页，引文已标黄" in html and marked(html) == [c.quote]  # found again by its quote


def test_a_pdf_whose_file_is_gone_shows_its_text_and_asks_for_a_reimport(tmp_path: Path):
    copy = tmp_path / PDF.name
    shutil.copy(PDF, copy)
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest([copy]).failed
    c = cite(store, PDF_ID, MULTILINE)
    copy.unlink()
    html = source_view_html(store, c)
    assert "<img" not in html and "原文件已不在" in html and "重新导入" in html
    assert marked(html) == [c.quote]
    with pytest.raises(PageImageError, match="重新导入"):
        pdf_page_image(store, PDF_ID, 1, c.quote)


def test_a_pdf_changed_since_ingest_is_not_drawn(store: ReportStore):
    record = store.get_document(PDF_ID)
    assert record is not None and original_pdf(record).is_file()
    with pytest.raises(PageImageError, match="已被修改"):
        original_pdf(replace(record, file_sha256="0" * 64))
    with pytest.raises(PageImageError, match="不是 PDF"):
        original_pdf(store.get_document(TXT_ID))


@pytest.mark.parametrize(
    ("flat", "quote", "last", "expected"),
    [
        ("甲乙丙丁戊己庚辛壬癸", "丙丁戊", False, (2, 5)),
        ("一二三一二三", "一二三", True, (3, 6)),
        ("正文正文开头八个字以上的句子页脚", "开头八个字以上的句子在下一页继续写完", False, (4, 14)),
        (
            "上一页的句子在这一页写完了。下一句",
            "前面很长的一段话在上一页，上一页的句子在这一页写完了。",
            False,
            (0, 14),
        ),
        ("正文正文", "短句", False, None),
        ("正文开头八个字以上的", "开头八个字以上的句子" * 5, False, None),  # 8 of 50: too likely by chance
    ],
)
def test_find_passage(flat: str, quote: str, last: bool, expected: tuple[int, int] | None):
    assert find_passage(flat, quote, last) == expected
