"""The jobs behind one object, for the command line, the app and the benchmarks: ask (by the backend
each caller picks), outline, summarize, compare. `open_qa(settings)` builds it, and with it the
whole chain below: settings -> store -> embedder -> retriever -> answerers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from core.errors import UserError
from core.settings import Settings, get_settings
from qa.compare import Comparer, Comparison
from qa.conversation import rewrite, unfollowed
from qa.extractive import ExtractiveAnswerer
from qa.summarize import Section, Summarizer, Summary, outline
from qa.types import Answer
from retriever import open_retriever
from retriever.hybrid import HybridRetriever
from retriever.query import Filters

BACKENDS = ("extractive", "openai")
MAX_QUESTION_CHARS = 1000  # a longer "question" is a pasted document


class BackendError(UserError, ValueError):
    """A backend choice that cannot be used; the message says which ones can."""


@dataclass(frozen=True)
class Backend:
    """How answers are written: extractive, or a model behind an OpenAI-compatible endpoint.
    `api_key` is a browser session's own key ("" = the environment's): a SecretStr, so it shows
    as ****** in any str, repr or JSON, and it is kept in memory only, never written."""

    name: str = "extractive"
    base_url: str = ""
    model: str = ""
    api_key: SecretStr = field(default=SecretStr(""), repr=False)

    def __post_init__(self) -> None:
        if self.name not in BACKENDS:
            raise BackendError(f"未知的回答方式：{self.name}。可用：{'、'.join(BACKENDS)}")
        if self.name == "openai" and not (self.base_url.startswith(("http://", "https://")) and self.model):
            raise BackendError("使用大模型回答需要填写接口地址（以 http:// 或 https:// 开头）和模型名称")

    @classmethod
    def from_settings(cls, settings: Settings, name: str | None = None) -> Backend:
        """The backend the settings name (or `name`), with their endpoint and model."""
        name = name or settings.backend
        if name not in BACKENDS:
            raise BackendError(f"未知的回答方式：{name}。可用：{'、'.join(BACKENDS)}")
        return cls(name, settings.llm_base_url, settings.llm_model) if name == "openai" else cls()


EXTRACTIVE = Backend()


def checked_question(question: str | None) -> str:
    """The question without surrounding blanks; ValueError (in Chinese) when it is empty or so long
    that it is a pasted document rather than a question."""
    question = (question or "").strip()
    if not question:
        raise ValueError("问题为空，请输入要问的内容")
    if len(question) > MAX_QUESTION_CHARS:
        raise ValueError(
            f"问题过长（{len(question)} 字），请缩短到 {MAX_QUESTION_CHARS} 字以内。"
            "要查一段文字出自哪份报告，请只粘贴其中一两句"
        )
    return question


class PolicyQA:
    """`qa = open_qa()`; `qa.ask("两委交叉任职比例是多少")`. One retriever, the extractive answerer,
    and a model answerer per backend a caller asks for (made once, then kept)."""

    def __init__(
        self,
        retriever: HybridRetriever,
        backend: Backend | str | None = None,
        settings: Settings | None = None,
        model: Any = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.retriever = retriever
        self.store = retriever.store
        self.default = (
            backend if isinstance(backend, Backend) else Backend.from_settings(self.settings, backend)
        )
        self.extractive = ExtractiveAnswerer(retriever)
        self._models: dict[Backend, Any] = {} if model is None else {self.default: model}
        self._answerers: dict[Backend, Any] = {}
        self._lock = threading.Lock()
        if self.default.name == "openai":
            self.answerer(self.default)  # the model client is ready before the first question

    def answerer(self, backend: Backend | None = None) -> Any:
        """The answerer of a backend (default: this object's), made on first use."""
        backend = backend or self.default
        if backend.name == "extractive":
            return self.extractive
        with self._lock:
            if backend not in self._answerers:
                from qa.llm import LLMAnswerer

                self._answerers[backend] = LLMAnswerer(self.retriever, self._model(backend))
            return self._answerers[backend]

    def _model(self, backend: Backend) -> Any:
        if backend not in self._models:
            from qa.llm import chat_model

            update = {"llm_base_url": backend.base_url, "llm_model": backend.model}
            settings = self.settings.model_copy(update=update)
            self._models[backend] = chat_model(settings, backend.api_key.get_secret_value())
        return self._models[backend]

    def ask(
        self,
        question: str,
        history: list[str] | None = None,
        filters: Filters | None = None,
        backend: Backend | None = None,
    ) -> Answer:
        """The checked answer: the end of `stream()`."""
        *_, final = self.stream(question, history, filters, backend)
        assert isinstance(final, Answer)
        return final

    def stream(
        self,
        question: str,
        history: list[str] | None = None,
        filters: Filters | None = None,
        backend: Backend | None = None,
    ) -> Iterator[str | Answer]:
        """Text as the model writes it (model backends), then the checked Answer. A follow-up
        ("那2017年呢？") is read against `history`, the earlier questions as asked."""
        question = checked_question(question)
        if told := unfollowed(question, history or []):
            yield Answer(question, told, False, EXTRACTIVE.name, [])
            return
        asked = rewrite(question, history or [])
        answerer = self.answerer(backend)
        if answerer is self.extractive:
            items: Iterator[str | Answer] = iter([answerer.answer(asked, filters)])
        else:
            items = answerer.stream(asked, filters)
        for item in items:
            if isinstance(item, Answer):
                item.question, item.asked = question, asked
            yield item

    def outline(self, doc_id: str) -> list[Section]:
        """The sections of a stored report; StoreError when there is no such report."""
        return outline(self.store, doc_id)

    def summarize(
        self, doc_id: str, section: str | None = None, sentences: int = 6, backend: Backend | None = None
    ) -> Summary:
        """A report's or a section's summary, every sentence cited (map-reduce with a model backend)."""
        backend = backend or self.default
        model = self._model(backend) if backend.name == "openai" else None
        return Summarizer(self.store, model).summarize(doc_id, section, sentences)

    def compare(self, indicator: str, filters: Filters | None = None) -> Comparison:
        """One indicator across the reports the filters allow, one cited value per report."""
        if not indicator.strip():
            raise ValueError("请给出要比较的指标，例如：GDP增长目标")
        return Comparer(self.retriever).compare(indicator.strip(), filters)


def open_qa(
    settings: Settings | None = None,
    embeddings: Embeddings | None = None,
    with_reranker: bool = True,
) -> PolicyQA:
    """PolicyQA over the configured store: the one place the answering side is built from settings
    (the store and retriever through `store.open_store` and `retriever.open_retriever`)."""
    settings = settings or get_settings()
    return PolicyQA(open_retriever(settings, embeddings, with_reranker), settings=settings)
