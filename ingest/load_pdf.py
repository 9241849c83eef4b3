"""PDF files: the text layer read line by line and rejoined into paragraphs; pages without text OCR'd."""

from __future__ import annotations

import ctypes
import logging
import statistics
import time
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.types import LoadedFile
from ingest.errors import CorruptFileError, EmptyFileError, EncryptedPdfError
from ingest.layout import Line, latin_pair, lines_to_blocks

log = logging.getLogger(__name__)

# A page with fewer characters than this in its text layer is a scan (a page stamp at most).
MIN_TEXT_CHARS = 20
# OCR renders a scanned page at its image's own resolution: rendering higher only interpolates and
# measured slower and slightly worse; below 100 dpi small print gets lost, above 200 it got worse.
OCR_MIN_DPI = 100
OCR_MAX_DPI = 200
OCR_DEFAULT_DPI = 200  # a page drawn as vector outlines has no resolution of its own


def _char_text(code: int) -> str:
    if code in (0, 0xFFFE, 0xFFFF):
        return ""
    ch = chr(code)
    if ch in "\r\n":
        return "\n"
    return "" if unicodedata.category(ch) == "Cc" and ch != "\t" else ch


def _page_lines(page: pdfium.PdfPage, page_no: int) -> list[Line]:
    """The text layer of one page as visual lines with their boxes."""
    textpage = page.get_textpage()
    height = page.get_height()
    raw = textpage.raw
    lines: list[Line] = []
    chars: list[str] = []
    generated: list[bool] = []
    boxes: list[tuple[float, float, float, float]] = []
    sizes: list[float] = []
    rect = pdfium_c.FS_RECTF()

    def close_line() -> None:
        text = ""
        for i, ch in enumerate(chars):
            # A space pdfium made up from a gap stays only between two Latin words: LibreOffice and
            # Word leave a gap between Chinese and digits ("2016 年") that is not in the text.
            if ch == " " and generated[i] and not latin_pair(text, "".join(chars[i + 1 : i + 2])):
                continue
            text += ch
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")  # join surrogate pairs
        if text.strip() and boxes:
            em = statistics.median(sizes) if sizes else boxes[0][3] - boxes[0][1]
            lines.append(
                Line(
                    text=text,
                    page=page_no,
                    x0=min(b[0] for b in boxes),
                    x1=max(b[2] for b in boxes),
                    top=height - max(b[3] for b in boxes),
                    bottom=height - min(b[1] for b in boxes),
                    em=em,
                )
            )
        chars.clear()
        generated.clear()
        boxes.clear()
        sizes.clear()

    for i in range(textpage.count_chars()):
        ch = _char_text(pdfium_c.FPDFText_GetUnicode(raw, i))
        if ch == "\n":
            close_line()
            continue
        if not ch:
            continue
        chars.append(ch)
        generated.append(pdfium_c.FPDFText_IsGenerated(raw, i) == 1)
        if not ch.isspace() and pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect)):
            boxes.append((rect.left, rect.bottom, rect.right, rect.top))
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            if size > 0:
                sizes.append(size)
    close_line()
    textpage.close()
    return lines


def _image_dpi(page: pdfium.PdfPage) -> float | None:
    """Resolution of the largest image drawn on the page, in pixels per inch of the page."""
    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
        left, bottom, right, top = obj.get_bounds()
        width_px, _ = obj.get_px_size()
        area = (right - left) * (top - bottom)
        if right > left and (best is None or area > best[0]):
            best = (area, width_px / ((right - left) / 72))
    return best[1] if best else None


def _has_drawing(page: pdfium.PdfPage) -> bool:
    return any(
        True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH))
    )


def _ocr_page(page: pdfium.PdfPage, page_no: int) -> list[Line]:
    from ingest.ocr import ocr_lines  # the OCR engine loads only when a scan turns up

    native = _image_dpi(page)
    dpi = OCR_DEFAULT_DPI if native is None else min(max(native, OCR_MIN_DPI), OCR_MAX_DPI)
    t0 = time.perf_counter()
    image = page.render(scale=dpi / 72).to_numpy()  # BGR, as the OCR engine expects
    lines = ocr_lines(image, page_no)
    log.info(
        "OCR page %d at %.0f dpi: %d lines in %.1f s", page_no, dpi, len(lines), time.perf_counter() - t0
    )
    return lines


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedPdfError(f"PDF 已加密，无法读取：{name}。请先去除密码后再导入") from e
        raise CorruptFileError(f"PDF 文件损坏或不完整：{name}。请重新下载或重新导出该文件后再导入") from e


def load_pdf(data: bytes, name: str) -> LoadedFile:
    """Blocks of a PDF with their page numbers; format is "pdf-ocr" when any page was OCR'd."""
    doc = _open(data, name)
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise CorruptFileError(f"PDF 文件损坏或不完整：{name}。文件里没有页面，请重新导出后再导入")
        pages: list[list[Line]] = []
        ocr_pages = 0
        for index in range(n_pages):
            page = doc[index]
            try:
                lines = _page_lines(page, index + 1)
                if sum(len(ln.text.strip()) for ln in lines) < MIN_TEXT_CHARS and _has_drawing(page):
                    lines = _ocr_page(page, index + 1)
                    ocr_pages += 1
            except pdfium.PdfiumError as e:
                raise CorruptFileError(f"PDF 文件损坏或不完整：{name}（第 {index + 1} 页无法读取）") from e
            finally:
                page.close()
            pages.append(lines)
    finally:
        doc.close()
    blocks = lines_to_blocks(pages)
    if not blocks:
        raise EmptyFileError(f"PDF 中没有可读取的文字：{name}。如果是扫描件，请确认图像清晰后再导入")
    return LoadedFile(blocks, "pdf-ocr" if ocr_pages else "pdf", pages=n_pages)
