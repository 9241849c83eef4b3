"""The knowledge base: documents, chunks and their vectors, the keyword index, and how they are
written safely. Everything that reads the store imports it from here, never from ingest/."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from core.settings import Settings, get_settings
from store.chroma import CHROMA_DIR, StoreError, open_client
from store.embedders import load_embeddings
from store.report_store import ReportStore

__all__ = ["ReportStore", "StoreError", "open_store", "require_store"]


def open_store(
    settings: Settings | None = None, embeddings: Embeddings | None = None, with_embedder: bool = True
) -> ReportStore:
    """The store the settings name (db_dir, and chroma_url for a Chroma server), with the embedder
    they name (or `embeddings`): the one place a store is opened from settings. Without the
    embedder it can be read and deleted from, not written. StoreError or EmbedderError (both
    ValueError/RuntimeError with a Chinese message) when it cannot be opened."""
    settings = settings or get_settings()
    if embeddings is None and with_embedder:
        embeddings = load_embeddings(settings.embedder)
    db = settings.db_dir
    return ReportStore(db, embeddings, open_client(db, settings.chroma_url))


def require_store(settings: Settings | None = None) -> None:
    """StoreError when the settings name a store on disk that is not there (a mistyped --db): the
    commands that only read or delete say so and create nothing; ingesting creates the store."""
    settings = settings or get_settings()
    db = settings.db_dir
    if settings.chroma_url or (db / CHROMA_DIR).is_dir():
        return
    if db.is_file():
        raise StoreError(f"找不到知识库：{db} 是一个文件，不是知识库目录。请用 --db 指定知识库所在的目录。")
    where = "目录中没有知识库" if db.exists() else "目录不存在"
    raise StoreError(
        f"找不到知识库：{db}（{where}）。导入报告时会新建它，例如：python -m ingest data/reports --db {db}"
    )
