"""Optional cross-encoder reranking: a sentence-transformers CrossEncoder from a local path.

No reranker ships its weights on PyPI, so none is on by default; a user with one on disk (for
example bge-reranker-v2-m3) sets POLICYQA_RERANKER=/path/to/model.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from core.types import Hit


class RerankerError(RuntimeError):
    """The reranker model cannot be loaded; the message says why, in Chinese."""


class Reranker(Protocol):
    def rerank(self, question: str, hits: list[Hit]) -> list[Hit]: ...


class CrossEncoderReranker:
    """Scores (question, chunk) pairs with a cross-encoder and orders the hits by that score."""

    def __init__(self, path: str | Path, batch_size: int = 16, max_length: int = 512) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        model_dir = Path(path).expanduser()
        if not model_dir.is_dir():
            raise RerankerError(f"找不到重排序模型目录：{model_dir}。请把 POLICYQA_RERANKER 设为本地模型目录")
        from sentence_transformers import CrossEncoder

        try:
            self.model = CrossEncoder(
                str(model_dir), max_length=max_length, device="cpu", local_files_only=True
            )
        except (OSError, ValueError) as e:
            raise RerankerError(f"无法加载重排序模型 {model_dir}：{e}") from e
        self.name = model_dir.name
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def rerank(self, question: str, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        pairs = [(question, "\n".join([*h.chunk.section_path[-1:], h.chunk.text])) for h in hits]
        with self._lock:
            scores = self.model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False)
        rescored = [
            replace(h, score=float(s), sources=(*h.sources, "rerank"))
            for h, s in zip(hits, scores, strict=True)
        ]
        return sorted(rescored, key=lambda h: -h.score)
