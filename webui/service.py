"""What the app does besides answering, without Gradio: the knowledge base (uploads checked and kept
inside the upload folder, one ingest at a time, metadata, delete) over the one PolicyQA of the
process (`service.qa`), which answers, summarises and compares. This is the app's upload path: the
one place above the store that writes through ingest/.

The tabs (webui/*_tab.py) only turn these calls into components; tests call them directly too.
"""

from __future__ import annotations

import re
import shutil
import threading
from functools import lru_cache
from pathlib import Path

from langchain_core.embeddings import Embeddings

from core.errors import UserError
from core.settings import Settings, get_settings
from core.types import ReportMeta
from ingest.errors import IngestError
from ingest.loaders import SUPPORTED_SUFFIXES
from ingest.pipeline import FileResult, Ingestor, IngestReport, Progress
from ingest.prepare import file_sha256
from qa.service import open_qa
from store import ReportStore, StoreError
from store.records import DocumentRecord
from text.width import CJK_PUNCTUATION, FULLWIDTH_FORMS
from webui.render import paragraph_around

ALLOWED = ", ".join(sorted(SUPPORTED_SUFFIXES))
_UNSAFE = re.compile(f"[^\\w\\-.()（）{CJK_PUNCTUATION}{FULLWIDTH_FORMS}]+")


class UploadError(UserError, ValueError):
    """A file the app will not take; the message says why, in Chinese."""


def safe_name(name: str) -> str:
    """A file name that stays a plain name inside the upload folder: no folders, no '..', no
    control characters; Chinese kept."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[:100] or "upload"
    return f"{stem}.{suffix.lower()}" if suffix else stem


class AppService:
    """`AppService(settings)`; the app shares one per process (models load once, at start)."""

    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None) -> None:
        self.settings = settings or get_settings()
        self.qa = open_qa(self.settings, embeddings)
        self.store = self.qa.store
        self.retriever = self.qa.retriever
        self.ingestor = Ingestor.from_settings(self.store, self.settings)
        self.upload_dir = Path(self.settings.upload_dir or Path(self.settings.db_dir) / "uploads").resolve()
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        self._ingest_lock = threading.Lock()

    # --- the knowledge base ---------------------------------------------------------------

    def documents(self) -> list[DocumentRecord]:
        self.retriever.refresh()
        return sorted(self.retriever.documents.values(), key=lambda r: (r.meta.year or 0, r.doc_id))

    def issuers(self) -> list[str]:
        return sorted({r.meta.issuer for r in self.documents() if r.meta.issuer})

    def document(self, doc_id: str) -> DocumentRecord:
        record = self.store.get_document(doc_id) if doc_id else None
        if record is None:
            raise StoreError(f"知识库中没有文档 {doc_id or '（未选择）'}，请在列表中重新选择")
        return record

    def accept_upload(self, path: Path, name: str | None = None) -> Path:
        """Check an uploaded file and keep a copy in the upload folder; returns the copy's path."""
        name = safe_name(name or path.name)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise UploadError(f"不支持的文件类型“{suffix or '无扩展名'}”。可上传：{ALLOWED}")
        size = path.stat().st_size
        limit = self.settings.upload_max_mb * 1024 * 1024
        if size > limit:
            raise UploadError(
                f"文件过大：{size / 1048576:.1f} MB，上限为 {self.settings.upload_max_mb} MB"
                "（可用 POLICYQA_UPLOAD_MAX_MB 调整）"
            )
        if size == 0:
            raise UploadError("文件是空的（0 字节），请检查后重新上传")
        target = self.upload_dir / name
        if target.exists() and file_sha256(target) != file_sha256(path):
            target = self.upload_dir / f"{Path(name).stem}-{file_sha256(path)[:8]}{suffix}"
        if target.resolve().parent != self.upload_dir:  # cannot happen after safe_name; never trust it
            raise UploadError(f"文件名不合法：{name}")
        if not target.exists():
            shutil.copyfile(path, target)
        return target

    def upload(
        self,
        files: list[tuple[Path, str]],
        on_progress: Progress | None = None,
        near_duplicates: str = "skip",
    ) -> IngestReport:
        """Check, keep and ingest uploaded files (path, original name); every file gets its result.
        A near-duplicate of a stored report is skipped, kept beside it, or replaces it."""
        report = IngestReport()
        accepted: list[Path] = []
        for path, name in files:
            try:
                accepted.append(self.accept_upload(path, name))
            except (UploadError, OSError) as e:
                report.results.append(FileResult(name, "failed", message=str(e)))
        if accepted:
            report.results.extend(self.ingest(accepted, on_progress, near_duplicates=near_duplicates).results)
        return report

    def ingest(
        self, paths: list[Path], on_progress: Progress | None = None, **kwargs: object
    ) -> IngestReport:
        """One ingest at a time; questions go on being answered meanwhile."""
        with self._ingest_lock:
            report = self.ingestor.ingest(paths, on_progress=on_progress, **kwargs)  # type: ignore[arg-type]
            self.store.release_sentence_vectors()  # writing loaded Chroma's; searches do not need it
        self.retriever.refresh(force=True)
        return report

    def ingest_samples_if_empty(self, progress: bool = True) -> IngestReport | None:
        """First run: an empty store gets the bundled sample reports."""
        if self.store.documents() or not Path(self.settings.samples_dir).is_dir():
            return None
        return self.ingest([Path(self.settings.samples_dir)], progress=progress)

    def reingest(self, doc_id: str, on_progress: Progress | None = None) -> FileResult:
        record = self.document(doc_id)
        source = Path(record.source)
        if not source.is_file():
            raise IngestError(f"原文件已不在：{source}。请重新上传这份报告")
        return self.ingest([source], on_progress, doc_id=doc_id).results[0]

    def update_metadata(self, doc_id: str, meta: ReportMeta) -> DocumentRecord:
        self.document(doc_id)
        with self._ingest_lock:
            record = self.store.update_metadata(doc_id, meta)
        self.retriever.refresh(force=True)
        return record

    def delete(self, doc_id: str) -> DocumentRecord:
        """Remove a report from the store (and its uploaded copy, when it came through the app)."""
        record = self.document(doc_id)
        with self._ingest_lock:
            self.store.delete_document(doc_id)
            self.store.release_sentence_vectors()
        self.retriever.refresh(force=True)
        source = Path(record.source)
        uploaded = source.parent.resolve() == self.upload_dir and source.is_file()
        if uploaded and not any(r.source == record.source for r in self.store.documents()):
            source.unlink()
        return record

    def context(self, doc_id: str, start: int | None, end: int | None) -> str:
        """The paragraph of a stored report around [start, end) of its cleaned text ("" when gone)."""
        record = self.store.get_document(doc_id)
        if record is None:
            return ""
        return paragraph_around(_document_text(self.store, doc_id, record.version), start, end)


@lru_cache(maxsize=32)
def _document_text(store: ReportStore, doc_id: str, version: str) -> str:
    return store.document_text(doc_id)
