"""From files to stored chunks: load, clean, outline, detect metadata, split, embed, store.

Each file is one unit of work: a bad file is reported and the others go on; an unchanged file is
recognised by its bytes and skipped without being read again.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeGuard

import numpy as np
from tqdm import tqdm

from core.settings import Settings
from core.types import Chunk, Layout, ReportMeta
from ingest.chunk_vectors import embedded_parts
from ingest.errors import IngestError
from ingest.metadata import detect_metadata, fallback_title
from ingest.near_duplicates import (
    POLICY_LABELS,
    NearDuplicate,
    check_policy,
    decode,
    encode,
    nearest_duplicate,
    signature,
)
from ingest.prepare import PreparedReport, file_sha256, iter_input_files, prepare_report
from ingest.sidecar import read_sidecar
from ingest.split import SplitConfig, split_report
from store import ReportStore
from store.embed_cache import EmbeddingCache, embed_with_cache
from store.records import (
    DocumentPart,
    DocumentRecord,
    pipeline_version,
)

log = logging.getLogger(__name__)

# on_progress(fraction done 0..1, what is being done): for a progress bar in the app.
Progress = Callable[[float, str], None]

STATUSES = ("added", "updated", "unchanged", "duplicate", "failed")
STATUS_LABELS = {
    "added": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "duplicate": "重复",
    "failed": "失败",
}


@dataclass
class FileResult:
    """What happened to one input file."""

    path: str
    status: str
    doc_id: str | None = None
    chunks: int = 0
    message: str = ""


@dataclass
class IngestReport:
    """The outcome of one ingest run, file by file."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.results)
        return {s: c.get(s, 0) for s in STATUSES}

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        """One line in Chinese: 新增 7，更新 0，未变 0，重复 0，失败 0。"""
        return "，".join(f"{STATUS_LABELS[s]} {n}" for s, n in self.counts.items()) + "。"


def _current(
    existing: DocumentRecord | None, wanted: ReportMeta, layout: Layout
) -> TypeGuard[DocumentRecord]:
    """Whether a stored document was made by this pipeline with the metadata overrides asked now."""
    if existing is None:
        return False
    return existing.pipeline == pipeline_version(layout) and existing.override == wanted


def _slug(stem: str) -> str:
    return re.sub(r"[^\w\-]+", "_", stem).strip("_")[:80] or "doc"


