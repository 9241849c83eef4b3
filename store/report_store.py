"""The report store: chunks and their vectors in Chroma, and a registry of whole documents beside them.

A document is written whole or not at all. Its chunks carry the content version in their ids and
metadata; the registry entry, written last, is the commit. Chunks of a version the registry does
not name (an ingest killed half way) are invisible to readers and removed by `repair()`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from core.parallel import chunk_workers
from core.types import Chunk, ReportMeta
from facts.extract import facts_of_report, warm_workers
from store import recovery
from store.chroma import StoreError, open_client, reopen_embedded, stop_later
from store.embedders import claim_embedder, embedder_name
from store.fact_index import FactIndex
from store.keyword_sync import KeywordKeeper
from store.keywords import KeywordIndex, keyword_entries
from store.records import (
    ChunkMatch,
    DocumentPart,
    DocumentRecord,
    SentenceMatch,
    SentenceVector,
    StoredSentence,
    chunk_from_record,
)
from store.sentence_index import SentenceRow
from store.vectors import (
    Collections,
    NearestConfig,
    chunk_matches,
    chunks_by_id,
    drop_versions,
    live_chunks,
    nearest,
    sentence_rows,
    stored_sentences,
    update_chunk_metadata,
    write_part,
)
from store.writers import Writers, opening, writes

log = logging.getLogger(__name__)

CATCH_UP_SECONDS = 10.0  # how often a reader looks for another process's writes
STOP_AFTER_SECONDS = 10.0  # the embedded client a reopen replaced is stopped this much later
NO_SUCH_DOCUMENT = "知识库中没有文档 {doc_id}。可用 python -m ingest --list 查看已收录的文档"


class ReportStore:
    """Documents and chunks of one knowledge base, and the embedder that built it."""

    def __init__(
        self,
        db_dir: Path,
        embeddings: Embeddings | None = None,
        client: Any = None,
        nearest_config: NearestConfig | None = None,
    ) -> None:
        self.db_dir = Path(db_dir)
        self.embeddings = embeddings
        self.nearest_config = nearest_config or NearestConfig()
        self.client = client or open_client(self.db_dir)
        with opening(self.db_dir):  # two processes creating one store at once would collide
            # On a server other processes write too: the local keyword index follows the registry.
            self.remote = bool(getattr(self.client, "remote", False))
            # On disk, processes sharing the store take turns to write and tell each other (writers.py).
            self.writers = None if self.remote else Writers(self.db_dir)
            self._collections = Collections(self.client)
            if embeddings is not None:
                claim_embedder(self.chunks, embeddings, self.db_dir)
        self._keeper = KeywordKeeper(self.db_dir, self)
        self._caught_up = time.monotonic()

    # The Chroma collections, for the store's own modules and tests; readers use the methods below.
    chunks = property(lambda self: self._collections.chunks)
    sentences = property(lambda self: self._collections.sentences)
    registry = property(lambda self: self._collections.registry)
    pending = property(lambda self: self._collections.pending)

    def catch_up(self) -> bool:
        """Reopen the store when another process wrote to it, so that searches see its vectors; at
        most every CATCH_UP_SECONDS (a reopen reads the vector indexes from disk again). Readers do
        not wait for the write lock: a document is invisible until its registry entry lands."""
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
        """A new embedded Chroma client on the folder (what is on disk now); the old one is stopped
        STOP_AFTER_SECONDS later, when searches that started on it are long done."""
        old = reopen_embedded(self.client)
        self.client = open_client(self.db_dir, url="")
        self._collections = Collections(self.client)
        log.info("知识库 %s 已重新打开", self.db_dir)
        stop_later(old, STOP_AFTER_SECONDS)

    def _writing(self) -> AbstractContextManager[None]:
        """Hold the store for a write (a no-op on a Chroma server, which orders writes itself)."""
        return nullcontext() if self.writers is None else self.writers.exclusive(self._reopen)

    # --- the keyword index (store/keyword_sync.py) -----------------------------------------

    @property
    def keywords(self) -> KeywordIndex:
        """The BM25 index beside the store, kept in step with the registry (rebuilt when damaged)."""
        return self._keeper.index

    @property
    def facts(self) -> FactIndex:
        """The facts of every stored report (store/fact_index.py), kept like the keyword index."""
        return self._keeper.facts

    @property
    def notices(self) -> list[str]:
        """What the user should hear about the store (printed by the command line and the app)."""
        return self._keeper.notices

    def refresh_keywords(self) -> bool:
        """Bring this process's copies of the keyword index, the facts and the sentence index in step
        with their files (what searches read); a damaged entry is indexed again from the store. True
        when anything changed."""
        return self._keeper.refresh()

    def sync_keywords(self) -> int:
        """Index documents the keyword index lacks or holds in an old version, drop those the
        registry no longer has. Returns how many documents were (re)indexed or dropped."""
        return self._keeper.sync()

    # --- reading ---------------------------------------------------------------------------

    def documents(self) -> list[DocumentRecord]:
        """Every committed document, sorted by year then id."""
        got = self.registry.get(include=["metadatas"])
        records = [
            DocumentRecord.from_metadata(i, md) for i, md in zip(got["ids"], got["metadatas"], strict=True)
        ]
        return sorted(records, key=lambda r: (r.meta.year or 0, r.doc_id))

    def get_document(self, doc_id: str) -> DocumentRecord | None:
        """A committed document's record, None when the store has no such document."""
        got = self.registry.get(ids=[doc_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return DocumentRecord.from_metadata(doc_id, got["metadatas"][0])

    def find(self, key: str, value: str) -> DocumentRecord | None:
        """The document whose registry field `key` ("source": its resolved path, "content_sha256":
        its cleaned text's hash) is `value`, if any."""
        got = self.registry.get(where={key: value}, include=["metadatas"])
        return DocumentRecord.from_metadata(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def document_text(self, doc_id: str) -> str:
        """A document's cleaned text, a paragraph a line (offsets point into it); StoreError if none."""
        got = self.registry.get(ids=[doc_id], include=["documents"])
        if not got["ids"]:
            raise StoreError(NO_SUCH_DOCUMENT.format(doc_id=doc_id))
        return str(got["documents"][0])

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        """The live chunks of a document in order ([] when there is no such document)."""
        record = self.get_document(doc_id)
        return [] if record is None else live_chunks(self._collections, doc_id, record.version)

    def chunks_by_id(self, ids: list[str]) -> list[Chunk]:
        """The chunks of these ids that are stored (in the store's order, missing ones left out)."""
        return chunks_by_id(self._collections, ids)

    def sentence_rows(self, chunk_ids: list[str]) -> list[StoredSentence]:
        """The stored sentences of these chunks, with their vectors (store/sentence_index.py)."""
        return self._keeper.sentences.of_chunks(chunk_ids)

    def nearest_chunks(
        self, vector: np.ndarray, n: int, live: Mapping[str, str], allowed: set[str] | None = None
    ) -> list[ChunkMatch]:
        """The n chunks nearest a unit query vector, of the live versions (`live`: doc id -> version)
        of the allowed documents (None: all); nearest first."""
        rows = nearest(self.chunks, vector, n, live, allowed, False, self.nearest_config)
        return [ChunkMatch(chunk_from_record(r.id, r.text, r.metadata), 1.0 - r.distance) for r in rows]

    def nearest_sentences(
        self, vector: np.ndarray, n: int, live: Mapping[str, str], allowed: set[str] | None = None
    ) -> list[SentenceMatch]:
        """The n sentences nearest a unit query vector, as `nearest_chunks` (store/sentence_index.py)."""
        return self._keeper.sentences.search(vector, n, live, allowed)

    def stored_sentences(self, versions: dict[str, str]) -> Iterator[tuple[str, str, list[SentenceRow]]]:
        """These documents' sentence rows of these versions as Chroma holds them (store/vectors.py)."""
        return stored_sentences(self._collections, versions)

    def release_sentence_vectors(self) -> None:
        """Free Chroma's sentence HNSW, loaded whole on a first read or write (see sentence_index)."""
        if not self.remote:
            self._reopen()

    def chunk_matches(self, ids: list[str], vector: np.ndarray) -> list[ChunkMatch]:
        """These chunks with their stored vector's cosine similarity to a unit query vector."""
        return chunk_matches(self._collections, ids, vector)

    def count_chunks(self) -> int:
        """How many chunk rows Chroma holds (of every version)."""
        return int(self.chunks.count())

    # --- writing ---------------------------------------------------------------------------

    def write_document(
        self,
        record: DocumentRecord,
        text: str,
        chunks: list[Chunk],
        vectors: list[list[float]],
        sentences: list[SentenceVector] | None = None,
    ) -> None:
        """Store a document whole whose vectors are all at hand (see write_parts)."""
        self.write_parts(record, text, chunks, [DocumentPart(chunks, vectors, sentences or [])])

    @writes
    def write_parts(
        self, record: DocumentRecord, text: str, chunks: list[Chunk], parts: Iterable[DocumentPart]
    ) -> None:
        """Store a document whole: its vectors part by part as `parts` yields them (never all in
        memory), then the registry entry (readers see the old version until then), then old ones go."""
        if self.embeddings is None:
            raise StoreError("写入知识库需要嵌入模型")
        record.embedder = embedder_name(self.embeddings)
        keywords = self.keywords  # opened (and brought in step) before this document is committed
        searched = self._keeper.sentences
        searched.discard(record.doc_id, record.version)  # rows an interrupted write left
        self.pending.upsert(ids=[record.doc_id], embeddings=[[1.0]], metadatas=[{"version": record.version}])
        with chunk_workers(len(chunks), warm_workers) as pool:  # (a large report's, started now)
            n = 0  # sentence ids number a document's sentences in order
            for part in parts:
                searched.add(record.doc_id, record.version, sentence_rows(part, n))
                n = write_part(self._collections, record, part, n)
            self.registry.upsert(
                ids=[record.doc_id], documents=[text], embeddings=[[1.0]], metadatas=[record.to_metadata()]
            )
            searched.commit(record.doc_id, record.version)
            self.drop_other_versions(record.doc_id, record.version)
            keywords.upsert_document(record.doc_id, record.version, keyword_entries(chunks, pool))
            facts = facts_of_report(chunks, record.meta, pool)
            self.facts.upsert_document(record.doc_id, record.version, facts)
        self.pending.delete(ids=[record.doc_id])

    def drop_other_versions(self, doc_id: str, keep: str | None) -> None:
        """Delete a document's chunks and sentences of every version but `keep` (all when None)."""
        drop_versions(self._collections, doc_id, keep)
        self._keeper.sentences.drop_versions(doc_id, keep)  # (an interrupted write's, in repair)

    @writes
    def update_metadata(self, doc_id: str, meta: ReportMeta) -> DocumentRecord:
        """Change a document's metadata (kept as a user override across re-ingests)."""
        record = self.get_document(doc_id)
        if record is None:
            raise StoreError(NO_SUCH_DOCUMENT.format(doc_id=doc_id))
        record.override = record.override.merged(meta)
        record.meta = record.meta.merged(meta)
        update_chunk_metadata(self._collections, self.chunks_of(doc_id), record)
        self.registry.update(ids=[doc_id], metadatas=[record.to_metadata()])
        return record

    @writes
    def touch_document(self, doc_id: str, source: str, file_sha256: str) -> None:
        """Record new bytes (or a new location) of a document whose content did not change."""
        self.registry.update(ids=[doc_id], metadatas=[{"source": source, "file_sha256": file_sha256}])

    @writes
    def delete_document(self, doc_id: str) -> bool:
        """Remove a document and all its chunks; False when there was no such document."""
        existed = self.get_document(doc_id) is not None
        self.pending.upsert(ids=[doc_id], embeddings=[[1.0]], metadatas=[{"version": ""}])
        self.registry.delete(ids=[doc_id])
        self.drop_other_versions(doc_id, None)
        self._keeper.delete_document(doc_id)
        self.pending.delete(ids=[doc_id])
        return existed

    @writes
    def repair(self, full: bool = False) -> int:
        """Finish or undo writes an interrupted ingest left (store/recovery.py); how many chunks
        were removed. Only documents with a pending marker are looked at, unless `full`."""
        return recovery.repair(self, full)
