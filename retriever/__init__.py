"""Questions into ranked evidence: hybrid dense + keyword search over the store, with filters."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from core.settings import Settings, get_settings
from retriever.hybrid import HybridRetriever
from retriever.rerank import CrossEncoderReranker
from store import open_store

__all__ = ["HybridRetriever", "open_retriever"]


def open_retriever(
    settings: Settings | None = None, embeddings: Embeddings | None = None, with_reranker: bool = True
) -> HybridRetriever:
    """The retriever over the store the settings name (`store.open_store`), with the reranker they
    name when `with_reranker`: the one place a retriever is built from settings. Models load here,
    once, never per query."""
    settings = settings or get_settings()
    store = open_store(settings, embeddings)
    use = with_reranker and settings.reranker
    return HybridRetriever(store, reranker=CrossEncoderReranker(settings.reranker) if use else None)