class Ingestor:
    """Ingests files into one store, reusing its embedder and embedding cache across files."""

    def __init__(
        self,
        store: ReportStore,
        split: SplitConfig | None = None,
        cache: EmbeddingCache | None = None,
        embed_batch: int = 32,
        layout: Layout = "embedded",
    ) -> None:
        if store.embeddings is None:
            raise ValueError("Ingestor needs a store opened with an embedder")
        self.store = store
        self.embeddings = store.embeddings
        self.split = split or SplitConfig()
        self.cache = cache if cache is not None else EmbeddingCache(store.db_dir / "embed_cache.sqlite")
        self.embed_batch = embed_batch
        self.layout = layout  # what is embedded, and how chunk vectors are made (chunk_vectors.py)

    @classmethod
    def from_settings(cls, store: ReportStore, settings: Settings) -> Ingestor:
        """An ingestor with the settings' chunk sizes, embedding batch and shipped embedding cache."""
        cache = EmbeddingCache(store.db_dir / "embed_cache.sqlite", settings.shipped_embed_cache)
        split = SplitConfig(settings.chunk_target, settings.chunk_max)
        return cls(store, split, cache, settings.embed_batch, settings.chunk_vectors)

    def ingest(
        self,
        paths: Iterable[str | Path],
        override: ReportMeta | None = None,
        doc_id: str | None = None,
        progress: bool = False,
        on_progress: Progress | None = None,
        near_duplicates: str = "skip",
    ) -> IngestReport:
        """Ingest files and folders; one failure never stops the others. `progress` draws a
        terminal bar; `on_progress` hears the fraction done, moving within a file as it is embedded.
        `near_duplicates`: what to do with a file that is nearly a stored report (skip, keep, replace)."""
        check_policy(near_duplicates)
        self.store.repair()
        files = list(iter_input_files(paths))
        report = IngestReport()
        bar = tqdm(files, desc="导入", unit="个文件", disable=not progress)
        for done, path in enumerate(bar):
            bar.set_postfix_str(path.name[-30:])
            within = None
            if on_progress:
                on_progress(done / len(files), f"正在导入 {path.name}（{done + 1}/{len(files)}）")

                def within(f: float, done: int = done, name: str = path.name) -> None:
                    on_progress((done + f) / len(files), f"正在计算向量 {name}（{done + 1}/{len(files)}）")

            try:
                result = self.ingest_file(path, override, doc_id, within, near_duplicates)
            except IngestError as e:
                result = FileResult(str(path), "failed", message=str(e))
            except Exception as e:  # a bug or an unexpected library error must not stop the batch
                log.exception("unexpected error ingesting %s", path)
                result = FileResult(
                    str(path), "failed", message=f"处理时出现意外错误：{type(e).__name__}: {e}"
                )
            report.results.append(result)
        if on_progress and files:
            on_progress(1.0, "导入完成")
        return report

    def ingest_file(
        self,
        path: Path,
        override: ReportMeta | None = None,
        doc_id: str | None = None,
        on_fraction: Callable[[float], None] | None = None,
        near_duplicates: str = "skip",
    ) -> FileResult:
        """Ingest one file: added, updated, unchanged or duplicate; raises IngestError when it
        cannot. A near-duplicate of a stored report is skipped, kept beside it, or replaces it,
        as `near_duplicates` says (skip, keep, replace)."""
        source = str(path.resolve())
        try:
            sidecar = read_sidecar(path)
        except ValueError as e:
            raise IngestError(str(e)) from e
        wanted = (sidecar or ReportMeta()).merged(override or ReportMeta())
        sha = file_sha256(path)
        existing = self.store.get_document(doc_id) if doc_id else self.store.find("source", source)
        current = _current(existing, wanted, self.layout)
        if current and existing.file_sha256 == sha and existing.source == source:
            return FileResult(source, "unchanged", existing.doc_id, existing.chunk_count)
        prepared = prepare_report(path)
        if current and existing.content_sha256 == prepared.content_sha256:
            self.store.touch_document(existing.doc_id, source=source, file_sha256=sha)
            return FileResult(source, "unchanged", existing.doc_id, existing.chunk_count)
        twin = self.store.find("content_sha256", prepared.content_sha256)
        if twin and (existing is None or twin.doc_id != existing.doc_id):
            message = f"与已收录的文档 {twin.doc_id}（{Path(twin.source).name}）内容相同，已跳过"
            return FileResult(source, "duplicate", twin.doc_id, message=message)
        sig = signature(prepared.text)
        near = self._near(sig, existing)
        if near is not None and near_duplicates == "skip":
            keep, replace_ = POLICY_LABELS["keep"], POLICY_LABELS["replace"]
            how = (
                f"要同时保留请选择“{keep}”，要替换请选择“{replace_}”"
                "（命令行：--near-duplicates keep 或 replace）"
            )
            return FileResult(
                source, "duplicate", near.record.doc_id, message=f"{near.message()}，已跳过。{how}"
            )
        if near is not None and near_duplicates == "replace":
            existing = near.record  # the new file takes the stored report's place and id
        record = self._record(path, source, sha, prepared, wanted, existing, doc_id)
        record.minhash = encode(sig)
        record.duplicate_of = near.record.doc_id if near is not None and near_duplicates == "keep" else ""
        chunks = split_report(
            record.doc_id, prepared.paragraphs, prepared.paths, prepared.pages, self.split, prepared.page_map
        )
        record.chunk_count = len(chunks)
        self.store.write_parts(record, prepared.text, chunks, self._embedded_parts(chunks, on_fraction))
        notes = [
            *prepared.warnings,
            *([f"{near.message()}，已按要求{POLICY_LABELS[near_duplicates]}"] if near else []),
        ]
        return FileResult(
            source, "updated" if existing else "added", record.doc_id, len(chunks), "；".join(notes)
        )

    def _record(
        self,
        path: Path,
        source: str,
        sha: str,
        prepared: PreparedReport,
        wanted: ReportMeta,
        existing: DocumentRecord | None,
        doc_id: str | None,
    ) -> DocumentRecord:
        """The registry entry of a file about to be written (its chunk count is set after the split)."""
        meta = detect_metadata(prepared.paragraphs, path.name).merged(wanted)
        if meta.title is None:
            meta.title = fallback_title(meta, path.stem)
        the_id = existing.doc_id if existing else (doc_id or self._new_doc_id(path, prepared.content_sha256))
        return DocumentRecord(
            doc_id=the_id,
            source=source,
            file_sha256=sha,
            content_sha256=prepared.content_sha256,
            meta=meta,
            chunk_count=0,
            format=prepared.format,
            pages=prepared.page_count,
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            override=wanted,
            page_map=prepared.page_map,
            pipeline=pipeline_version(self.layout),
        )

    def _near(self, sig: np.ndarray, existing: DocumentRecord | None) -> NearDuplicate | None:
        """The stored report (other than this file's own) the text is a near-duplicate of."""
        stored = []
        own = existing.doc_id if existing is not None else None
        for record in self.store.documents():
            # not the file's own stored version, nor a copy kept beside it (that would make a
            # cycle), nor a copy of another report: the report it copies is the one to compare
            if record.doc_id == own or record.duplicate_of:
                continue
            other = decode(record.minhash) if record.minhash else None
            if other is None:  # stored before signatures were kept: computed from its text
                other = signature(self.store.document_text(record.doc_id))
            stored.append((record, other))
        return nearest_duplicate(sig, stored)

    def _embedded_parts(
        self, chunks: list[Chunk], on_fraction: Callable[[float], None] | None
    ) -> Iterator[DocumentPart]:
        """The chunks with their vectors and their sentences with theirs (chunk_vectors.py), with
        this store's embedder, cache and layout."""

        def embed(texts: list[str], on_chars: Callable[[int], None]) -> list[list[float]]:
            return embed_with_cache(self.embeddings, self.cache, texts, self.embed_batch, on_chars)

        return embedded_parts(chunks, self.layout, embed, self.split.sentence_min, on_fraction)

    def _new_doc_id(self, path: Path, sha: str) -> str:
        """The file's name as id, made unique with a content hash when another file has it."""
        slug = _slug(path.stem)
        return slug if self.store.get_document(slug) is None else f"{slug}-{sha[:6]}"
