"""Opening Chroma: embedded on disk, or a Chroma server when a URL is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
from chromadb.config import Settings as ChromaSettings

from core.settings import get_settings


class StoreError(RuntimeError):
    """A store that cannot be used as asked; the message says how to fix it."""


def open_client(db_dir: Path, url: str | None = None) -> Any:
    """The Chroma client of a store: a Chroma server when `url` is given (or POLICYQA_CHROMA_URL is
    set), else Chroma embedded on disk under db_dir."""
    db_dir.mkdir(parents=True, exist_ok=True)
    url = get_settings().chroma_url if url is None else url
    settings = ChromaSettings(anonymized_telemetry=False)
    if not url:
        return chromadb.PersistentClient(path=str(db_dir / "chroma"), settings=settings)
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
