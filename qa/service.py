"""The three jobs behind one object, for the command line and the app: ask, summarize, compare."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.settings import get_settings
from qa.compare import Comparer, Comparison
from qa.conversation import rewrite
from qa.extractive import ExtractiveAnswerer
from qa.summarize import Section, Summarizer, Summary, outline
from qa.types import Answer
from retriever.hybrid import HybridRetriever, open_retriever
from retriever.query import Filters

BACKENDS = ("extractive", "openai")
MAX_QUESTION_CHARS = 1000  # a longer "question" is a pasted document


class BackendError(ValueError):
    pass


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
    """`qa = PolicyQA(open_retriever())`; `qa.ask("两委交叉任职比例是多少")`."""

    def __init__(self, retriever: HybridRetriever, backend: str | None = None, model: Any = None) -> None:
        backend = backend or get_settings().backend
        if backend not in BACKENDS:
            raise BackendError(f"未知的回答方式：{backend}。可用：{'、'.join(BACKENDS)}")
        self.retriever = retriever
        self.backend = backend
        self.extractive = ExtractiveAnswerer(retriever)
        self.llm = None
        if backend == "openai":
            from qa.llm import LLMAnswerer, chat_model

            self.llm = LLMAnswerer(retriever, model or chat_model())

    def ask(self, question: str, history: list[str] | None = None, filters: Filters | None = None) -> Answer:
        question = checked_question(question)
        asked = rewrite(question, history or [])
        answer = (self.llm or self.extractive).answer(asked, filters)
        answer.question, answer.asked = question, asked
        return answer

    def stream(
        self, question: str, history: list[str] | None = None, filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        """Text as the model writes it (LLM backend), then the checked Answer."""
        question = checked_question(question)
        asked = rewrite(question, history or [])
        if self.llm is None:
            answer = self.extractive.answer(asked, filters)
            answer.question, answer.asked = question, asked
            yield answer
            return
        for item in self.llm.stream(asked, filters):
            if isinstance(item, Answer):
                item.question, item.asked = question, asked
            yield item

    def outline(self, doc_id: str) -> list[Section]:
        return outline(self.retriever.store, doc_id)

    def summarize(self, doc_id: str, section: str | None = None, sentences: int = 6) -> Summary:
        model = self.llm.model if self.llm else None
        return Summarizer(self.retriever.store, model).summarize(doc_id, section, sentences)

    def compare(self, indicator: str, filters: Filters | None = None) -> Comparison:
        if not indicator.strip():
            raise ValueError("请给出要比较的指标，例如：GDP增长目标")
        return Comparer(self.retriever).compare(indicator.strip(), filters)


def open_qa(db_dir: Path | None = None, backend: str | None = None) -> PolicyQA:
    return PolicyQA(open_retriever(db_dir), backend)
