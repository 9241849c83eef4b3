"""The dataclasses that travel between layers: blocks from loaders, chunks in the store, hits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

LEVELS = ("national", "provincial", "city", "county", "township")
LEVEL_LABELS = {
    "national": "全国",
    "provincial": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
}

# What ingest embeds for a store's chunks, and how chunk vectors are made (ingest/chunk_vectors.py).
Layout = Literal["embedded", "derived"]


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit of a loaded file, before cleaning.

    `heading_level` is a hint from structured formats (docx heading styles, html <h1>-<h6>; 0 for
    the document's own title); plain text leaves it None and the outline is found from the wording.
    """

    text: str
    page: int | None = None
    heading_level: int | None = None
    kind: str = "paragraph"  # or "table_row" (ingest/tables.py): never glued to its neighbours
    # Where a paragraph runs on to a new page: (the text the new page starts with, that page).
    page_breaks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class LoadedFile:
    """What a loader returns: the file's blocks in reading order and how it was read."""

    blocks: list[Block]
    format: str  # txt, md, html, docx, pdf, pdf-ocr, image-ocr
    encoding: str | None = None
    pages: int | None = None
    warnings: tuple[str, ...] = ()  # what the user should know about how it was read


@dataclass
class ReportMeta:
    """Document metadata; None means unknown, never a guess."""

    title: str | None = None
    issuer: str | None = None
    year: int | None = None
    level: str | None = None  # one of LEVELS
    report_type: str | None = None  # 政府工作报告, 工作汇报, 情况汇报, ...
    date: str | None = None  # ISO date of the dateline when stated
    place: str | None = None  # the place it speaks for: 东湖县, 四川省, 全国

    def merged(self, override: ReportMeta) -> ReportMeta:
        """Fields set in `override` win over detected ones."""
        mine = asdict(self)
        mine.update({k: v for k, v in asdict(override).items() if v is not None})
        return ReportMeta(**mine)

    def to_dict(self) -> dict[str, Any]:
        # (not asdict, which deep-copies: filtering 5,000 reports' metadata took 120 ms a question)
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Chunk:
    """A retrievable span of one document, with everything a citation needs."""

    id: str
    doc_id: str
    index: int
    text: str
    section_path: tuple[str, ...]
    paragraph_index: int
    char_start: int  # offsets into the document's cleaned text
    char_end: int
    page: int | None = None

    @property
    def section(self) -> str:
        """The section path as one readable string: 六、夯实基础… > （一）…"""
        return " > ".join(self.section_path)


@dataclass(frozen=True)
class Hit:
    """A chunk found for a question, with its score and how it was found."""

    chunk: Chunk
    score: float
    sources: tuple[str, ...] = field(default_factory=tuple)  # e.g. ("dense", "bm25")
