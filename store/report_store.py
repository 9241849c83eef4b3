"""The report store: chunks and their vectors in Chroma, and a registry of whole documents beside them.

A document is written whole or not at all. Its chunks carry the content version in their ids and
metadata; the registry entry, written last, is the commit. Chunks of a version the registry does
not name (an ingest killed half way) are invisible to readers and removed by `repair()`.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any, TypeVar

from langchain_core.embeddings import Embeddings

from core.types import Chunk, ReportMeta
from store import recovery
from store.chroma import WRITE_BATCH, StoreError, open_client, pages, reopen_embedded
from store.embedders import embedder_name
from store.ids import sentence_id
from store.keywords import KeywordIndex, KeywordIndexError, keyword_entries
from store.records import DocumentRecord, chunk_from_record, chunk_metadata
from store.writers import Writers, opening

log = logging.getLogger(__name__)
T = TypeVar("T")
# Some of a document's chunks with their vectors, and their sentences with theirs.
Part = tuple[list[Chunk], list[list[float]], list[tuple[Chunk, str, list[float]]]]

CHUNKS = "chunks"
SENTENCES = "sentences"  # one vector per sentence of every chunk, pointing back at its chunk
REGISTRY = "documents"
SENTENCE_FIRST, SENTENCE_COUNT = "sentence_first", "sentence_count"  # a chunk's sentence numbers
PENDING = "pending_writes"  # a marker per document write under way; what repair() looks at
CATCH_UP_SECONDS = 10.0  # how often a reader looks for another process's writes
STOP_AFTER_SECONDS = 10.0  # the embedded client a reopen replaced is stopped this much later
KEYWORDS_FILE = "keywords.sqlite"
# Chroma re-reads a collection's write log since its last index sync on every write to it. Registry
# rows carry whole report texts, so with Chroma's default (a sync every 1,000 writes) each registry
# write re-read up to 1,000 reports: 1.6 s a write at 2,000 reports. Its 1-d index syncs in no time.
_REGISTRY_HNSW = {"sync_threshold": 10, "batch_size": 10}


def _exclusive(method: Callable[..., T]) -> Callable[..., T]:
    """A ReportStore method that writes: it runs holding the store (see ReportStore._writing)."""

    @functools.wraps(method)
    def holding(self: ReportStore, *args: Any, **kwargs: Any) -> T:
        with self._writing():
            return method(self, *args, **kwargs)

    return holding


class ReportStore:
    """Documents and chunks of one knowledge base, and the embedder that built it."""

    def __init__(self, db_dir: Path, embeddings: Embeddings | None = None, client: Any = None) -> None:
        self.db_dir = Path(db_dir)
        self.embeddings = embeddings
        with opening(self.db_dir):  # two processes creating one store at once would collide
            self.client = client or open_client(self.db_dir)
            # On a server other processes write too: the local keyword index follows the registry.
            self.remote = bool(getattr(self.client, "remote", False))
            # On disk, processes sharing the store take turns to write and tell each other (writers.py).
            self.writers = None if self.remote else Writers(self.db_dir)
            self._bind_collections()
            if embeddings is not None:
                self._claim_embedder(embeddings)
        self._keywords: KeywordIndex | None = None
        self.notices: list[str] = []
        self._caught_up = time.monotonic()

    def _bind_collections(self) -> None:
        # Our own vectors always: Chroma's default embedding function would download a model.
        self.chunks = self.client.get_or_create_collection(
            CHUNKS, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.sentences = self.client.get_or_create_collection(
            SENTENCES, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.registry = self._small(REGISTRY)
        self.pending = self._small(PENDING)

    def _small(self, name: str) -> Any:
        """A collection of one row per document, whose vectors are placeholders (stores made before
        _REGISTRY_HNSW are moved to it)."""
        collection = self.client.get_or_create_collection(
            name, configuration={"hnsw": dict(_REGISTRY_HNSW)}, embedding_function=None
        )
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        # (Chroma does not report batch_size back after a change: the sync threshold is what tells)
        if hnsw.get("sync_threshold") != _REGISTRY_HNSW["sync_threshold"]:
            collection.modify(configuration={"hnsw": dict(_REGISTRY_HNSW)})
        return collection

    def catch_up(self) -> bool:
        """Reopen the store when another process wrote to it since this one last looked, so that
        searches see its vectors; at most every CATCH_UP_SECONDS, since each reopen reads the vector
        indexes from disk again. Readers do not wait for the write lock: a document being written is
        invisible until its registry entry lands. True when it reopened."""
        now = time.monotonic()
        if self.writers is None or now - self._caught_up < CATCH_UP_SECONDS:
            return False
        self._caught_up = now
        generation = self.writers.generation()
        if generation == self.writers.seen:
            return False
        self._reopen()
        self.writers.seen = generation
        return True

    def _reopen(self) -> None:
        """A new embedded Chroma client on the same folder: it reads what is on disk now. The old
        one is stopped STOP_AFTER_SECONDS later, when searches that started on it are long done."""
        old = reopen_embedded(self.client)
        self.client = open_client(self.db_dir, url="")
        self._bind_collections()
        log.info("知识库 %s 已由其他进程更新，已重新打开", self.db_dir)
        if old is not None:
            timer = threading.Timer(STOP_AFTER_SECONDS, old.stop)
            timer.daemon = True
            timer.start()

    def _writing(self) -> AbstractContextManager[None]:
        """Hold the store for a write (a no-op on a Chroma server, which orders writes itself)."""
        return nullcontext() if self.writers is None else self.writers.exclusive(self._reopen)

    @property
    def keywords(self) -> KeywordIndex:
        """The BM25 index beside the store, opened on first use, checked, and kept in step with the
        registry. A damaged or partly written file is rebuilt from the store, with a notice."""
        if self._keywords is None:
            path = self.db_dir / KEYWORDS_FILE
            index = None
            try:
                index = KeywordIndex(path)
                index.check()
            except KeywordIndexError as e:
                self._notice(f"关键词索引 {path} 不可用（{e}），正在从知识库重建")
                if index is not None:
                    index.close()
                for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                    stale.unlink(missing_ok=True)
                index = KeywordIndex(path)
            self._keywords = index
            rebuilt = self.sync_keywords()
            if self.notices and rebuilt:
                self._notice(f"关键词索引已重建：{rebuilt} 篇文档")
        return self._keywords

    def refresh_keywords(self) -> bool:
        """Bring this process's copy of the keyword index in step with the file (what searches
        read); a document whose entry is found damaged is indexed again from the store."""
        changed = self.keywords.refresh()
        if self.keywords.damaged:
            damaged, self.keywords.damaged = self.keywords.damaged, []
            self._notice(
                f"关键词索引中 {len(damaged)} 篇文档的条目已损坏，已从知识库重建：{'、'.join(damaged[:5])}"
            )
            self.sync_keywords()
            self.keywords.refresh()
            changed = True
        return changed

    def _notice(self, message: str) -> None:
        """Something the user should hear about the store (printed by the command line and the app)."""
        log.warning(message)
        self.notices.append(message)

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
        self.keywords.upsert_document(doc_id, version, keyword_entries(chunks))

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
        chunks = [
            chunk_from_record(i, t, md)
            for got in pages(
                self.chunks,
                where={"$and": [{"doc_id": doc_id}, {"version": record.version}]},
                include=["documents", "metadatas"],
            )
            for i, t, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        ]
        return sorted(chunks, key=lambda c: c.index)

    def sentence_rows(self, chunk_ids: list[str]) -> list[tuple[str, str, list[float]]]:
        """The stored sentences of these chunks: (chunk id, sentence, vector). Read by id when the
        chunks keep their sentences' numbers (written since they do), else through a chunk_id
        filter over every sentence row (170 ms at 2.4 million)."""
        if not chunk_ids:
            return []
        got = self.chunks.get(ids=chunk_ids, include=["metadatas"])
        ids, unnumbered = [], []
        for cid, md in zip(got["ids"], got["metadatas"], strict=True):
            first, count = md.get(SENTENCE_FIRST), md.get(SENTENCE_COUNT)
            if first is None or count is None:
                unnumbered.append(cid)
            else:
                ids += [sentence_id(cid, int(first) + k) for k in range(int(count))]
        include = ["documents", "metadatas", "embeddings"]
        reads = [self.sentences.get(ids=ids, include=include)] if ids else []
        if unnumbered:
            reads.append(self.sentences.get(where={"chunk_id": {"$in": unnumbered}}, include=include))
        return [
            (str(md["chunk_id"]), str(t), e)
            for r in reads
            for t, md, e in zip(r["documents"], r["metadatas"], r["embeddings"], strict=True)
        ]

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
        """Store a document whole whose vectors are all at hand (see write_parts)."""
        self.write_parts(record, text, chunks, [(chunks, vectors, sentences or [])])

    @_exclusive
    def write_parts(
        self, record: DocumentRecord, text: str, chunks: list[Chunk], parts: Iterable[Part]
    ) -> None:
        """Store a document whole: its chunks and sentence vectors part by part as `parts` yields
        them (so a huge document never has all its vectors in memory), then the registry entry,
        then old versions go. Until the registry entry is written, readers see the old version."""
        if self.embeddings is None:
            raise StoreError("写入知识库需要嵌入模型")
        record.embedder = embedder_name(self.embeddings)
        keywords = self.keywords  # opened (and brought in step) before this document is committed
        self.pending.upsert(ids=[record.doc_id], embeddings=[[1.0]], metadatas=[{"version": record.version}])
        n = 0  # sentence ids number a document's sentences in order
        for part_chunks, vectors, sentences in parts:
            # Each chunk keeps the numbers of its sentences, which are then read by id (sentence_rows).
            spans: dict[str, dict[str, int]] = {}
            for j, (chunk, _, _) in enumerate(sentences):
                span = spans.setdefault(chunk.id, {SENTENCE_FIRST: n + j, SENTENCE_COUNT: 0})
                span[SENTENCE_COUNT] += 1
            for i in range(0, len(part_chunks), WRITE_BATCH):
                batch = part_chunks[i : i + WRITE_BATCH]
                self.chunks.upsert(
                    ids=[c.id for c in batch],
                    documents=[c.text for c in batch],
                    embeddings=vectors[i : i + WRITE_BATCH],
                    metadatas=[{**chunk_metadata(c, record), **spans.get(c.id, {})} for c in batch],
                )
            for i in range(0, len(sentences), WRITE_BATCH):
                rows = sentences[i : i + WRITE_BATCH]
                self.sentences.upsert(
                    ids=[sentence_id(chunk.id, n + j) for j, (chunk, _, _) in enumerate(rows)],
                    documents=[sentence for _, sentence, _ in rows],
                    embeddings=[vector for _, _, vector in rows],
                    metadatas=[
                        {"doc_id": chunk.doc_id, "version": record.version, "chunk_id": chunk.id}
                        for chunk, _, _ in rows
                    ],
                )
                n += len(rows)
        self.registry.upsert(
            ids=[record.doc_id], documents=[text], embeddings=[[1.0]], metadatas=[record.to_metadata()]
        )
        self._drop_other_versions(record.doc_id, record.version)
        keywords.upsert_document(record.doc_id, record.version, keyword_entries(chunks))
        self.pending.delete(ids=[record.doc_id])

    def _drop_other_versions(self, doc_id: str, version: str | None) -> None:
        where = (
            {"doc_id": doc_id}
            if version is None
            else {"$and": [{"doc_id": doc_id}, {"version": {"$ne": version}}]}
        )
        for collection in (self.chunks, self.sentences):
            ids = [i for got in pages(collection, where=where, include=[]) for i in got["ids"]]
            for i in range(0, len(ids), WRITE_BATCH):
                collection.delete(ids=ids[i : i + WRITE_BATCH])

    @_exclusive
    def update_metadata(self, doc_id: str, meta: ReportMeta) -> DocumentRecord:
        """Change a document's metadata (kept as a user override across re-ingests)."""
        record = self.get_document(doc_id)
        if record is None:
            raise StoreError(f"知识库中没有文档 {doc_id}")
        record.override = record.override.merged(meta)
        record.meta = record.meta.merged(meta)
        live = self.chunks_of(doc_id)
        for i in range(0, len(live), WRITE_BATCH):
            batch = live[i : i + WRITE_BATCH]
            self.chunks.update(
                ids=[c.id for c in batch], metadatas=[chunk_metadata(c, record) for c in batch]
            )
        self.registry.update(ids=[doc_id], metadatas=[record.to_metadata()])
        return record

    @_exclusive
    def touch_document(self, doc_id: str, source: str, file_sha256: str) -> None:
        """Record new bytes (or a new location) of a document whose content did not change."""
        self.registry.update(ids=[doc_id], metadatas=[{"source": source, "file_sha256": file_sha256}])

    @_exclusive
    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and all its chunks; False when there was no such document."""
        existed = self.get_document(doc_id) is not None
        self.pending.upsert(ids=[doc_id], embeddings=[[1.0]], metadatas=[{"version": ""}])
        self.registry.delete(ids=[doc_id])
        self._drop_other_versions(doc_id, None)
        self.keywords.delete_document(doc_id)
        self.pending.delete(ids=[doc_id])
        return existed

    @_exclusive
    def repair(self, full: bool = False) -> int:
        """Finish or undo writes an interrupted ingest left (store/recovery.py); how many chunks
        were removed. Only documents with a pending marker are looked at, unless `full`."""
        return recovery.repair(self, full)
