"""Visual lines of PDF pages or OCR'd images back into paragraphs.

A line break ends a paragraph only when the layout says so: the next line is indented, starts
like a heading or sits after a wider gap or in another font size, or this line stops short of the
right margin. A full line that happens to end a sentence does not end the paragraph: in the
sample PDF, full lines ending in 。 continue the paragraph far more often than they close it.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from core.types import Block

# Line starts of numbered headings and items: 一、 （一） 1. 1、 （1） ① 第一章 第三条
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百千零〇\d]+[编篇章节条部]"
    r"|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}[、．.](?![\d.．])"
    r"|[①-⑳])"
)
_SENTENCE_END = re.compile(r"[。！？；：!?;:…][”’」』）)》\"']*$")
# Lone page numbers: "3", "- 3 -", "—3—", "第3页", "第 3 页 共 10 页", "3/10".
_PAGE_NUMBER = re.compile(
    r"^[-–—－\s]*\d{1,4}[-–—－\s]*$|^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
_LATIN = re.compile(r"[A-Za-z0-9]")

# In units of the character size (em): how far counts as indented or as stopping short.
_INDENT_EM = 1.5
_SHORT_EM = 3.0  # a line may stop 2-3 em short when the next word (a long number) did not fit
_SHORT_EM_AT_SENTENCE_END = 0.8
_GAP_RATIO = 1.4  # line pitch this much above the page's usual pitch = paragraph spacing
_FONT_RATIO = 1.25
_EDGE_LINES = 2  # page numbers and running heads sit in the first or last two lines of a page
_MIN_RUNNING_PAGES = 2  # a two-page report has running heads too


@dataclass
class Line:
    """One visual line: its text and box in top-down page coordinates, and its character size
    (None when it cannot be told, as for an OCR'd line of two characters)."""

    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    em: float | None


@dataclass
class Table:
    """A table found on a page: its box (top-down page coordinates) and its row blocks."""

    top: float
    blocks: list[Block]
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0


@dataclass
class _Frame:
    left: float
    right: float
    em: float  # the page's usual character size
    pitch: float | None  # usual distance from one line's top to the next one's, in em of the upper line


def latin_pair(left: str, right: str) -> bool:
    """True when `left` ends and `right` starts with a Latin letter or digit: words a space parts."""
    return bool(left and right and _LATIN.match(left[-1]) and _LATIN.match(right[0]))


def join_text(a: str, b: str) -> str:
    """Two pieces of one line or paragraph: a space only between two Latin letters or digits."""
    return f"{a} {b}" if latin_pair(a, b) else a + b


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _frame(lines: list[Line]) -> _Frame:
    """Left and right margins and usual line pitch of one page."""
    xs0 = sorted(ln.x0 for ln in lines)
    left = xs0[len(xs0) // 10]  # low, but not an outlier such as a hanging bracket
    widest = max(ln.x1 for ln in lines)
    long_ends = [ln.x1 for ln in lines if ln.x1 - left >= 0.6 * (widest - left)]
    right = statistics.median(long_ends) if long_ends else widest
    known = [ln.em for ln in lines if ln.em]
    em = statistics.median(known) if known else (statistics.median(ln.bottom - ln.top for ln in lines) or 1.0)
    # A larger font has a larger pitch: measured in the upper line's em, a heading's lines are
    # as close as body lines and only paragraph spacing stands out. The lower quartile is the
    # pitch inside paragraphs even on a page of many one-line paragraphs.
    pitches = sorted((b.top - a.top) / (a.em or em) for a, b in itertools.pairwise(lines) if b.top > a.top)
    pitch = pitches[len(pitches) // 4] if len(pitches) >= 3 else None
    return _Frame(left, right, em, pitch)


def _breaks(a: Line, b: Line, fa: _Frame, fb: _Frame) -> bool:
    """True when a paragraph ends between line `a` and the next line `b`."""
    same_page = a.page == b.page  # pages of one file may differ in units: points and OCR pixels
    if same_page and a.em and b.em and max(a.em, b.em) > _FONT_RATIO * min(a.em, b.em):
        return True
    em_a, em_b = a.em or fa.em, b.em or fb.em
    if HEADING_START.match(b.text) or b.x0 - fb.left > _INDENT_EM * em_b:
        return True
    short = _SHORT_EM_AT_SENTENCE_END if _SENTENCE_END.search(a.text) else _SHORT_EM
    if fa.right - a.x1 > short * em_a:
        return True
    if same_page and fa.pitch:
        return (b.top - a.top) / em_a > _GAP_RATIO * fa.pitch
    return False


def _margin_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _strip_page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Page numbers and running heads out of the first or last two lines of each page: they are
    pagination, not text, and would cut a paragraph that runs on across the page break.

    A running head is a line repeated (numbers aside) in those places on at least 2 pages and on
    half of the pages; a number or a sentence inside the text stays.
    """
    pages = [[ln for ln in page if ln.text.strip()] for page in pages]

    def at_edge(i: int, page: list[Line]) -> bool:
        return min(i, len(page) - 1 - i) < _EDGE_LINES

    seen = Counter(
        key
        for page in pages
        for key in {_margin_key(ln.text) for i, ln in enumerate(page) if at_edge(i, page)}
    )
    repeated = {k for k, n in seen.items() if n >= max(_MIN_RUNNING_PAGES, len(pages) / 2)}

    def furniture(i: int, page: list[Line]) -> bool:
        text = page[i].text
        return at_edge(i, page) and (is_page_number(text) or _margin_key(text) in repeated)

    return [[ln for i, ln in enumerate(page) if not furniture(i, page)] for page in pages]


def lines_to_blocks(pages: list[list[Line]], tables: dict[int, list[Table]] | None = None) -> list[Block]:
    """Paragraph blocks from the lines of each page, joined across page breaks when they continue
    (the block notes where the new page starts, so a quote is cited on its own page). `tables`
    (by page number) are set in at their place on the page, a block per row, between paragraphs."""
    tables = tables or {}
    blocks: list[Block] = []
    text, start_page, breaks = "", None, []
    prev: Line | None = None
    prev_frame: _Frame | None = None

    def close() -> None:
        nonlocal text, breaks
        if text:
            blocks.append(Block(text, page=start_page, page_breaks=tuple(breaks)))
        text, breaks = "", []

    for number, page_lines in enumerate(_strip_page_furniture(pages), 1):
        waiting = sorted(tables.get(number, []), key=lambda t: t.top)
        frame = _frame(page_lines) if page_lines else None
        for line in page_lines:
            if waiting and waiting[0].top <= line.top:
                close()
                while waiting and waiting[0].top <= line.top:
                    blocks.extend(waiting.pop(0).blocks)
                prev = None
            if (
                prev is not None
                and prev_frame is not None
                and frame
                and _breaks(prev, line, prev_frame, frame)
            ):
                close()
            piece = line.text.strip()
            if not text:
                text, start_page = piece, line.page
            else:
                if line.page != (prev.page if prev else start_page):
                    breaks.append((piece[:12], line.page))
                text = join_text(text, piece)
            prev, prev_frame = line, frame
        if waiting:
            close()
            for table in waiting:
                blocks.extend(table.blocks)
            prev = None
    close()
    return blocks
