"""The vectors in Chroma: the collections of one store, the nearest rows among some documents, and
the rows of a document written and dropped. Chroma's `where` language is spoken here and nowhere
above the store."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from core.types import Chunk
from store.chroma import WRITE_BATCH, modify_configuration, pages
from store.ids import id_version, sentence_id
from store.records import (
    ChunkMatch,
    DocumentPart,
    DocumentRecord,
    SentenceVector,
    chunk_from_record,
    chunk_metadata,
)
from store.sentence_index import SentenceRow

CHUNKS = "chunks"
SENTENCES = "sentences"  # one vector per sentence of every chunk, pointing back at its chunk
REGISTRY = "documents"
PENDING = "pending_writes"  # a marker per document write under way; what repair() looks at
SENTENCE_FIRST, SENTENCE_COUNT = "sentence_first", "sentence_count"  # a chunk's sentence numbers
# A sentence row's place in its chunk's text (it holds no text of its own: Chroma indexes every
# document's text for full-text search, which cost a fifth of a large report's ingest)
START, END = "start", "end"
# Chroma re-reads a collection's write log since its last index sync on every write to it. Registry
# rows carry whole report texts, so with Chroma's default (a sync every 1,000 writes) each registry
# write re-read up to 1,000 reports: 1.6 s a write at 2,000 reports. Its 1-d index syncs in no time.
_REGISTRY_HNSW = {"sync_threshold": 10, "batch_size": 10}


@dataclass(frozen=True)
class NearestConfig:
    """How a search within some documents is run (see `nearest`): when the allowed documents make
    up at least `min_share` of the store, Chroma is asked for `overfetch` times as many nearest
    rows as are needed per share (at most `max_rows`) and the allowed ones are kept."""

    min_share: float = 0.02
    overfetch: float = 10
    max_rows: int = 10_000


@dataclass(frozen=True)
class Row:
    """One row of a collection as a search found it: id, text, Chroma metadata, cosine distance."""

    id: str
    text: str
    metadata: dict[str, Any]
    distance: float


class Collections:
    """The four Chroma collections of one store, bound on a client."""

    def __init__(self, client: Any) -> None:
        # Our own vectors always: Chroma's default embedding function would download a model.
        self.chunks = client.get_or_create_collection(
            CHUNKS, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.sentences = client.get_or_create_collection(
            SENTENCES, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )
        self.registry = _small(client, REGISTRY)
        self.pending = _small(client, PENDING)


def _small(client: Any, name: str) -> Any:
    """A collection of one row per document, whose vectors are placeholders (stores made before
    _REGISTRY_HNSW are moved to it)."""
    collection = client.get_or_create_collection(
        name, configuration={"hnsw": dict(_REGISTRY_HNSW)}, embedding_function=None
    )
    hnsw = (collection.configuration or {}).get("hnsw") or {}
    # (Chroma does not report batch_size back after a change: the sync threshold is what tells)
    if hnsw.get("sync_threshold") != _REGISTRY_HNSW["sync_threshold"]:
        modify_configuration(collection, {"hnsw": dict(_REGISTRY_HNSW)})
    return collection


def nearest(
    collection: Any,
    vector: np.ndarray,
    n: int,
    live: Mapping[str, str],
    allowed: set[str] | None,
    sentences: bool,
    config: NearestConfig,
) -> list[Row]:
    """The n rows of a collection (chunks, or sentences) nearest the vector that belong to the live
    version (`live`: doc id -> version) of a document, within `allowed` when given; nearest first.

    Within allowed documents that are not too few, the nearest rows of the whole store are asked
    for by id alone and those of the allowed documents kept (their ids name them): Chroma's own
    filtered search first reads every allowed row from SQLite, 1.1 s a question naming a year at
    2,000 reports, against a few ms for 1,000 nearest ids. When the allowed documents are a small
    share, or too few of their rows come back, Chroma filters."""
    if allowed is not None and not allowed:
        return []
    query = {"query_embeddings": [vector.tolist()]}
    share = len(allowed) / max(1, len(live)) if allowed is not None else 1.0
    if allowed is not None and share >= config.min_share:
        ask = min(config.max_rows, math.ceil(n / share * config.overfetch))
        got = collection.query(**query, n_results=ask, include=["distances"])

        def wanted(row_id: str) -> bool:
            doc_id, version = id_version(row_id, sentences)
            return doc_id in allowed and live.get(doc_id) == version

        keep = [(i, d) for i, d in zip(got["ids"][0], got["distances"][0], strict=True) if wanted(i)][:n]
        if len(keep) == n or len(got["ids"][0]) < ask:  # enough, or every row of the store seen
            if not keep:
                return []
            rows = collection.get(ids=[i for i, _ in keep], include=["documents", "metadatas"])
            found = dict(
                zip(rows["ids"], zip(rows["documents"], rows["metadatas"], strict=True), strict=True)
            )
            return [Row(i, str(found[i][0]), found[i][1], d) for i, d in keep if i in found]
    got = collection.query(
        **query,
        n_results=n,  # (Chroma returns fewer when there are fewer; counting costs 50 ms at 1M rows)
        where=None if allowed is None else {"doc_id": {"$in": sorted(allowed)}},
        include=["documents", "metadatas", "distances"],
    )
    rows = zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)
    return [
        Row(i, str(t), md, d) for i, t, md, d in rows if live.get(str(md.get("doc_id"))) == md.get("version")
    ]


def write_part(collections: Collections, record: DocumentRecord, part: DocumentPart, first: int) -> int:
    """Write some chunks of a document with their vectors, and their sentences; sentence ids number
    a document's sentences in order from `first`. Each chunk keeps the numbers of its sentences,
    which are then read by id (ReportStore.sentence_rows). Returns the next sentence number."""
    spans: dict[str, dict[str, int]] = {}
    for j, row in enumerate(part.sentences):
        span = spans.setdefault(row.chunk.id, {SENTENCE_FIRST: first + j, SENTENCE_COUNT: 0})
        span[SENTENCE_COUNT] += 1
    for i in range(0, len(part.chunks), WRITE_BATCH):
        batch = part.chunks[i : i + WRITE_BATCH]
        collections.chunks.upsert(
            ids=[c.id for c in batch],
            documents=[c.text for c in batch],
            embeddings=part.vectors[i : i + WRITE_BATCH],
            metadatas=[{**chunk_metadata(c, record), **spans.get(c.id, {})} for c in batch],
        )
    n = first
    starts = sentence_starts(part.sentences)
    for i in range(0, len(part.sentences), WRITE_BATCH):
        rows = part.sentences[i : i + WRITE_BATCH]
        collections.sentences.upsert(  # (no text: it is its chunk's, from START to END)
            ids=[sentence_id(r.chunk.id, n + j) for j, r in enumerate(rows)],
            embeddings=[r.vector for r in rows],
            metadatas=[
                {
                    "doc_id": r.chunk.doc_id,
                    "version": record.version,
                    "chunk_id": r.chunk.id,
                    START: start,
                    END: start + len(r.text),
                }
                for r, start in zip(rows, starts[i : i + WRITE_BATCH], strict=True)
            ],
        )
        n += len(rows)
    return n


def sentence_rows(part: DocumentPart, first: int) -> list[SentenceRow]:
    """A part's sentences as the sentence index keeps them, numbered from `first` (see write_part)."""
    return [SentenceRow(r.chunk.id, first + j, r.text, r.vector) for j, r in enumerate(part.sentences)]


