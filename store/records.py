"""What the store keeps about a document (its registry entry) and beside each chunk (its citation)."""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.types import Chunk, Layout, ReportMeta

# Bumped whenever loading, cleaning or splitting changes what a file turns into, so that
# unchanged files are processed again instead of being skipped.
# 2: sentence vectors; 3: tables, Word numbering, outline, pages, 繁体; 4: 问答 titles, a question kept
# with its answer; 5: date lines, the innermost place; 6: the place chain of an issuer
PIPELINE_VERSION = "7"


def pipeline_version(layout: Layout = "embedded") -> str:
    """The pipeline version a document written with this layout records: a document of another
    version or layout is ingested again (its vectors come from the embedding cache)."""
    return PIPELINE_VERSION if layout == "embedded" else f"{PIPELINE_VERSION}+derived"


_META_FIELDS = ("title", "issuer", "year", "level", "report_type", "date", "place")


@dataclass
class DocumentRecord:
    """One stored report: where it came from, what it is, and which content version is live."""

    doc_id: str
    source: str
    file_sha256: str
    content_sha256: str
    meta: ReportMeta
    chunk_count: int
    format: str = ""
    pages: int | None = None
    embedder: str = ""
    pipeline: str = PIPELINE_VERSION
    ingested_at: str = ""
    override: ReportMeta = field(default_factory=ReportMeta)
    # (offset into the cleaned text, page) where each page starts: a quote's own page
    page_map: tuple[tuple[int, int], ...] = ()
    # the near-duplicate this report was kept beside, when the user chose to keep both
    duplicate_of: str = ""
    minhash: str = ""  # the text's MinHash signature (store/near_duplicates.py), base64

    @property
    def version(self) -> str:
        return self.content_sha256[:12]

    def page_at(self, offset: int | None) -> int | None:
        """The page that the character at `offset` of the cleaned text stands on (None: unknown)."""
        return page_at(self.page_map, offset)

    def to_metadata(self) -> dict[str, Any]:
        flat: dict[str, Any] = {
            "source": self.source,
            "file_sha256": self.file_sha256,
            "content_sha256": self.content_sha256,
            "chunk_count": self.chunk_count,
            "format": self.format,
            "pages": self.pages,
            "embedder": self.embedder,
            "pipeline": self.pipeline,
            "ingested_at": self.ingested_at,
            "override": json.dumps(self.override.to_dict(), ensure_ascii=False),
            "page_map": ",".join(f"{o}:{p}" for o, p in self.page_map) or None,
            "duplicate_of": self.duplicate_of or None,
            "minhash": self.minhash or None,
            **self.meta.to_dict(),
        }
        return {k: v for k, v in flat.items() if v is not None}

    def listing(self) -> dict[str, object]:
        """What `python -m ingest --list --json` (and the app's list_reports tool) shows of it."""
        return {
            "id": self.doc_id,
            "source": self.source,
            "title": self.meta.title,
            "issuer": self.meta.issuer,
            "year": self.meta.year,
            "level": self.meta.level,
            "report_type": self.meta.report_type,
            "chunks": self.chunk_count,
            "format": self.format,
        }

    @classmethod
    def from_metadata(cls, doc_id: str, md: dict[str, Any]) -> DocumentRecord:
        return cls(
            doc_id=doc_id,
            source=str(md.get("source", "")),
            file_sha256=str(md.get("file_sha256", "")),
            content_sha256=str(md.get("content_sha256", "")),
            meta=ReportMeta(**{k: md.get(k) for k in _META_FIELDS}),
            chunk_count=int(md.get("chunk_count", 0)),
            format=str(md.get("format", "")),
            pages=md.get("pages"),
            embedder=str(md.get("embedder", "")),
            pipeline=str(md.get("pipeline", "")),
            ingested_at=str(md.get("ingested_at", "")),
            override=ReportMeta(**json.loads(md.get("override") or "{}")),
            page_map=tuple(
                (int(o), int(p))
                for o, p in (x.split(":") for x in str(md.get("page_map") or "").split(",") if x)
            ),
            duplicate_of=str(md.get("duplicate_of") or ""),
            minhash=str(md.get("minhash") or ""),
        )


