"""The sentence vectors that searches read: a copy of the store's sentence rows in one SQLite file
beside it (like the keyword index), searched without Chroma's vector index.

Chroma keeps every sentence vector in an HNSW graph that it loads whole, in memory, on the first
read of the collection: 962 MiB of a 1,771 MiB process at 1,000 reports (bench.memory). Here a
process holds only a sign code of each sentence, and the search is two-stage: the CANDIDATES rows
of least Hamming distance to the question's code, then their exact cosine with the float32 vectors
read from the file by id. Where the allowed rows are no more than CANDIDATES, every one is scored
exactly. The code is random-hyperplane hashing (Charikar 2002, "Similarity estimation techniques
from rounding algorithms"): the signs of the vector less the mean vector (every e5 vector shares a
large common part), on the model's own axes and on a random rotation of them, so 768 bits for 384
dimensions: 96 bytes a sentence against Chroma's 1,676.

Measured by bench.sentence_search on the 1,000-report benchmark store (476,271 sentences, the 167
dev and held-out questions; docs/scale.md). Of the exact 10 nearest sentences, the 4,800 nearest by
Hamming distance held 0.96 with 384 bits (the model's axes alone); with 768 bits, the 2,400 nearest
held 0.95-0.99 and the 3,600 nearest 0.976-0.988 over three random rotations (Chroma's HNSW: 0.60).

Chroma stays the source: a document's rows here are written with it and taken from Chroma again
when this file lacks its version, is damaged or is new (store/keyword_sync.py).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from store.records import SentenceMatch, StoredSentence
from store.sqlite_file import connect, write_mark

SENTENCES_FILE = "sentences.sqlite"
CANDIDATES = 3600  # rows scored exactly per search (see the recall figures above)
_ROTATION_SEED = 20021  # the random rotation's; codes live in memory only, so any fixed seed serves
CENTER_SAMPLE = 20_000  # rows the mean vector is taken from
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, version TEXT)",
    "CREATE TABLE IF NOT EXISTS sentences (id INTEGER PRIMARY KEY, doc_id TEXT, version TEXT, "
    "n INTEGER, chunk_id TEXT, text TEXT, vector BLOB)",
    "CREATE INDEX IF NOT EXISTS sentences_doc ON sentences (doc_id, version)",
    "CREATE INDEX IF NOT EXISTS sentences_chunk ON sentences (chunk_id)",
)
_FORMAT = 1  # the file's layout (SQLite's user_version)
_IDS = "SELECT value FROM json_each(?)"  # a list of ids as one parameter


@dataclass(frozen=True)
class SentenceRow:
    """A sentence as the index stores it: its chunk's id, its number in the document, its text and
    its vector (any length)."""

    chunk_id: str
    n: int
    text: str
    vector: list[float] | np.ndarray


@dataclass
class _Rows:
    """A document's rows held in memory: their ids in the file, and their codes once fitted."""

    ids: np.ndarray  # int64 (k,)
    codes: np.ndarray | None  # uint64 (words, k): its own, or a view into the store-wide array


