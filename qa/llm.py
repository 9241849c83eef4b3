"""Answers written by the user's own model through any OpenAI-compatible endpoint.

One call path: search -> messages from prompts/ (sources fenced off as data) -> the chain (chat
model | text) streamed -> the grounding check (qa/grounding.py) in code. `stream()` yields the
model's text as it comes and ends with the checked Answer; `answer()` is the end of `stream()`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from core.errors import UserError
from core.settings import Settings, get_settings
from qa.extractive import searched_reports
from qa.grounding import check
from qa.prompts import render, source
from qa.types import NOT_FOUND, Answer
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters


class LLMError(UserError, RuntimeError):
    """The model endpoint could not be used; the message says what to check."""


def sources_text(result: SearchResult) -> str:
    """The hits as numbered, fenced sources (prompts/source.md)."""
    blocks = []
    for n, h in enumerate(result.hits, 1):
        record = result.documents.get(h.chunk.doc_id)
        meta = record.meta if record else None
        title = meta.title if meta and meta.title else h.chunk.doc_id
        blocks.append(source(n, title, meta.year if meta else None, h.chunk.section, h.chunk.text))
    return "\n".join(blocks)


def messages(question: str, result: SearchResult) -> list[BaseMessage]:
    """The system and user messages for a question over its search result (prompts/answer_*.md)."""
    return [
        SystemMessage(render("answer_system")),
        HumanMessage(render("answer_user", question=question, sources=sources_text(result))),
    ]


def chat_model(settings: Settings | None = None) -> BaseChatModel:
    """The configured OpenAI-compatible chat model (nothing is sent until it is called)."""
    from langchain_openai import ChatOpenAI

    s = settings or get_settings()
    key = s.llm_api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
    return ChatOpenAI(
        base_url=s.llm_base_url,
        model=s.llm_model,
        api_key=key,  # type: ignore[arg-type]
        temperature=s.llm_temperature,
        timeout=s.llm_timeout,
        max_retries=1,
    )


def text_chain(model: BaseChatModel) -> Runnable:
    """messages -> the model's text: the langchain chain every model call goes through."""
    return model | StrOutputParser()


class LLMAnswerer:
    """Answers with the user's model; every figure and citation is checked before it is shown."""

    name = "openai"

    def __init__(self, retriever: HybridRetriever, model: BaseChatModel | None = None, k: int = 5) -> None:
        self.retriever = retriever
        self.model = model or chat_model()
        self.k = k
        self.chain = text_chain(self.model)

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        """The checked answer: the end of `stream()`."""
        *_, final = self.stream(question, filters)
        assert isinstance(final, Answer)
        return final

    def stream(self, question: str, filters: Filters | None = None) -> Iterator[str | Answer]:
        """The model's text piece by piece, then the checked Answer. LLMError when the endpoint fails."""
        result = self.retriever.search(question, k=self.k, filters=filters)
        if not result.hits:
            yield self._not_found(question, result)
            return
        parts: list[str] = []
        try:
            for piece in self.chain.stream(messages(question, result)):
                if piece:
                    parts.append(piece)
                    yield piece
        except Exception as e:  # the client raises many kinds; all mean the endpoint failed
            raise LLMError(_explain(e)) from e
        yield self.finish(question, "".join(parts), result)

    def finish(self, question: str, raw: str, result: SearchResult) -> Answer:
        """The model's whole text through the grounding check; no citation left means not found."""
        checked = check(raw, result.hits, result.documents)
        if not checked.citations:
            answer = self._not_found(question, result)
            answer.warnings = checked.warnings
            return answer
        return Answer(
            question,
            checked.text,
            True,
            self.name,
            checked.citations,
            filter=result.applied(),
            warnings=checked.warnings,
        )

    def _not_found(self, question: str, result: SearchResult) -> Answer:
        searched = searched_reports(self.retriever, result.filters)
        text = f"{NOT_FOUND}与该问题直接相关的内容。已检索：{searched}。"
        return Answer(question, text, False, self.name, [], searched=searched, filter=result.applied())


def invoke_text(model: BaseChatModel, prompt: list[BaseMessage], what: str = "回答") -> str:
    """One whole reply of the model through the same chain (summaries); LLMError when it fails."""
    try:
        return str(text_chain(model).invoke(prompt))
    except Exception as e:  # the client raises many kinds; all mean the endpoint failed
        raise LLMError(_explain(e, what)) from e


def _explain(e: Exception, what: str = "回答") -> str:
    s = get_settings()
    return (
        f"无法从模型服务得到{what}（{type(e).__name__}: {e}）。"
        f"请检查 POLICYQA_LLM_BASE_URL={s.llm_base_url}、POLICYQA_LLM_MODEL={s.llm_model} 和密钥设置，"
        "或改用 --backend extractive"
    )
