"""What the answering, summarising and comparing jobs return: answers with numbered citations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from core.types import Hit
from retriever.query import Filters
from store.records import DocumentRecord

NOT_FOUND = "未在已收录的报告中找到"


@dataclass(frozen=True)
class Citation:
    """[n] in an answer: the quoted sentence, where it stands and how to find it again."""

    n: int
    doc_id: str
    title: str | None
    year: int | None
    issuer: str | None
    section: str
    quote: str
    source: str | None
    page: int | None
    chunk_id: str = ""
    char_start: int | None = None  # offsets of the quote in the document's cleaned text
    char_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def label(self) -> str:
        """《标题》（2016年，三、2016年重点工作）"""
        where = "，".join(str(x) for x in (f"{self.year}年" if self.year else None, self.section) if x)
        return f"《{self.title or self.doc_id}》" + (f"（{where}）" if where else "")


def citation_for(n: int, hit: Hit, record: DocumentRecord | None, quote: str, offset: int | None) -> Citation:
    """A citation of `quote`, found at `offset` inside the hit's chunk text (None: the whole chunk)."""
    c = hit.chunk
    meta = record.meta if record else None
    start = c.char_start + offset if offset is not None else c.char_start
    return Citation(
        n=n,
        doc_id=c.doc_id,
        title=meta.title if meta else None,
        year=meta.year if meta else None,
        issuer=meta.issuer if meta else None,
        section=c.section,
        quote=quote,
        source=record.source if record else None,
        page=(record.page_at(start) if record and record.page_map else None) or c.page,
        chunk_id=c.id,
        char_start=start,
        char_end=start + len(quote) if offset is not None else c.char_end,
    )


@dataclass(frozen=True)
class CompareRequest:
    """An answer by year that the 对比 tab can open as a comparison: the indicator as one would type
    it there ("GDP增速目标") and the years of the reports that state the values."""

    indicator: str
    year_from: int | None
    year_to: int | None


@dataclass
class Answer:
    """An answer whose every claim carries a citation, or a clear statement that none was found."""

    question: str
    answer: str
    found: bool
    backend: str
    citations: list[Citation] = field(default_factory=list)
    searched: str = ""  # which reports were searched, in words, for a "not found" answer
    filter: str = ""  # the filter applied (年份 2016（年份取自问题）)
    asked: str = ""  # the question as searched, when a follow-up was rewritten ("那2017年呢？")
    warnings: list[str] = field(default_factory=list)  # claims the grounding check removed or marked
    compare: CompareRequest | None = None  # set on an answer by year (a table or a line per year)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "backend": self.backend,
            "citations": [c.to_dict() for c in self.citations],
        }
        if self.asked and self.asked != self.question:
            out["asked"] = self.asked
        if self.filter:
            out["filter"] = self.filter
        if self.warnings:
            out["warnings"] = self.warnings
        if not self.found:
            out["searched"] = self.searched
        if self.compare is not None:
            out["compare"] = asdict(self.compare)
        return out


def searched_reports(documents: Mapping[str, DocumentRecord], filters: Filters | None) -> str:
    """Which reports a search looked at, in a few words: 《A》、《B》等 26 份报告. Reports of one title
    are told apart by their year when the title does not hold it (《政府工作报告》（2019年）), and copies
    of one report (the same title and year: a .txt and a scan of it) are named once."""
    filters = filters or Filters()
    docs = [r for d, r in documents.items() if filters.empty or filters.matches(d, r.meta.to_dict())]
    if not docs:  # say which: a report chosen and a year asked may exclude each other
        titles = {d: r.meta.title for d, r in documents.items()}
        return (
            f"没有符合筛选条件的报告（{filters.describe(titles)}）"
            if not filters.empty
            else "知识库中没有报告"
        )
    years: dict[str, set[int | None]] = defaultdict(set)
    for r in docs:
        years[r.meta.title or r.doc_id].add(r.meta.year)
    names = list(dict.fromkeys(_report_name(r, len(years[r.meta.title or r.doc_id]) > 1) for r in docs))
    shown = "、".join(names[:3])
    return shown + (f"等 {len(docs)} 份报告" if len(docs) > min(len(names), 3) else "")


def _report_name(r: DocumentRecord, title_shared: bool) -> str:
    title = r.meta.title or r.doc_id
    year = r.meta.year
    return f"《{title}》（{year}年）" if title_shared and year and str(year) not in title else f"《{title}》"