def sentence_starts(sentences: list[SentenceVector]) -> list[int]:
    """Where each sentence starts in its chunk's text (sentences in order within each chunk, as
    chunk_sentences gives them). Raises ValueError for a sentence its chunk does not hold."""
    cursor: dict[str, int] = {}
    starts = []
    for r in sentences:
        start = r.chunk.text.find(r.text, cursor.get(r.chunk.id, 0))
        if start < 0:
            raise ValueError(f"sentence not in its chunk {r.chunk.id}: {r.text[:40]}")
        starts.append(start)
        cursor[r.chunk.id] = start + len(r.text)
    return starts


def drop_versions(collections: Collections, doc_id: str, keep: str | None) -> None:
    """Delete a document's chunk and sentence rows of every version but `keep` (all when None)."""
    where = {"doc_id": doc_id} if keep is None else {"$and": [{"doc_id": doc_id}, {"version": {"$ne": keep}}]}
    for collection in (collections.chunks, collections.sentences):
        ids = [i for got in pages(collection, where=where, include=[]) for i in got["ids"]]
        for i in range(0, len(ids), WRITE_BATCH):
            collection.delete(ids=ids[i : i + WRITE_BATCH])


def stored_sentences(
    collections: Collections, versions: Mapping[str, str], by_document: int = 10
) -> Iterator[tuple[str, str, list[SentenceRow]]]:
    """The sentence rows of these documents' versions (doc id -> version), a page at a time, as
    (doc id, version, rows); each row numbered as its id numbers it. Up to `by_document` documents
    are read by a filter each; more, in one pass over every row (a filter costs about 0.4 s at
    1,000 reports, a pass 18 s)."""
    include = ["documents", "metadatas", "embeddings"]
    if len(versions) <= by_document:
        queries = [{"$and": [{"doc_id": d}, {"version": v}]} for d, v in versions.items()]
    else:
        queries = [None]
    for where in queries:
        for got in pages(collections.sentences, where=where, include=include):
            kept: dict[tuple[str, str], list[SentenceRow]] = {}
            rows = list(zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True))
            texts = _sentence_texts(collections, [(t, md) for _, t, md, _ in rows])
            for (i, _, md, e), t in zip(rows, texts, strict=True):
                doc_id, version = str(md["doc_id"]), str(md["version"])
                if versions.get(doc_id) == version and t is not None:
                    row = SentenceRow(str(md["chunk_id"]), int(i.rsplit(":", 1)[1]), t, e)
                    kept.setdefault((doc_id, version), []).append(row)
            for (doc_id, version), found in kept.items():
                yield doc_id, version, found