class SentenceIndex:
    """The sentence rows of the committed documents, one SQLite file; per process, their codes."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = connect(self.path)
        self._lock = threading.RLock()
        (form,) = self._db.execute("PRAGMA user_version").fetchone()
        if form != _FORMAT:  # another layout of this file: emptied, and filled again from the store
            self._db.execute("DROP TABLE IF EXISTS docs")
            self._db.execute("DROP TABLE IF EXISTS sentences")
            self._db.execute(f"PRAGMA user_version = {_FORMAT}")
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._db.commit()
        self._loaded: dict[str, str] = {}  # doc_id -> version held in memory
        self._docs: dict[str, _Rows] = {}
        self._center: np.ndarray | None = None  # the mean vector, fitted once there are enough rows
        self._rotation: np.ndarray | None = None  # (dims, dims), orthonormal
        self._all: tuple[list[str], np.ndarray, np.ndarray, np.ndarray | None] | None = None
        self._mark: tuple[int, int] | None = None  # the file's write mark at the last refresh

    # --- writing ---------------------------------------------------------------------------

    def add(self, doc_id: str, version: str, rows: Iterable[SentenceRow]) -> None:
        """Write rows of a document's version, not yet seen by readers (see `commit`)."""
        with self._lock, self._db:
            self._db.executemany(
                "INSERT INTO sentences (doc_id, version, n, chunk_id, text, vector) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, version, r.n, r.chunk_id, r.text, _blob(r.vector)) for r in rows],
            )

    def commit(self, doc_id: str, version: str) -> None:
        """Make a document's rows of `version` the ones searched, and drop its other versions'."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentences WHERE doc_id = ? AND version != ?", (doc_id, version))
            self._db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?)", (doc_id, version))

    def drop_versions(self, doc_id: str, keep: str | None) -> None:
        """Drop a document's rows of every version but `keep` (all when None)."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentences WHERE doc_id = ? AND version IS NOT ?", (doc_id, keep))

    def discard(self, doc_id: str, version: str) -> None:
        """Drop a document's rows of this version (those an interrupted write left)."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentences WHERE doc_id = ? AND version = ?", (doc_id, version))

    def upsert_document(self, doc_id: str, version: str, rows: Iterable[SentenceRow]) -> None:
        """Replace a document's rows with those of this version."""
        with self._lock, self._db:
            self.discard(doc_id, version)
            self.add(doc_id, version, rows)
            self.commit(doc_id, version)

    def delete_document(self, doc_id: str) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM docs WHERE doc_id = ?", (doc_id,))

    def versions(self) -> dict[str, str]:
        """doc_id -> version of every committed document in the file."""
        with self._lock:
            return dict(self._db.execute("SELECT doc_id, version FROM docs"))

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Bring the in-memory codes in step with the file; True when anything changed."""
        with self._lock:
            mark = write_mark(self._db)
            if mark == self._mark:  # nothing written since the last look
                return False
            on_disk = self.versions()
            changed = [d for d, v in on_disk.items() if self._loaded.get(d) != v]
            gone = [d for d in self._loaded if d not in on_disk]
            if changed and self._center is None and self._rows_on_disk() > CANDIDATES:
                self._center = self._fit_center()  # codes are needed from now: every document's
                changed = list(on_disk)
            for d in gone:
                self._loaded.pop(d)
                self._docs.pop(d)
            for d in changed:
                self._docs[d] = self._read_rows(d, on_disk[d])
                self._loaded[d] = on_disk[d]
            if changed or gone:
                self._all = None
            self._mark = mark
            return bool(changed or gone)

    def search(
        self, vector: np.ndarray, n: int, live: Mapping[str, str], allowed: set[str] | None = None
    ) -> list[SentenceMatch]:
        """The n sentences nearest a unit query vector (dims,), of the live versions (`live`: doc
        id -> version) of the allowed documents (None: all), nearest first, with their cosine
        similarity. Documents this process has not loaded (see refresh) are not searched."""
        with self._lock:
            names, ids, doc_of_row, codes = self._arrays()
            wanted = np.array(
                [live.get(d) == self._loaded[d] and (allowed is None or d in allowed) for d in names],
                dtype=bool,
            )
            rows = np.flatnonzero(wanted[doc_of_row])
            if len(rows) > CANDIDATES and codes is not None:
                rows = rows[np.argpartition(self._distances(codes, rows, vector), CANDIDATES)[:CANDIDATES]]
            candidates = np.sort(ids[rows])  # (read in the file's order)
            found = self._db.execute(
                f"SELECT id, vector FROM sentences WHERE id IN ({_IDS})", (json.dumps(candidates.tolist()),)
            ).fetchall()
            if not found:
                return []
            matrix = np.frombuffer(b"".join(v for _, v in found), dtype=np.float32).reshape(len(found), -1)
            similarity = matrix @ vector
            best = np.argsort(-similarity, kind="stable")[:n]
            chosen = [found[i][0] for i in best]
            texts = dict(
                (i, (c, t))
                for i, c, t in self._db.execute(
                    f"SELECT id, chunk_id, text FROM sentences WHERE id IN ({_IDS})", (json.dumps(chosen),)
                )
            )
        # (a row another process dropped in between is left out)
        return [
            SentenceMatch(*texts[r], float(similarity[i]))
            for r, i in zip(chosen, best, strict=True)
            if r in texts
        ]

    def _distances(self, codes: np.ndarray, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """Hamming distances (uint16) of these rows' codes (`codes`: words × rows, uint64) to the
        vector's code: word by word over every row's contiguous column, then those of `rows` taken
        (5x faster than row by row, and than gathering the rows first)."""
        distance = np.zeros(codes.shape[1], dtype=np.uint16)
        for word, q in zip(codes, self._code(vector), strict=True):
            distance += np.bitwise_count(word ^ q)
        return distance if len(rows) == codes.shape[1] else distance[rows]

    def of_chunks(self, chunk_ids: list[str]) -> list[StoredSentence]:
        """The stored sentences of these chunks with their vectors, in their documents' order."""
        if not chunk_ids:
            return []
        with self._lock:
            found = self._db.execute(
                f"SELECT chunk_id, text, vector FROM sentences WHERE chunk_id IN ({_IDS}) ORDER BY doc_id, n",
                (json.dumps(chunk_ids),),
            ).fetchall()
        return [StoredSentence(c, t, np.frombuffer(v, dtype=np.float32).tolist()) for c, t, v in found]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # --- the codes -------------------------------------------------------------------------

    def _read_rows(self, doc_id: str, version: str) -> _Rows:
        """A document's rows: their ids, and their codes once the mean vector is fitted."""
        what = "id" if self._center is None else "id, vector"
        got = self._db.execute(
            f"SELECT {what} FROM sentences WHERE doc_id = ? AND version = ? ORDER BY id", (doc_id, version)
        ).fetchall()
        ids = np.array([r[0] for r in got], dtype=np.int64)
        if self._center is None or not got:
            return _Rows(ids, None)
        vectors = np.stack([np.frombuffer(v, dtype=np.float32) for _, v in got])
        return _Rows(ids, self._codes(vectors).view(np.uint64).T)

    def _arrays(self) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray | None]:
        """Every loaded row: the documents' names, each row's id and document number, and the rows'
        codes as 64-bit words, one array per word (words × rows; None until the mean is fitted)."""
        if self._all is None:
            names = list(self._docs)
            parts = [self._docs[d] for d in names]
            ids = np.concatenate([r.ids for r in parts]) if parts else np.zeros(0, dtype=np.int64)
            doc_of_row = np.repeat(np.arange(len(parts), dtype=np.int32), [len(r.ids) for r in parts])
            codes = None
            held = [r.codes for r in parts if r.codes is not None]
            if self._center is not None and held:
                codes = np.empty((held[0].shape[0], sum(c.shape[1] for c in held)), dtype=np.uint64)
                np.concatenate(held, axis=1, out=codes)  # each word's row contiguous (C order)
                start = 0  # each document's codes become a view of the new array (held once)
                for r in parts:
                    if r.codes is not None:
                        r.codes = codes[:, start : start + len(r.ids)]
                        start += len(r.ids)
            self._all = (names, ids, doc_of_row, codes)
        return self._all

    def _rows_on_disk(self) -> int:
        """How many rows the file holds (uncommitted ones too: an estimate, read from its largest id)."""
        (top,) = self._db.execute("SELECT max(id) FROM sentences").fetchone()
        return int(top or 0)

    def _fit_center(self) -> np.ndarray:
        """The mean of up to CENTER_SAMPLE committed rows, spread evenly over the file."""
        step = max(1, self._rows_on_disk() // CENTER_SAMPLE)
        got = (
            self._db.execute(
                "SELECT s.vector FROM sentences s JOIN docs d "
                "ON d.doc_id = s.doc_id AND d.version = s.version WHERE s.id % ? = 0",
                (step,),
            ).fetchall()
            or self._db.execute(f"SELECT vector FROM sentences LIMIT {CENTER_SAMPLE}").fetchall()
        )
        return np.stack([np.frombuffer(v, dtype=np.float32) for (v,) in got]).mean(axis=0)

    def _codes(self, vectors: np.ndarray) -> np.ndarray:
        """(k, dims) vectors -> (k, 2 dims / 8) uint8 sign codes about the mean, on the model's axes
        and on the rotated ones; padded to a multiple of 64 bits to be read as 64-bit words."""
        assert self._center is not None
        centered = vectors - self._center
        if self._rotation is None or len(self._rotation) != centered.shape[1]:
            normal = np.random.default_rng(_ROTATION_SEED).normal(size=(centered.shape[1],) * 2)
            self._rotation = np.linalg.qr(normal)[0].astype(np.float32)
        signs = np.concatenate([centered, centered @ self._rotation], axis=1) > 0
        pad = (-signs.shape[1]) % 64
        return np.packbits(np.pad(signs, ((0, 0), (0, pad))), axis=1)

    def _code(self, vector: np.ndarray) -> np.ndarray:
        return self._codes(np.asarray(vector, dtype=np.float32)[None, :]).view(np.uint64)[0]


def _blob(vector: list[float] | np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()
