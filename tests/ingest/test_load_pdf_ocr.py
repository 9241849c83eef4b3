"""The PDF loader (text layer and layout repair) and OCR for scans and images."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from core.types import Block
from ingest.layout import Line, lines_to_blocks
from ingest.loaders import load_file
from ingest.ocr import lines_from_boxes
from tests.ingest.loading import CJK_SPACE_CJK, SAMPLES, report_lines, texts

# --- pdf with a text layer ------------------------------------------------------------------


def test_pdf_paragraphs_match_the_report():
    loaded = load_file(SAMPLES / "guowuyuan_2017.pdf")
    assert loaded.format == "pdf"
    assert loaded.pages == 15
    blocks = set(texts(loaded.blocks))
    paragraphs = [p for p in report_lines("guowuyuan_2017.txt") if len(p) > 10]
    found = [p for p in paragraphs if p in blocks]
    assert len(found) >= 0.95 * len(paragraphs)
    source = "\n".join(report_lines("guowuyuan_2017.txt"))
    for block in loaded.blocks:
        for m in CJK_SPACE_CJK.finditer(block.text):
            assert m.group() in source, block.text


def test_pdf_paragraph_continues_across_the_page_break():
    loaded = load_file(SAMPLES / "guowuyuan_2017.pdf")
    block = next(b for b in loaded.blocks if b.text.startswith("回顾过去一年，走过的路很不寻常"))
    assert block.page == 2
    assert block.text.endswith("中国的发展前景一定会更好。")  # the last sentence is on page 3
    assert loaded.blocks[0] == Block("各位代表：", page=2)


# --- layout: lines back into paragraphs -----------------------------------------------------


def line(text: str, row: int, page: int = 1, x0: float = 50, x1: float = 550, em: float = 10) -> Line:
    top = 50 + row * 15
    return Line(text, page, x0, x1, top, top + em, em)


def test_layout_rejoins_lines_and_splits_paragraphs():
    page1 = [
        line("- 1 -", 0, x0=290, x1=310),
        line("过去一年，我国发展面临诸多挑战。在党中央坚强领导下，全国各族人民", 1),
        line("迎难而上，推动经济持续健康发展。", 2, x1=300),
        line("一、2016年工作回顾", 3, x1=200),
        line("全年城镇新增就业1314万人。高校毕业生就业创业人数再创新高。", 4),
        line("GDP增长在全球名列前茅。", 5),  # the line above is full: one paragraph
        line("新段落以两字缩进开始，前一行不短也不以句号结束", 6, x0=70),
        line("The report said", 7),
    ]
    page2 = [
        line("growth was steady", 0, page=2, x1=300),
        line("3", 1, page=2, x0=295, x1=305),
    ]
    assert lines_to_blocks([page1, page2]) == [
        Block(
            "过去一年，我国发展面临诸多挑战。在党中央坚强领导下，全国各族人民迎难而上，推动经济持续健康发展。",
            1,
        ),
        Block("一、2016年工作回顾", 1),
        Block("全年城镇新增就业1314万人。高校毕业生就业创业人数再创新高。GDP增长在全球名列前茅。", 1),
        Block(
            "新段落以两字缩进开始，前一行不短也不以句号结束The report said growth was steady",
            1,
            page_breaks=(("growth was s", 2),),  # the paragraph runs on to page 2 there
        ),
    ]


def test_layout_paragraph_spacing_ends_a_paragraph():
    lines = [line(f"第{i}行的文字铺满整行宽度", i) for i in range(4)]
    lines += [Line("空了一行之后是新段落", 1, 50, 550, 50 + 3 * 15 + 30, 50 + 3 * 15 + 40, 10)]
    assert len(lines_to_blocks([lines])) == 2


def test_layout_running_heads_do_not_cut_a_paragraph_at_the_page_break():
    body = [
        "全年经济社会发展主要目标任务圆满完成，十三五实现了良好开局，国内生产",
        "总值达到七十四万亿元",
        "增长百分之六点七，名列世界前茅，对全球经济增长的贡献率超过三成",
    ]
    pages = [
        [
            line("政府工作报告（2017年）", 0, page=n, x0=250, x1=350),
            line(text, 1, page=n),
            line(f"第 {n} 页", 2, page=n, x0=280, x1=320),
        ]
        for n, text in enumerate(body, 1)
    ]
    breaks = (("总值达到七十四万亿元", 2), ("增长百分之六点七，名列世", 3))  # where pages 2 and 3 start
    assert lines_to_blocks(pages) == [Block("".join(body), 1, page_breaks=breaks)]


def test_ocr_boxes_on_one_line_are_merged_left_to_right():
    boxes = [
        ([[300, 12], [500, 12], [500, 30], [300, 30]], "第二段文字", 0.99),
        ([[10, 10], [290, 10], [290, 30], [10, 30]], "同一行的第一段", 0.99),
        ([[10, 40], [200, 40], [200, 60], [10, 60]], "Page 2", 0.98),
        ([[210, 41], [300, 41], [300, 61], [210, 61]], "of 3", 0.98),
    ]
    assert [ln.text for ln in lines_from_boxes(boxes, page=1)] == ["同一行的第一段第二段文字", "Page 2 of 3"]


# --- OCR ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scanned():
    return load_file(SAMPLES / "yutai_xiang_scanned_no_text_layer.pdf")


@pytest.mark.integration
def test_scanned_pdf_is_read_by_ocr(scanned):
    assert scanned.format == "pdf-ocr"
    assert scanned.pages == 2
    assert {b.page for b in scanned.blocks} == {1, 2}
    block = next(b for b in scanned.blocks if "87.7%" in b.text)
    assert "交叉任职" in block.text
    assert block.page == 2
    # Headings and paragraphs come back whole, as in the source text.
    assert any(
        b.text.startswith("三、进一步转变工作作风") and b.text.endswith("干好工作") for b in scanned.blocks
    )
    assert not any(CJK_SPACE_CJK.search(b.text) for b in scanned.blocks)


@pytest.mark.integration
def test_mixed_pdf_ocrs_only_the_pages_without_text(tmp_path: Path):
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(SAMPLES / "guowuyuan_2017.pdf"), [1])
    mixed.import_pages(pdfium.PdfDocument(SAMPLES / "yutai_xiang_scanned_no_text_layer.pdf"), [1])
    buffer = io.BytesIO()
    mixed.save(buffer)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(buffer.getvalue())
    loaded = load_file(path)
    assert loaded.format == "pdf-ocr"
    assert loaded.blocks[0] == Block("各位代表：", page=1)
    assert any("87.7%" in b.text and b.page == 2 for b in loaded.blocks)


def scan_crop(page: int, box: tuple[int, int, int, int]) -> Image.Image:
    """Part of a page of the scanned sample, rendered at its own 100 dpi."""
    pdf = pdfium.PdfDocument(SAMPLES / "yutai_xiang_scanned_no_text_layer.pdf")
    return pdf[page].render(scale=100 / 72).to_pil().crop(box)


@pytest.mark.integration
def test_transparent_png_is_read_on_white(tmp_path: Path):
    gray = scan_crop(1, (60, 900, 800, 1130)).convert("L")
    # Black text on a transparent background: read as it shows on screen, not as black on black.
    transparent = Image.new("RGBA", gray.size, (0, 0, 0, 0))
    transparent.putalpha(gray.point(lambda v: 255 - v))
    path = tmp_path / "scan.png"
    transparent.save(path)
    loaded = load_file(path)
    assert loaded.format == "image-ocr"
    assert loaded.blocks[0] == Block("六、夯实基础，建设农村基层组织堡垒")
    assert any("87.7%" in b.text for b in loaded.blocks)


@pytest.mark.integration
def test_multipage_tiff_pages_are_numbered(tmp_path: Path):
    first = scan_crop(0, (60, 50, 800, 330))
    second = scan_crop(1, (60, 900, 800, 1130))
    path = tmp_path / "scan.tif"
    first.save(path, save_all=True, append_images=[second])
    loaded = load_file(path)
    assert loaded.pages == 2
    assert loaded.blocks[0].page == 1
    assert next(b for b in loaded.blocks if "87.7%" in b.text).page == 2
