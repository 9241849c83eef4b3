"""打开原文: a cited report as the page shows it. Its cleaned text (what citation offsets point into)
with the passage in <mark id="pq-passage">, and for a PDF the cited page as an image with the
passage marked on it (webui/pdf_page.py).

The page image is drawn from the file the report was ingested from (its record's `source`: the
kept copy in the upload folder for an upload, the file named for `python -m ingest`), and only
when that file still has the bytes that were ingested; else the text is shown with a note saying
the report must be imported again. Report text is data, never markup: everything is escaped.
"""

from __future__ import annotations

import bisect
import hashlib
import html
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from core.types import Chunk
from qa.types import Citation
from store import ReportStore, StoreError
from store.records import DocumentRecord
from webui.pdf_page import PageImage, PageImageError, render_page

# A report up to this many characters is shown whole (a long 政府工作报告 has 20,000-40,000); a
# longer one as the whole paragraphs within WINDOW characters either side of the passage.
FULL_TEXT_LIMIT = 100_000
WINDOW = 20_000
PDF_FORMATS = ("pdf", "pdf-ocr")
NOT_ON_PAGE = "未能在页面上定位引文，页面未标注"
NOT_IN_TEXT = "未能在原文中定位引文（报告可能已重新导入），显示的是报告开头"


class HasStore(Protocol):
    """What carries a store: webui.service.AppService (or anything with `.store`)."""

    @property
    def store(self) -> ReportStore: ...


StoreLike = ReportStore | HasStore


def _store(source: StoreLike) -> ReportStore:
    return source if isinstance(source, ReportStore) else source.store


def _record(store: ReportStore, doc_id: str) -> DocumentRecord:
    record = store.get_document(doc_id) if doc_id else None
    if record is None:
        raise StoreError(
            f"知识库中没有文档 {doc_id or '（未指定）'}，它可能已被删除。"
            "请重新提问，或在“知识库”页查看已收录的报告"
        )
    return record


# --- the text -----------------------------------------------------------------------------


def source_text_html(
    source: StoreLike, doc_id: str, char_start: int | None, char_end: int | None, quote: str | None = None
) -> str:
    """The report's title, the section path of the passage and its text (whole, or a window around
    the passage for a huge report), paragraphs as <p>, [char_start, char_end) in
    <mark id="pq-passage">. With `quote`, offsets that no longer hold it (the report was ingested
    again) are replaced by where the quote stands. UserError for a report the store lacks."""
    store = _store(source)
    record = _record(store, doc_id)
    text = _document_text(store, doc_id, record.version)
    passage = _passage(text, char_start, char_end, quote)
    lo, hi = _window(text, passage)
    starts, paths = _sections(store, doc_id, record.version)
    section = _section_at(starts, paths, passage[0]) if passage else None
    headings = {h for path in paths for h in path}
    parts = [
        '<div class="pq-original">',
        _head(record, section),
        "" if passage or not (char_start is not None or quote) else _note(NOT_IN_TEXT),
        '<div class="pq-original-text">',
        _omitted(lo, "前"),
        _paragraphs(text, lo, hi, passage, headings),
        _omitted(len(text) - hi, "后"),
        "</div></div>",
    ]
    return "".join(parts)


def _passage(text: str, start: int | None, end: int | None, quote: str | None) -> tuple[int, int] | None:
    """Where the cited passage stands in the text, None when it cannot be told."""
    # offsets that do not hold the quote are of another version of the report: they say nothing
    if (
        start is not None
        and end is not None
        and 0 <= start < end <= len(text)
        and quote in (None, "", text[start:end])
    ):
        return start, end
    if quote:
        found = _occurrences(text, quote)
        if found:
            best = min(found, key=lambda i: abs(i - (start or 0)))  # the one nearest the old offset
            return best, best + len(quote)
    return None


def _occurrences(text: str, quote: str) -> list[int]:
    found, i = [], text.find(quote)
    while i >= 0:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


def _window(text: str, passage: tuple[int, int] | None) -> tuple[int, int]:
    """The [lo, hi) of the text to show: all of it, or whole paragraphs around the passage."""
    if len(text) <= FULL_TEXT_LIMIT:
        return 0, len(text)
    start, end = passage or (0, 0)
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    lo = text.rfind("\n", 0, lo) + 1 if lo > 0 else 0
    after = text.find("\n", hi)
    return lo, len(text) if after < 0 else after


def _paragraphs(text: str, lo: int, hi: int, passage: tuple[int, int] | None, headings: set[str]) -> str:
    """text[lo:hi] as escaped <p> paragraphs, the passage marked in each paragraph it touches
    (the first mark carries the id the page scrolls to)."""
    out: list[str] = []
    pos, marked = lo, False
    for para in text[lo:hi].split("\n"):
        p_start, p_end = pos, pos + len(para)
        pos = p_end + 1
        body = html.escape(para)
        if passage and max(passage[0], p_start) < min(passage[1], p_end):
            a, b = max(passage[0], p_start), min(passage[1], p_end)
            mark_id = "" if marked else ' id="pq-passage"'
            body = (
                html.escape(text[p_start:a])
                + f'<mark{mark_id} class="pq-passage">{html.escape(text[a:b])}</mark>'
                + html.escape(text[b:p_end])
            )
            marked = True
        css = ' class="pq-heading"' if para.strip() in headings else ""
        out.append(f"<p{css}>{body}</p>")
    return "".join(out)