def page_at(page_map: Sequence[tuple[int, int]], offset: int | None) -> int | None:
    """The page in force at `offset` in a map of (offset, page) page starts, None when unknown."""
    if offset is None or not page_map:
        return None
    i = bisect.bisect_right([o for o, _ in page_map], offset) - 1
    return page_map[max(i, 0)][1]


def chunk_metadata(chunk: Chunk, record: DocumentRecord) -> dict[str, Any]:
    """What Chroma keeps beside a chunk: its citation and its document's filterable fields."""
    md: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "version": record.version,
        "index": chunk.index,
        "section_path": json.dumps(list(chunk.section_path), ensure_ascii=False),
        "section": chunk.section,
        "paragraph_index": chunk.paragraph_index,
        "char_start": chunk.char_start,
        "char_end": chunk.char_end,
        "page": chunk.page,
        **record.meta.to_dict(),
    }
    return {k: v for k, v in md.items() if v is not None}


def chunk_from_record(chunk_id: str, text: str, md: dict[str, Any]) -> Chunk:
    """A Chunk rebuilt from what Chroma returned."""
    return Chunk(
        id=chunk_id,
        doc_id=str(md["doc_id"]),
        index=int(md["index"]),
        text=text,
        section_path=tuple(json.loads(md.get("section_path") or "[]")),
        paragraph_index=int(md["paragraph_index"]),
        char_start=int(md["char_start"]),
        char_end=int(md["char_end"]),
        page=md.get("page"),
    )


def embedding_text(chunk: Chunk) -> str:
    """What the embedder and keyword index see: the chunk under its section headings, so that a
    question about a section's topic finds sentences that do not repeat it."""
    heads = [h for h in chunk.section_path if not chunk.text.startswith(h)]
    return "\n".join([*heads, chunk.text])


@dataclass(frozen=True)
class SentenceVector:
    """A sentence of a chunk and its vector, as ingest hands it to the store."""

    chunk: Chunk
    text: str
    vector: list[float]


@dataclass(frozen=True)
class DocumentPart:
    """Some of a document's chunks with their vectors (one each), and their sentences with theirs:
    what the store writes at a time, so a huge document never has all its vectors in memory."""

    chunks: list[Chunk]
    vectors: list[list[float]]
    sentences: list[SentenceVector]


@dataclass(frozen=True)
class StoredSentence:
    """A stored sentence as the store reads it back: the chunk it belongs to, its text, its vector."""

    chunk_id: str
    text: str
    vector: list[float]


@dataclass(frozen=True)
class ChunkMatch:
    """A chunk found near a question's vector, with its cosine similarity (-1..1)."""

    chunk: Chunk
    similarity: float


@dataclass(frozen=True)
class SentenceMatch:
    """A sentence found near a question's vector: its chunk's id, its text, its cosine similarity."""

    chunk_id: str
    text: str
    similarity: float


def outdated_note(
    records: Sequence[DocumentRecord], layout: Layout = "embedded", db: str | None = None
) -> str | None:
    """A line for the user when some stored reports were written by an older pipeline version or in
    the other vector layout than `layout`, the one set now (None when none were): they are still
    searched, and ingesting their files again under the same setting rewrites them, with the
    vectors already computed taken from the embedding cache. `db`: the store's folder, for the
    command it suggests."""
    current = pipeline_version(layout)
    old = [r for r in records if r.pipeline != current]
    if not old:
        return None
    names = "、".join(r.doc_id for r in old[:3]) + (" 等" if len(old) > 3 else "")
    other = "derived" if layout == "embedded" else "embedded"
    why = []
    if any(r.pipeline == pipeline_version(other) for r in old):
        why.append(f"按 {other} 向量布局导入（当前设置为 {layout}）")
    if any(r.pipeline not in (current, pipeline_version(other)) for r in old):
        why.append("由旧版本导入")
    setting = "POLICYQA_CHUNK_VECTORS=derived " if layout == "derived" else ""
    command = f"{setting}python -m ingest 原文件或文件夹" + (f" --db {db}" if db else "")
    return (
        f"知识库中有 {len(old)} 篇报告（{names}）{'或'.join(why)}，仍可检索；要更新为当前设置，请重新导入"
        f"原文件：{command}（已算过的向量取自缓存）"
    )
