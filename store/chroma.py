"""Opening Chroma (embedded on disk, or a Chroma server when a URL is set), reading it a page at a
time, and putting back rows its vector index lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import InternalError

from core.errors import UserError
from core.settings import get_settings
from store.writers import opening

_READ_PAGE = 10_000  # rows per Chroma read
WRITE_BATCH = 2000  # rows per Chroma write (larger batches write faster; 5,000 gained little more)


class StoreError(UserError, RuntimeError):
    """A store that cannot be used as asked; the message says how to fix it."""


CHROMA_DIR = "chroma"  # embedded Chroma's folder inside a store's db_dir


def open_client(db_dir: Path, url: str | None = None) -> Any:
    """The Chroma client of a store: a Chroma server when `url` is given (or POLICYQA_CHROMA_URL is
    set), else Chroma embedded on disk under db_dir. StoreError when db_dir is a file."""
    if db_dir.is_file():
        raise StoreError(f"{db_dir} 是一个文件，不是知识库目录。请用 --db 指定一个目录（不存在时会新建）。")
    db_dir.mkdir(parents=True, exist_ok=True)
    url = get_settings().chroma_url if url is None else url
    settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        # Chroma creates its tables on first open; two processes doing so at once collide ("table
        # collections already exists"), so they take turns (the CI run of 9781a26 hit it).
        with opening(db_dir):
            return chromadb.PersistentClient(path=str(db_dir / CHROMA_DIR), settings=settings)
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"Chroma 服务器地址无效：{url}。应形如 http://127.0.0.1:8000")
    try:
        client = chromadb.HttpClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 8000),
            ssl=parts.scheme == "https",
            settings=settings,
        )
        client.heartbeat()
    except Exception as e:  # the client raises several kinds for an unreachable server
        raise StoreError(
            f"无法连接 Chroma 服务器 {url}（{type(e).__name__}）。请确认它已启动（chroma run --path 目录 "
            "--port 端口），或清空 POLICYQA_CHROMA_URL 改用本机存储"
        ) from e
    client.remote = True  # type: ignore[attr-defined]
    return client


def reopen_embedded(client: Any) -> Any:
    """Make the next open_client() on this client's folder start a new embedded Chroma, which reads
    what other processes wrote (Chroma keeps one per folder and process); the old one is returned,
    for stopping once nothing uses it."""
    from chromadb.api.shared_system_client import SharedSystemClient

    return SharedSystemClient._identifier_to_system.pop(client._identifier, None)


def stop_later(system: Any, seconds: float) -> None:
    """Stop a Chroma system (what reopen_embedded handed back; None: nothing) `seconds` from now,
    when searches that started on it are long done; its vector indexes leave memory then."""
    if system is not None:
        timer = threading.Timer(seconds, system.stop)
        timer.daemon = True
        timer.start()


# Embedded Chroma answers "database is locked" at once, without waiting, when a change to a
# collection's settings meets the write a change just before it set off in the background (opening a
# store made before _REGISTRY_HNSW changes two collections in a row: 1 in 12 failed on a busy machine).
# It is free again within milliseconds; these are the waits before each new try.
_LOCKED_WAITS = (0.05, 0.2, 1.0, 3.0)


def modify_configuration(collection: Any, configuration: dict[str, Any]) -> None:
    """collection.modify(configuration=...), tried again after each of _LOCKED_WAITS (seconds) while
    embedded Chroma reports its database locked; Chroma's InternalError when it still is, or for
    any other fault of the same kind."""
    for wait in (*_LOCKED_WAITS, None):
        try:
            collection.modify(configuration=configuration)
            return
        except InternalError as e:
            if wait is None or "database is locked" not in str(e):
                raise
            time.sleep(wait)


def pages(collection: Any, **query: Any) -> Iterator[dict[str, Any]]:
    """collection.get(**query) a page at a time: one huge document's rows are more than SQLite
    takes in one statement."""
    offset = 0
    while True:
        got = collection.get(limit=_READ_PAGE, offset=offset, **query)
        yield got
        if len(got["ids"]) < _READ_PAGE:
            return
        offset += _READ_PAGE


def restore_unindexed(collection: Any, batch: int, doc_ids: list[str] | None = None) -> int:
    """Rows of `collection` (of these documents, or all) its vector index does not return, deleted
    and added again from their stored text, vector and metadata; how many. All rows of a million
    takes minutes (and HNSW leaves some rows of identical vectors unreachable, which come back
    each time): after a crash only the documents written last are looked at."""
    where = None if doc_ids is None else {"doc_id": {"$in": doc_ids}}
    if doc_ids is not None and not doc_ids:
        return 0
    ids = [i for got in pages(collection, where=where, include=[]) for i in got["ids"]]
    if not ids:
        return 0
    probe = collection.get(ids=ids[:1], include=["embeddings"])["embeddings"][0]
    got = collection.query(query_embeddings=[probe], n_results=len(ids), where=where, include=[])
    indexed = set(got["ids"][0])
    missing = [i for i in ids if i not in indexed]
    for i in range(0, len(missing), batch):
        rows = collection.get(ids=missing[i : i + batch], include=["documents", "metadatas", "embeddings"])
        collection.delete(ids=rows["ids"])
        collection.add(
            ids=rows["ids"],
            documents=rows["documents"],
            metadatas=rows["metadatas"],
            embeddings=rows["embeddings"],
        )
    return len(missing)