def _head(record: DocumentRecord, section: tuple[str, ...] | None) -> str:
    """The report's title, year and issuer, and the passage's section path (None: no passage)."""
    meta = record.meta
    where = " · ".join(
        html.escape(str(x)) for x in (f"{meta.year}年" if meta.year else None, meta.issuer) if x
    )
    title = html.escape(meta.title or record.doc_id)
    line = f'<div class="pq-original-head">《{title}》' + (
        f' <span class="pq-where">{where}</span>' if where else ""
    )
    if section is None:
        return line + "</div>"
    path = " &gt; ".join(html.escape(s) for s in section) or "（标题与开头，不属于任何章节）"
    return line + f'</div><div class="pq-original-section">章节：{path}</div>'


def _omitted(chars: int, side: str) -> str:
    return f'<p class="pq-omitted">（{side}文从略，约 {chars} 字）</p>' if chars > 0 else ""


def _note(text: str) -> str:
    return f'<div class="pq-note">{html.escape(text)}</div>'


def _section_at(starts: tuple[int, ...], paths: tuple[tuple[str, ...], ...], offset: int) -> tuple[str, ...]:
    i = bisect.bisect_right(starts, offset) - 1
    return paths[i] if i >= 0 else ()


@lru_cache(maxsize=8)
def _document_text(store: ReportStore, doc_id: str, version: str) -> str:
    return store.document_text(doc_id)


@lru_cache(maxsize=32)
def _sections(
    store: ReportStore, doc_id: str, version: str
) -> tuple[tuple[int, ...], tuple[tuple[str, ...], ...]]:
    """Each chunk's start offset and section path, in order (the version keys the cache)."""
    chunks: list[Chunk] = store.chunks_of(doc_id)
    return tuple(c.char_start for c in chunks), tuple(c.section_path for c in chunks)


# --- the page -----------------------------------------------------------------------------


def pdf_page_image(
    source: StoreLike, doc_id: str, page: int | None, quote: str | None, char_start: int | None = None
) -> PageImage:
    """Page `page` (1-based; None: the first) of a PDF report as a PNG with the quote marked
    (`.located` False when it is not found on the page: the page is shown unmarked). With the
    quote's `char_start`, a quote cut by a page break is marked as far as it stands on this page.
    UserError for a report the store lacks; PageImageError (a UserError) saying why, in Chinese,
    for a report that is no PDF or whose file is gone or changed since it was ingested."""
    store = _store(source)
    record = _record(store, doc_id)
    path = original_pdf(record)
    part, runs_on = _on_page(store, record, page or 1, quote, char_start)
    return render_page(path, page or 1, part, runs_on)


def _on_page(
    store: ReportStore, record: DocumentRecord, page: int, quote: str | None, char_start: int | None
) -> tuple[str | None, bool]:
    """The part of the quote that stands on `page` by the report's page map, and whether the quote
    runs on past the page (the whole quote, False, when that cannot be told)."""
    starts = [o for o, p in record.page_map if p == page]
    if not quote or not starts:
        return quote, False
    text = _document_text(store, record.doc_id, record.version)
    end = None if char_start is None else char_start + len(quote)
    passage = _passage(text, char_start, end, quote)
    later = [o for o, p in record.page_map if o > starts[0] and p != page]
    lo, hi = starts[0], later[0] if later else len(text)
    if passage is None or max(passage[0], lo) >= min(passage[1], hi):
        return quote, False
    return text[max(passage[0], lo) : min(passage[1], hi)], passage[1] > hi


def original_pdf(record: DocumentRecord) -> Path:
    """The PDF a report was ingested from, when it is still there with the same bytes."""
    if record.format not in PDF_FORMATS:
        raise PageImageError(f"这份报告不是 PDF（格式：{record.format or '未知'}），没有页面图像")
    path = Path(record.source)
    if not path.is_file():
        raise PageImageError(
            f"原文件已不在：{path}。显示页面图像需要原文件，请重新导入这份报告（在“知识库”页上传，"
            "或 python -m ingest 文件）；下面是报告的文字"
        )
    stat = path.stat()
    if _file_sha256(str(path), stat.st_size, stat.st_mtime_ns) != record.file_sha256:
        raise PageImageError(
            f"原文件在导入后已被修改：{path}。请重新导入这份报告后再查看页面图像；下面是导入时的文字"
        )
    return path


@lru_cache(maxsize=64)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    """A file's sha256 (as ingest records it), computed once per size and modification time."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def page_image_html(
    source: StoreLike, doc_id: str, page: int | None, quote: str | None, char_start: int | None = None
) -> str:
    """The cited page of a PDF report as an <img> (data: URL) with its caption, or the note saying
    why it cannot be shown; "" for a report that is not a PDF."""
    if _record(_store(source), doc_id).format not in PDF_FORMATS:
        return ""
    try:
        image = pdf_page_image(source, doc_id, page, quote, char_start)
    except PageImageError as e:
        return _note(str(e))
    caption = f"原文第 {image.page} 页" + ("，引文已标黄" if image.located else f"（{NOT_ON_PAGE}）")
    return (
        f'<figure class="pq-page"><img src="{image.data_url()}" alt="{html.escape(caption)}" '
        f'width="{image.width}" height="{image.height}" style="max-width:100%;height:auto">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
    )


def source_view_html(source: StoreLike, citation: Citation) -> str:
    """Everything 打开原文 shows for a citation: the page image of a PDF (or why there is none),
    then the report's text with the passage marked. The citation may come back from the browser:
    offsets and page that are not whole numbers count as unknown."""
    doc_id, quote = str(citation.doc_id or ""), str(citation.quote or "") or None
    start, end, page = (
        x if type(x) is int else None for x in (citation.char_start, citation.char_end, citation.page)
    )
    return page_image_html(source, doc_id, page, quote, start) + source_text_html(
        source, doc_id, start, end, quote
    )
