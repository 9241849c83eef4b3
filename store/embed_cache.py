"""Vectors by content hash, so that no text is embedded twice: per store, shared by every ingest."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from store.embedders import embedder_name


class EmbeddingCache:
    """Vectors by (model, sha1 of text) in a SQLite file, shared by every ingest of a store."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key BLOB, vec BLOB, PRIMARY KEY (model, key))"
        )
        self._lock = threading.Lock()

    @staticmethod
    def _key(text: str) -> bytes:
        return hashlib.sha1(text.encode("utf-8")).digest()

    def get_many(self, model: str, texts: list[str]) -> list[np.ndarray | None]:
        keys = [self._key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                batch = keys[i : i + 500]
                marks = ",".join("?" * len(batch))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE model = ? AND key IN ({marks})", [model, *batch]
                )
                found.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
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


def embed_with_cache(
    embeddings: Embeddings,
    cache: EmbeddingCache | None,
    texts: list[str],
    batch: int = 32,
    on_progress: Callable[[int], None] | None = None,
) -> list[list[float]]:
    """Vectors for `texts`, embedding only those the cache does not hold; progress counts characters."""
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
    for b in range(0, len(missing), batch):
        idx = missing[b : b + batch]
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
