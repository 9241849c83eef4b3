"""The report store: chunks and their vectors in Chroma, and a registry of whole documents beside them.

A document is written whole or not at all. Its chunks carry the content version in their ids and
metadata; the registry entry, written last, is the commit. Chunks of a version the registry does
not name (an ingest killed half way) are invisible to readers and removed by `repair()`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_core.embeddings import Embeddings

from core.settings import get_settings
from core.types import Chunk, ReportMeta
from ingest.embed import embedder_name
from ingest.keyword_index import IndexedChunk, KeywordIndex, KeywordIndexError
from ingest.split import embedding_text
from ingest.tokens import tokenize

log = logging.getLogger(__name__)

CHUNKS = "chunks"
SENTENCES = "sentences"  # one vector per sentence of every chunk, pointing back at its chunk
REGISTRY = "documents"
PENDING = "pending_writes"  # a marker per document write under way; what repair() looks at
# Bumped whenever loading, cleaning or splitting changes what a file turns into, so that
# unchanged files are processed again instead of being skipped.
PIPELINE_VERSION = "2"  # 2: sentence vectors
_META_FIELDS = ("title", "issuer", "year", "level", "report_type", "date")
_WRITE_BATCH = 500
KEYWORDS_FILE = "keywords.sqlite"


class StoreError(RuntimeError):
    """A store that cannot be used as asked; the message says how to fix it."""


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

    @property
    def version(self) -> str:
        return self.content_sha256[:12]

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
            **self.meta.to_dict(),
        }
        return {k: v for k, v in flat.items() if v is not None}

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
        )


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


def open_client(db_dir: Path, url: str | None = None) -> Any:
    """The Chroma client of a store: a Chroma server when `url` is given (or POLICYQA_CHROMA_URL is
    set), else Chroma embedded on disk under db_dir."""
    db_dir.mkdir(parents=True, exist_ok=True)
    url = get_settings().chroma_url if url is None else url
    settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        return chromadb.PersistentClient(path=str(db_dir / "chroma"), settings=settings)
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"Chroma 服务器地址无效：{url}。应形如 http://127.0.0.1:8000")
    try:
        client = chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=settings,
        )
        client.heartbeat()
    except Exception as e:  # the client raises several kinds for an unreachable server
        raise StoreError(
            f"无法连接 Chroma 服务器 {url}（{type(e).__name__}）。请确认它已启动（chroma run --path 目录 "
            "--port 端口），或清空 POLICYQA_CHROMA_URL 改用本机存储"
        ) from e
    client.remote = True  # type: ignore[attr-defined]
    return client


class ReportStore:
    """Documents and chunks of one knowledge base, and the embedder that built it."""

    def __init__(self, db_dir: Path, embeddings: Embeddings | None = None, client: Any = None) -> None:
        self.db_dir = Path(db_dir)
        self.client = client or open_client(self.db_dir)
        # On a server other processes write too: the local keyword index is synced from the registry.
        self.remote = bool(getattr(self.client, "remote", False))
        self.embeddings = embeddings
        # Our own vectors always: Chroma's default embedding function would download a model.
        self.chunks = self.client.get_or_create_collection(
            CHUNKS, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.sentences = self.client.get_or_create_collection(
            SENTENCES, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.registry = self.client.get_or_create_collection(REGISTRY, embedding_function=None)
        self.pending = self.client.get_or_create_collection(PENDING, embedding_function=None)
        if embeddings is not None:
            self._claim_embedder(embeddings)
        self._keywords: KeywordIndex | None = None

    @property
    def keywords(self) -> KeywordIndex:
        """The BM25 index beside the store, opened on first use and kept in step with the registry."""
        if self._keywords is None:
            path = self.db_dir / KEYWORDS_FILE
            try:
                self._keywords = KeywordIndex(path)
            except KeywordIndexError as e:  # damaged or built by another tokenizer: rebuild from chunks
                log.warning("%s; rebuilding it from the store", e)
                path.unlink(missing_ok=True)
                self._keywords = KeywordIndex(path)
            self.sync_keywords()
        return self._keywords

    def sync_keywords(self) -> int:
        """Index documents the keyword index lacks or holds in an old version, drop those the
        registry no longer has. Returns how many documents were (re)indexed or dropped."""
        index = self.keywords
        live = {r.doc_id: r.version for r in self.documents()}
        held = index.versions()
        gone = held.keys() - live.keys()
        for doc_id in gone:
            index.delete_document(doc_id)
        stale = [d for d, v in live.items() if held.get(d) != v]
        for doc_id in stale:
            self._index_keywords(doc_id, live[doc_id], self.chunks_of(doc_id))
        return len(stale) + len(gone)

    def _index_keywords(self, doc_id: str, version: str, chunks: list[Chunk]) -> None:
        self.keywords.upsert_document(
            doc_id, version, [IndexedChunk(c.id, tokenize(embedding_text(c))) for c in chunks]
        )

    @property
    def embedder(self) -> str | None:
        """The embedder whose vectors this store holds, None while it holds none."""
        md = self.chunks.metadata or {}
        return md.get("embedder")

    def _claim_embedder(self, embeddings: Embeddings) -> None:
        name = embedder_name(embeddings)
        built_with = self.embedder
        if built_with == name:
            return
        if built_with and self.chunks.count() > 0:
            raise StoreError(
                f"知识库 {self.db_dir} 由嵌入模型 {built_with} 建立，当前设置为 {name}，两者的向量不能混用。"
                f"请把 POLICYQA_EMBEDDER 改回 {built_with}，或用 --db 指定一个新的知识库目录重新导入"
            )
        self.chunks.modify(metadata={"embedder": name})

    # --- reading ---------------------------------------------------------------------------

    def documents(self) -> list[DocumentRecord]:
        """Every committed document, sorted by year then id."""
        got = self.registry.get(include=["metadatas"])
        records = [
            DocumentRecord.from_metadata(i, md) for i, md in zip(got["ids"], got["metadatas"], strict=True)
        ]
        return sorted(records, key=lambda r: (r.meta.year or 0, r.doc_id))

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        got = self.registry.get(ids=[doc_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return DocumentRecord.from_metadata(doc_id, got["metadatas"][0])

    def _find(self, key: str, value: str) -> DocumentRecord | None:
        got = self.registry.get(where={key: value}, include=["metadatas"])
        if not got["ids"]:
            return None
        return DocumentRecord.from_metadata(got["ids"][0], got["metadatas"][0])

    def find_by_source(self, source: str) -> DocumentRecord | None:
        return self._find("source", source)

    def find_by_content(self, content_sha256: str) -> DocumentRecord | None:
        return self._find("content_sha256", content_sha256)

    def document_text(self, doc_id: str) -> str:
        """The cleaned text of a document, paragraphs separated by newlines; offsets point into it."""
        got = self.registry.get(ids=[doc_id], include=["documents"])
        if not got["ids"]:
            raise StoreError(f"知识库中没有文档 {doc_id}。可用 python -m ingest --list 查看已收录的文档")
        return str(got["documents"][0])

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The live chunks of a document in order."""
        record = self.get_document(doc_id)
        if record is None:
            return []
        got = self.chunks.get(
            where={"$and": [{"doc_id": doc_id}, {"version": record.version}]},
            include=["documents", "metadatas"],
        )
        chunks = [
            chunk_from_record(i, t, md)
            for i, t, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        return sorted(chunks, key=lambda c: c.index)

    def count_chunks(self) -> int:
        return int(self.chunks.count())

    # --- writing ---------------------------------------------------------------------------

    def write_document(
        self,
        record: DocumentRecord,
        text: str,
        chunks: list[Chunk],
        vectors: list[list[float]],
        sentences: list[tuple[Chunk, str, list[float]]] | None = None,
    ) -> None:
        """Store a document whole: new chunks and their sentence vectors first, then the registry
        entry, then old versions go."""
        if self.embeddings is None:
            raise StoreError("写入知识库需要嵌入模型")
        record.embedder = embedder_name(self.embeddings)
        self.pending.upsert(ids=[record.doc_id], embeddings=[[1.0]], metadatas=[{"version": record.version}])
        for i in range(0, len(chunks), _WRITE_BATCH):
            batch = chunks[i : i + _WRITE_BATCH]
            self.chunks.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                embeddings=vectors[i : i + _WRITE_BATCH],
                metadatas=[chunk_metadata(c, record) for c in batch],
            )
        rows = [
            (f"{chunk.id}:{n:03d}", sentence, vector, chunk)
            for n, (chunk, sentence, vector) in enumerate(sentences or [])
        ]
        for i in range(0, len(rows), _WRITE_BATCH):
            part = rows[i : i + _WRITE_BATCH]
            self.sentences.upsert(
                ids=[r[0] for r in part],
                documents=[r[1] for r in part],
                embeddings=[r[2] for r in part],
                metadatas=[
                    {"doc_id": r[3].doc_id, "version": record.version, "chunk_id": r[3].id} for r in part
                ],
            )
        self.registry.upsert(
            ids=[record.doc_id], documents=[text], embeddings=[[1.0]], metadatas=[record.to_metadata()]
        )
        self._drop_other_versions(record.doc_id, record.version)
        self._index_keywords(record.doc_id, record.version, chunks)
        self.pending.delete(ids=[record.doc_id])

    def _drop_other_versions(self, doc_id: str, version: str | None) -> None:
        for collection in (self.chunks, self.sentences):
            if version is None:
                collection.delete(where={"doc_id": doc_id})
            else:
                collection.delete(where={"$and": [{"doc_id": doc_id}, {"version": {"$ne": version}}]})

    def update_metadata(self, doc_id: str, meta: ReportMeta) -> DocumentRecord:
        """Change a document's metadata (kept as a user override across re-ingests)."""
        record = self.get_document(doc_id)
        if record is None:
            raise StoreError(f"知识库中没有文档 {doc_id}")
        record.override = record.override.merged(meta)
        record.meta = record.meta.merged(meta)
        live = self.chunks_of(doc_id)
        for i in range(0, len(live), _WRITE_BATCH):
            batch = live[i : i + _WRITE_BATCH]
            self.chunks.update(
                ids=[c.id for c in batch], metadatas=[chunk_metadata(c, record) for c in batch]
            )
        self.registry.update(ids=[doc_id], metadatas=[record.to_metadata()])
        return record

    def touch_document(self, doc_id: str, source: str, file_sha256: str) -> None:
        """Record new bytes (or a new location) of a document whose content did not change."""
        self.registry.update(ids=[doc_id], metadatas=[{"source": source, "file_sha256": file_sha256}])

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and all its chunks; False when there was no such document."""
        existed = self.get_document(doc_id) is not None
        self.pending.upsert(ids=[doc_id], embeddings=[[1.0]], metadatas=[{"version": ""}])
        self.registry.delete(ids=[doc_id])
        self._drop_other_versions(doc_id, None)
        self.keywords.delete_document(doc_id)
        self.pending.delete(ids=[doc_id])
        return existed

    def repair(self, full: bool = False) -> int:
        """Finish or undo writes an interrupted ingest left: chunks of versions the registry does not
        name are deleted. Only documents with a pending marker are looked at, unless `full`.
        Returns how many chunks were removed."""
        before = self.count_chunks()
        pending = self.pending.get()["ids"]
        for doc_id in pending:
            record = self.get_document(doc_id)
            self._drop_other_versions(doc_id, record.version if record else None)
            self.pending.delete(ids=[doc_id])
        if full:
            self._drop_orphans()
        if pending or full:
            self.sync_keywords()
        removed = before - self.count_chunks()
        if removed:
            log.info("removed %d chunks left by an interrupted ingest", removed)
        return removed

    def _drop_orphans(self) -> None:
        live = {r.doc_id: r.version for r in self.documents()}
        for collection in (self.chunks, self.sentences):
            got = collection.get(include=["metadatas"])
            orphans = [
                i
                for i, md in zip(got["ids"], got["metadatas"], strict=True)
                if live.get(str(md.get("doc_id"))) != md.get("version")
            ]
            for i in range(0, len(orphans), _WRITE_BATCH):
                collection.delete(ids=orphans[i : i + _WRITE_BATCH])
