"""The BM25 keyword index beside the vector store: persisted in SQLite, updated by ingest, held in
memory by readers and refreshed only when another process changed it, never rebuilt per query.

Each document is one row (its version and its chunks' term counts), so adding, replacing and
deleting a document touch one row, and a reader loads only the rows that changed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.parallel import ordered_map
from core.types import Chunk
from store.records import embedding_text
from store.sqlite_file import write_mark
from text.tokens import TOKENIZER_VERSION, tokenize, tokenize_all

log = logging.getLogger(__name__)

# BM25 parameters (Robertson & Zaragoza 2009); 1.2/0.75 are the customary values.
K1 = 1.2
B = 0.75


class KeywordIndexError(RuntimeError):
    """The index file is unreadable or was built differently; it must be rebuilt from the store."""


@dataclass(frozen=True)
class IndexedChunk:
    """What the keyword index needs of a chunk."""

    chunk_id: str
    tokens: list[str]


class KeywordIndex:
    """BM25 over chunk tokens; one SQLite file, one in-memory copy per process."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._lock = threading.RLock()
        self._mark: tuple[int, int] | None = None  # the file's write mark at the last refresh
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, version TEXT, payload BLOB)"
            )
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute("INSERT OR IGNORE INTO meta VALUES ('tokenizer', ?)", (TOKENIZER_VERSION,))
            self._db.commit()
            (tok,) = self._db.execute("SELECT value FROM meta WHERE key = 'tokenizer'").fetchone()
        except sqlite3.DatabaseError as e:
            raise KeywordIndexError(f"无法读取：{e}") from e
        if tok != TOKENIZER_VERSION:
            raise KeywordIndexError(f"由另一版本的分词规则建立（{tok}）")
        self.damaged: list[str] = []  # documents whose entries could not be read (see refresh)
        self._loaded: dict[str, str] = {}  # doc_id -> version held in memory
        # doc_id -> its term counts as typed arrays, decoded once when it changes (as Counters, the
        # counts of 1,000 reports held 450 MiB of Python objects; as arrays, about 80)
        self._docs: dict[str, _DocTerms] = {}
        self._vocabulary: dict[str, int] = {}  # term -> its number in _DocTerms.terms
        self._arrays: _Arrays | None = None

    def check(self) -> None:
        """Raise KeywordIndexError unless SQLite finds the file whole (a file cut short or with
        damaged pages fails here; a damaged entry is found when read, see refresh)."""
        try:
            with self._lock:
                problems = [r[0] for r in self._db.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError as e:
            raise KeywordIndexError(f"文件已损坏：{e}") from e
        if problems != ["ok"]:
            raise KeywordIndexError(f"文件不完整或已损坏：{'；'.join(problems[:3])}")

    # --- writing (ingest) ------------------------------------------------------------------

    def upsert_document(self, doc_id: str, version: str, chunks: Iterable[IndexedChunk]) -> None:
        """Replace a document's entry with this version's chunks."""
        # Encoded and compressed a chunk at a time: a huge document's entry never sits in memory as text.
        packer = zlib.compressobj()
        parts = [packer.compress(b"[")]
        for n, c in enumerate(chunks):
            entry = json.dumps([c.chunk_id, dict(Counter(c.tokens))], ensure_ascii=False)
            parts.append(packer.compress(f"{',' if n else ''}{entry}".encode()))
        parts += [packer.compress(b"]"), packer.flush()]
        payload = b"".join(parts)
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)", (doc_id, version, payload))

    def delete_document(self, doc_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM docs WHERE doc_id = ?", (doc_id,))

    def versions(self) -> dict[str, str]:
        """doc_id -> version of every document in the file."""
        with self._lock:
            return dict(self._db.execute("SELECT doc_id, version FROM docs"))

    def chunk_ids(self) -> dict[str, list[str]]:
        """doc_id -> the ids of its indexed chunks, as in the file."""
        with self._lock:
            rows = self._db.execute("SELECT doc_id, payload FROM docs").fetchall()
        return {d: [e[0] for e in json.loads(zlib.decompress(p))] for d, p in rows}

    def clear(self) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM docs")
        self._loaded.clear()
        self._docs.clear()
        self._vocabulary.clear()
        self._arrays = None

    # --- reading (retriever) ---------------------------------------------------------------

    def refresh(self) -> bool:
        """Bring the in-memory copy in step with the file; True when anything changed."""
        with self._lock:
            mark = write_mark(self._db)
            if mark == self._mark:  # nothing written since the last look
                return False
            on_disk = self.versions()
            gone = [d for d in self._loaded if d not in on_disk]
            changed = [d for d, v in on_disk.items() if self._loaded.get(d) != v]
            for d in gone:
                self._loaded.pop(d)
                self._docs.pop(d)
            for d in changed:
                row = self._db.execute("SELECT version, payload FROM docs WHERE doc_id = ?", (d,)).fetchone()
                if row is None:
                    continue
                try:
                    terms = _DocTerms.decode(row[1], self._vocabulary)
                except (zlib.error, ValueError, TypeError):
                    # Dropped from the file, so that the store indexes the document again.
                    self._db.execute("DELETE FROM docs WHERE doc_id = ?", (d,))
                    self._db.commit()
                    self.damaged.append(d)
                    continue
                self._docs[d] = terms
                self._loaded[d] = row[0]
            if gone or changed:
                self._arrays = None
            self._mark = mark
            return bool(gone or changed)

    def search(
        self, tokens: list[str], k: int = 20, doc_ids: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """The k best chunks for the query tokens by BM25, as (chunk_id, score), best first."""
        with self._lock:
            arrays = self._arrays or self._build()
        terms = [t for t in dict.fromkeys(tokens) if t in arrays.postings]
        if not terms or not len(arrays.chunk_ids):
            return []
        scores = np.zeros(len(arrays.chunk_ids), dtype=np.float32)
        n = len(arrays.chunk_ids)
        norm = K1 * (1 - B + B * arrays.lengths / arrays.avgdl)
        for t in terms:
            idx, tf = arrays.postings[t]
            idf = np.log(1 + (n - len(idx) + 0.5) / (len(idx) + 0.5))
            scores[idx] += idf * tf * (K1 + 1) / (tf + norm[idx])
        if doc_ids is not None:
            allowed = np.isin(arrays.doc_of, [arrays.doc_index[d] for d in doc_ids if d in arrays.doc_index])
            scores[~allowed] = 0
        top = np.argpartition(-scores, min(k, n - 1))[:k]
        top = top[np.argsort(-scores[top])]
        return [(arrays.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def unknown(self, tokens: list[str]) -> list[str]:
        """The tokens no stored chunk contains."""
        with self._lock:
            arrays = self._arrays or self._build()
        return [t for t in dict.fromkeys(tokens) if t not in arrays.postings]

    def ideal_score(self, tokens: list[str]) -> float:
        """The score of a chunk of average length holding every query token once: what a chunk
        that matches the whole question scores. Tokens the index has never seen count at the
        highest idf, so a question in other words than the reports' has a low best/ideal ratio."""
        with self._lock:
            arrays = self._arrays or self._build()
        n = len(arrays.chunk_ids)
        if not n:
            return 0.0
        total = 0.0
        for t in dict.fromkeys(tokens):
            df = len(arrays.postings[t][0]) if t in arrays.postings else 0
            total += float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return total

    def _build(self) -> _Arrays:
        """Flat arrays for scoring, built once after each change: every document's (term, chunk,
        count) triples joined and grouped by term with one stable sort (each term's chunks stay in
        index order); terms no document holds any more get no postings."""
        docs = list(self._docs.items())
        chunk_ids = [cid for _, t in docs for cid in t.chunk_ids]
        firsts = np.cumsum([0] + [len(t.chunk_ids) for _, t in docs])
        empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0, np.float32)
        terms = np.concatenate([t.terms for _, t in docs] or [empty_i])
        rows = np.concatenate(
            [t.rows + int(first) for (_, t), first in zip(docs, firsts, strict=False)] or [empty_i]
        )
        tfs = np.concatenate([t.tfs for _, t in docs] or [empty_f])
        by_term = np.argsort(terms, kind="stable")
        term_of, row_of, tf_of = terms[by_term], rows[by_term].astype(np.int32), tfs[by_term]
        bounds = np.searchsorted(term_of, np.arange(len(self._vocabulary) + 1))
        lens = np.concatenate([t.lengths for _, t in docs] or [empty_f]).astype(np.float32)
        self._arrays = _Arrays(
            chunk_ids=chunk_ids,
            lengths=lens,
            avgdl=float(lens.mean()) if len(lens) else 1.0,
            doc_of=np.repeat(np.arange(len(docs), dtype=np.int32), [len(t.chunk_ids) for _, t in docs]),
            doc_index={d: i for i, (d, _) in enumerate(docs)},
            postings={
                t: (row_of[bounds[i] : bounds[i + 1]], tf_of[bounds[i] : bounds[i + 1]])
                for t, i in self._vocabulary.items()
                if bounds[i + 1] > bounds[i]
            },
        )
        return self._arrays

    def close(self) -> None:
        self._db.close()


@dataclass
class _Arrays:
    chunk_ids: list[str]
    lengths: np.ndarray
    avgdl: float
    doc_of: np.ndarray
    doc_index: dict[str, int]
    postings: dict[str, tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class _DocTerms:
    """One document's entry as typed arrays: its chunk ids and lengths (tokens), and a (term
    number, chunk row within the document, count) triple for each distinct term of each chunk."""

    chunk_ids: list[str]
    lengths: np.ndarray
    terms: np.ndarray
    rows: np.ndarray
    tfs: np.ndarray

    @classmethod
    def decode(cls, payload: bytes, vocabulary: dict[str, int]) -> _DocTerms:
        """A stored entry decoded; terms not yet in `vocabulary` are added to it. Raises zlib.error,
        ValueError or TypeError for a damaged entry."""
        chunk_ids: list[str] = []
        lengths, terms, rows, tfs = array("i"), array("i"), array("i"), array("f")
        for row, (cid, counts) in enumerate(json.loads(zlib.decompress(payload))):
            chunk_ids.append(str(cid))
            lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                terms.append(vocabulary.setdefault(term, len(vocabulary)))
                rows.append(row)
                tfs.append(tf)

        def typed(a: array, dtype: type) -> np.ndarray:
            return np.frombuffer(a, dtype=dtype).copy() if len(a) else np.zeros(0, dtype)

        return cls(
            chunk_ids,
            typed(lengths, np.int32),
            typed(terms, np.int32),
            typed(rows, np.int32),
            typed(tfs, np.float32),
        )


def keyword_entries(chunks: Sequence[Chunk], pool: Executor | None = None) -> Iterator[IndexedChunk]:
    """What the keyword index keeps of each chunk (its id and tokens), in order; with a pool, the
    chunks are tokenized in its workers (core/parallel.py)."""
    if pool is None:
        return (IndexedChunk(c.id, tokenize(embedding_text(c))) for c in chunks)
    tokens = ordered_map(tokenize_all, [embedding_text(c) for c in chunks], pool)
    return (IndexedChunk(c.id, t) for c, t in zip(chunks, tokens, strict=True))
