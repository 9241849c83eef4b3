"""A page of a PDF as a PNG, with a quoted passage marked on it: the page rendered by pypdfium2 and
the passage's characters found in the page's text layer, lines boxed in translucent yellow.

The quote is the cleaned text of a report, whose lines were rejoined and spaces dropped, so it is
matched against the page's characters with whitespace left out on both sides and each character
read as NFKC (⽣ as 生, ７ as 7); a sentence cut by a page break is marked as far as it stands on
the page asked.
"""

from __future__ import annotations

import base64
import io
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw

from core.errors import UserError

MARK_RGBA = (255, 196, 0, 110)  # translucent yellow: the text under it stays readable
PAGE_WIDTH_PX = 1200  # the page is rendered this wide (about 145 dpi for A4): small print readable
MAX_SCALE = 3.0  # a tiny page is not blown up past 216 dpi
# A head or tail of a quote shorter than this (characters), or than a quarter of the quote, is too
# likely to stand on the page by chance.
MIN_PART = 8
PAD = 1.5  # PDF points around each line's box

Box = tuple[int, int, int, int]  # left, top, right, bottom, in pixels of the image
Points = tuple[float, float, float, float]  # left, bottom, right, top, in PDF points
ToPixels = Callable[[float, float], tuple[int, int]]

# PDFium is not thread-safe: the app's handlers run in threads, so one page is drawn at a time.
_PDFIUM_LOCK = threading.Lock()


class PageImageError(UserError, ValueError):
    """A page that cannot be shown; the message says why, in Chinese."""


@dataclass(frozen=True)
class PageImage:
    """A rendered page: the PNG, its size, and the boxes drawn over the passage (none: not found)."""

    png: bytes
    page: int
    width: int
    height: int
    boxes: tuple[Box, ...] = ()

    @property
    def located(self) -> bool:
        return bool(self.boxes)

    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def render_page(
    path: Path, page: int, quote: str | None, runs_on: bool = False, width_px: int = PAGE_WIDTH_PX
) -> PageImage:
    """Page `page` (1-based) of the PDF at `path` as a PNG `width_px` wide, the quote marked on it
    when it can be found in the page's text layer (`runs_on`: the quote continues on the next page,
    so its last occurrence is the one). PageImageError for a page the file lacks or a file PDFium
    cannot open."""
    with _PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as e:
            raise PageImageError(f"无法打开原文件：{path.name}（{e}）。请重新导入这份报告") from e
        try:
            if not 1 <= page <= len(doc):
                raise PageImageError(f"原文件只有 {len(doc)} 页，没有第 {page} 页。请重新导入这份报告")
            pdf_page = doc[page - 1]
            scale = min(width_px / pdf_page.get_width(), MAX_SCALE)
            bitmap = pdf_page.render(scale=scale, rev_byteorder=True)
            image = bitmap.to_pil().convert("RGB")
            to_pixels = bitmap.get_posconv(pdf_page).to_bitmap
            boxes = (
                [_pixels(box, to_pixels) for box in _passage_boxes(pdf_page, quote, runs_on)] if quote else []
            )
        finally:
            doc.close()
    if boxes:
        image = _marked(image, boxes)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return PageImage(buf.getvalue(), page, image.width, image.height, tuple(boxes))


def _pixels(
    box: tuple[float, float, float, float], to_pixels: Callable[[float, float], tuple[int, int]]
) -> Box:
    """A (left, bottom, right, top) box in PDF points as (left, top, right, bottom) pixels."""
    x0, y0 = to_pixels(box[0], box[1])
    x1, y1 = to_pixels(box[2], box[3])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _marked(image: Image.Image, boxes: list[Box]) -> Image.Image:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        draw.rectangle(box, fill=MARK_RGBA)
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _passage_boxes(page: pdfium.PdfPage, quote: str, runs_on: bool) -> list[Points]:
    """The quote's characters on the page as one box per line (PDF points), [] when not found."""
    textpage = page.get_textpage()
    try:
        flat, index = _flat_chars(textpage)
        span = find_passage(flat, _folded(quote), runs_on)
        if span is None:
            return []
        first, last = index[span[0]], index[span[1] - 1]
        return _line_boxes(textpage, range(first, last + 1))
    finally:
        textpage.close()


def _fold(ch: str) -> str:
    """A character as matched: NFKC when that keeps it one character, "" for whitespace."""
    if ch.isspace() or unicodedata.category(ch) == "Cc":
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def _folded(text: str) -> str:
    return "".join(_fold(ch) for ch in text)


def _flat_chars(textpage: pdfium.PdfTextPage) -> tuple[str, list[int]]:
    """The page's characters as matched, and the index in the text page of each."""
    raw = textpage.raw
    n = textpage.count_chars()
    chars: list[str] = []
    index: list[int] = []
    i = 0
    while i < n:
        code, width = pdfium_c.FPDFText_GetUnicode(raw, i), 1
        if 0xD800 <= code < 0xDC00 and i + 1 < n:  # a character beyond the BMP comes in two halves
            low = pdfium_c.FPDFText_GetUnicode(raw, i + 1)
            if 0xDC00 <= low < 0xE000:
                code, width = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), 2
        ch = "" if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code < 0xE000 else _fold(chr(code))
        if ch and pdfium_c.FPDFText_IsHyphen(raw, i) != 1:
            chars.append(ch)
            index.append(i + width - 1)
        i += width
    return "".join(chars), index


def find_passage(flat: str, quote: str, last: bool = False) -> tuple[int, int] | None:
    """Where the quote stands in the page's characters (both folded): the whole quote, else its
    longest head or tail on the page (a sentence cut by a page break) when that is at least
    MIN_PART characters and a quarter of the quote; None when neither is there. `last`: the last
    whole occurrence rather than the first."""
    if not quote or not flat:
        return None
    at = flat.rfind(quote) if last else flat.find(quote)
    if at >= 0:
        return at, at + len(quote)
    if len(quote) < MIN_PART:
        return None
    head = _longest(lambda k: quote[:k] in flat, len(quote) - 1)
    tail = _longest(lambda k: quote[-k:] in flat, len(quote) - 1)
    if max(head, tail) < max(MIN_PART, len(quote) // 4):
        return None
    if head >= tail:
        at = flat.rfind(quote[:head])
        return at, at + head
    at = flat.find(quote[-tail:])
    return at, at + tail


def _longest(found: Callable[[int], bool], most: int) -> int:
    """The largest k <= most with found(k), for a found() true up to some k and false after."""
    lo, hi = 0, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if found(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _line_boxes(textpage: pdfium.PdfTextPage, indices: range) -> list[Points]:
    """The boxes of these characters merged line by line: a character whose middle lies outside
    the current line's height, or that stands left of it, starts a new line."""
    lines: list[list[float]] = []
    for i in indices:
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
        if code < 0x20 or chr(code).isspace():
            continue
        try:
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
        except pdfium.PdfiumError:
            continue
        middle = (bottom + top) / 2
        line = lines[-1] if lines else None
        if line is None or not line[1] <= middle <= line[3] or left < line[0] - (top - bottom):
            lines.append([left, bottom, right, top])
        else:
            line[:] = [min(line[0], left), min(line[1], bottom), max(line[2], right), max(line[3], top)]
    return [(x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD) for x0, y0, x1, y1 in lines]
