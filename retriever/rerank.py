"""Optional cross-encoder reranking: a sentence-transformers CrossEncoder from a local path.

No reranker ships its weights on PyPI, so none is on by default; a user with one on disk (for
example bge-reranker-v2-m3) sets POLICYQA_RERANKER=/path/to/model.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from core.errors import UserError
from core.types import Hit


class RerankerError(UserError, RuntimeError):
    """The reranker model cannot be loaded; the message says why, in Chinese."""


class Reranker(Protocol):
    def rerank(self, question: str, hits: list[Hit], passages: dict[str, str] | None = None) -> list[Hit]: ...


def passage(question: str, hit: Hit, best: str | None, max_chars: int = 200) -> str:
    """What the cross-encoder reads for a chunk: its heading and its sentence that best matches the
    question (from dense search, else the one sharing most characters with it), not the whole
    chunk: a cross-encoder's cost grows with the text, and the answer is one sentence."""
    if best is None:
        sentences = [s for s in re.split(r"(?<=[。！？；])", hit.chunk.text) if s.strip()] or [hit.chunk.text]
        wanted = set(question)
        best = max(sentences, key=lambda s: len(wanted & set(s)))
    heading = hit.chunk.section_path[-1] if hit.chunk.section_path else ""
    return "\n".join(x for x in (heading[:60], best.strip()[:max_chars]) if x)


class CrossEncoderReranker:
    """Scores (question, passage) pairs with a cross-encoder and orders the hits by that score."""

    def __init__(self, path: str | Path, batch_size: int = 32, max_length: int = 256) -> None:
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

    def rerank(self, question: str, hits: list[Hit], passages: dict[str, str] | None = None) -> list[Hit]:
        if not hits:
            return hits
        best = passages or {}
        pairs = [(question, passage(question, h, best.get(h.chunk.id))) for h in hits]
        with self._lock:
            scores = self.model.predict(pairs, batch_size=self.batch_size, show_progress_bar=False)
        rescored = [
            replace(h, score=float(s), sources=(*h.sources, "rerank"))
            for h, s in zip(hits, scores, strict=True)
        ]
        return sorted(rescored, key=lambda h: -h.score)