def _sentence_texts(collections: Collections, rows: list[tuple[str | None, dict]]) -> list[str | None]:
    """The texts of sentence rows, as (document, metadata): a row written with its text has it (stores
    written before sentence rows pointed into their chunk); another is cut from its chunk's text
    (None when the chunk is gone: the row is an interrupted write's)."""
    wanted = sorted({str(md["chunk_id"]) for t, md in rows if t is None})
    chunk_text: dict[str, str] = {}
    for k in range(0, len(wanted), WRITE_BATCH):
        got = collections.chunks.get(ids=wanted[k : k + WRITE_BATCH], include=["documents"])
        chunk_text.update(zip(got["ids"], map(str, got["documents"]), strict=True))
    texts: list[str | None] = []
    for t, md in rows:
        if t is not None:
            texts.append(str(t))
        elif (whole := chunk_text.get(str(md["chunk_id"]))) is None:
            texts.append(None)
        else:
            texts.append(whole[int(md[START]) : int(md[END])])
    return texts


def live_chunks(collections: Collections, doc_id: str, version: str) -> list[Chunk]:
    """A document's chunks of this version, in order."""
    where = {"$and": [{"doc_id": doc_id}, {"version": version}]}
    chunks = [
        chunk_from_record(i, t, md)
        for got in pages(collections.chunks, where=where, include=["documents", "metadatas"])
        for i, t, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    ]
    return sorted(chunks, key=lambda c: c.index)


def chunks_by_id(collections: Collections, ids: list[str]) -> list[Chunk]:
    """The stored chunks of these ids (missing ones left out)."""
    if not ids:
        return []
    got = collections.chunks.get(ids=ids, include=["documents", "metadatas"])
    rows = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
    return [chunk_from_record(i, t, md) for i, t, md in rows]


def chunk_matches(collections: Collections, ids: list[str], vector: np.ndarray) -> list[ChunkMatch]:
    """These chunks with their stored vector's cosine similarity to a unit query vector."""
    if not ids:
        return []
    got = collections.chunks.get(ids=ids, include=["documents", "metadatas", "embeddings"])
    out = []
    rows = zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True)
    for i, t, md, e in rows:
        e = np.asarray(e, dtype=np.float32)
        similarity = float(e @ vector / (np.linalg.norm(e) or 1.0))
        out.append(ChunkMatch(chunk_from_record(i, t, md), similarity))
    return out


def update_chunk_metadata(collections: Collections, chunks: list[Chunk], record: DocumentRecord) -> None:
    """Rewrite the citation and filter fields Chroma keeps beside these chunks of the document."""
    for i in range(0, len(chunks), WRITE_BATCH):
        batch = chunks[i : i + WRITE_BATCH]
        collections.chunks.update(
            ids=[c.id for c in batch], metadatas=[chunk_metadata(c, record) for c in batch]
        )
