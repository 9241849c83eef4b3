"""PDF files: the text layer read line by line and rejoined into paragraphs; pages without text OCR'd;
ruled tables read by pdfplumber, a block per row with its headers."""

from __future__ import annotations

import ctypes
import io
import itertools
import logging
import re
import statistics
import time
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.types import LoadedFile
from ingest.errors import CorruptFileError, EmptyFileError, EncryptedPdfError
from ingest.layout import Line, Table, latin_pair, lines_to_blocks
from ingest.tables import table_blocks

log = logging.getLogger(__name__)

# A page with fewer characters than this in its text layer is a scan (a page stamp at most).
MIN_TEXT_CHARS = 20
# OCR renders a scanned page at its image's own resolution: rendering higher only interpolates and
# measured slower and slightly worse; below 100 dpi small print gets lost, above 200 it got worse.
OCR_MIN_DPI = 100
OCR_MAX_DPI = 200
OCR_DEFAULT_DPI = 200  # a page drawn as vector outlines has no resolution of its own
_LAYOUT_SPACE = re.compile(r"(?<=[^\sA-Za-z0-9]) +| +(?=[^\sA-Za-z0-9])")
# A page with at least this many drawn lines and boxes may hold a ruled table.
TABLE_MIN_PATHS = 6


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


def _ruled(page: pdfium.PdfPage) -> bool:
    """Whether a page draws enough lines or boxes to hold a ruled table (tables are looked for only
    there: pdfplumber reads a page far slower than pdfium)."""
    paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=1)
    return sum(1 for _ in itertools.islice(paths, TABLE_MIN_PATHS)) >= TABLE_MIN_PATHS


def _tables(data: bytes, pages: list[int]) -> dict[int, list[Table]]:
    """The ruled tables of these pages (1-based): a Table per table of at least two rows and two
    columns, its rows rendered with their headers (ingest/tables.py). pdfplumber finds the table
    and its cells; the cells' text is read by pdfium, which maps this PDF's glyphs to the right
    characters where pdfminer gives radicals (⽣ for 生)."""
    if not pages:
        return {}
    import pdfplumber  # pdfminer parses the whole page: loaded only for pages with rulings

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings say nothing to a user
    found: dict[int, list[Table]] = {}
    doc = pdfium.PdfDocument(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number in pages:
                page = doc[number - 1]
                textpage, height = page.get_textpage(), page.get_height()
                for table in pdf.pages[number - 1].find_tables():
                    rows = [[_cell(textpage, height, box) for box in row.cells] for row in table.rows]
                    if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                        x0, top, x1, bottom = table.bbox
                        blocks = table_blocks(rows, page=number)
                        found.setdefault(number, []).append(Table(top, blocks, x0, x1, bottom))
                textpage.close()
                page.close()
    finally:
        doc.close()
    return found


def _cell(textpage: pdfium.PdfTextPage, height: float, box: tuple[float, ...] | None) -> str:
    """The text inside a cell's box (top-down coordinates), its lines joined."""
    if box is None:
        return ""
    x0, top, x1, bottom = box
    text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
    # A gap pdfium reads as a space beside a Chinese character is layout, not text.
    return _LAYOUT_SPACE.sub("", text.replace("\r", ""))


def _outside(lines: list[Line], tables: list[Table]) -> list[Line]:
    """The page's lines that do not sit inside one of its tables (their text is in the rows)."""

    def inside(ln: Line, t: Table) -> bool:
        middle = (ln.top + ln.bottom) / 2
        return t.top - 1 <= middle <= t.bottom + 1 and ln.x0 >= t.x0 - 1 and ln.x1 <= t.x1 + 1

    return [ln for ln in lines if not any(inside(ln, t) for t in tables)]


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
        ruled: list[int] = []
        ocr_pages = 0
        for index in range(n_pages):
            page = doc[index]
            try:
                lines = _page_lines(page, index + 1)
                if sum(len(ln.text.strip()) for ln in lines) < MIN_TEXT_CHARS and _has_drawing(page):
                    lines = _ocr_page(page, index + 1)
                    ocr_pages += 1
                elif _ruled(page):
                    ruled.append(index + 1)
            except pdfium.PdfiumError as e:
                raise CorruptFileError(f"PDF 文件损坏或不完整：{name}（第 {index + 1} 页无法读取）") from e
            finally:
                page.close()
            pages.append(lines)
    finally:
        doc.close()
    tables = _tables(data, ruled)
    pages = [_outside(lines, tables.get(n, [])) for n, lines in enumerate(pages, 1)]
    blocks = lines_to_blocks(pages, tables)
    if not blocks:
        raise EmptyFileError(f"PDF 中没有可读取的文字：{name}。如果是扫描件，请确认图像清晰后再导入")
    return LoadedFile(blocks, "pdf-ocr" if ocr_pages else "pdf", pages=n_pages)
