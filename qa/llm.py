"""Answers written by the user's own model through any OpenAI-compatible endpoint.

The chain: retriever -> prompt (prompts/answer_*.md, sources fenced off as data) -> chat model ->
text; then the grounding check (qa/grounding.py) in code. `stream()` yields the model's text as it
comes and ends with the checked Answer, which is what a user is finally shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from core.settings import REPO_ROOT, Settings, get_settings
from core.types import Hit
from qa.extractive import searched_reports
from qa.grounding import check
from qa.types import NOT_FOUND, Answer
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters
from store.records import DocumentRecord

PROMPTS = REPO_ROOT / "prompts"


class LLMError(RuntimeError):
    """The model endpoint could not be used; the message says what to check."""


@lru_cache(maxsize=8)
def prompt(name: str) -> str:
    return (PROMPTS / f"{name}.md").read_text(encoding="utf-8")


def fence(text: str) -> str:
    """Source text as data: the fence markers cannot be closed from inside a report."""
    return (
        text.replace("<<<", "‹‹‹")
        .replace(">>>", "›››")
        .replace("</资料>", "</ 资料>")
        .replace("<资料>", "< 资料>")
    )


def source_block(n: int, hit: Hit, record: DocumentRecord | None) -> str:
    meta = record.meta if record else None
    return prompt("source").format(
        n=n,
        title=(meta.title if meta and meta.title else hit.chunk.doc_id),
        year=f"{meta.year}年" if meta and meta.year else "",
        section=hit.chunk.section,
        text=fence(hit.chunk.text),
    )


def messages(question: str, result: SearchResult) -> list[BaseMessage]:
    return [
        SystemMessage(prompt("answer_system")),
        HumanMessage(prompt("answer_user").format(question=question, sources=sources_text(result))),
    ]


def answer_chain(retriever: HybridRetriever, model: BaseChatModel, k: int = 5) -> Runnable:
    """The langchain chain: {"question", "filters"} -> retriever -> prompt (prompts/) -> model ->
    {"question", "filters", "result": SearchResult, "raw": the model's text}. The grounding check
    (`LLMAnswerer.finish`) turns "raw" into the Answer shown."""
    template = ChatPromptTemplate.from_messages(
        [("system", prompt("answer_system")), ("human", prompt("answer_user"))], template_format="f-string"
    )

    def search(x: dict[str, Any]) -> SearchResult:
        return retriever.search(x["question"], k=k, filters=x.get("filters"))

    def fill(x: dict[str, Any]) -> dict[str, str]:
        return {"question": x["question"], "sources": sources_text(x["result"])}

    return RunnablePassthrough.assign(result=RunnableLambda(search)).assign(
        raw=RunnableLambda(fill) | template | model | StrOutputParser()
    )


def sources_text(result: SearchResult) -> str:
    return "\n".join(
        source_block(n, h, result.documents.get(h.chunk.doc_id)) for n, h in enumerate(result.hits, 1)
    )


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


class LLMAnswerer:
    """Answers with the user's model; every figure and citation is checked before it is shown."""

    name = "openai"

    def __init__(self, retriever: HybridRetriever, model: BaseChatModel | None = None, k: int = 5) -> None:
        self.retriever = retriever
        self.model = model or chat_model()
        self.k = k
        self.chain = answer_chain(retriever, self.model, k)

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        """One request through the chain, one checked answer (no streaming)."""
        if not self.retriever.documents:
            return self._not_found(question, self.retriever.search(question, k=self.k, filters=filters))
        try:
            out = self.chain.invoke({"question": question, "filters": filters})
        except Exception as e:  # the client raises many kinds; all mean the endpoint failed
            raise LLMError(_explain(e)) from e
        return self.finish(question, out["raw"], out["result"])

    def stream(self, question: str, filters: Filters | None = None) -> Iterator[str | Answer]:
        """The model's text piece by piece, then the checked Answer."""
        result = self.retriever.search(question, k=self.k, filters=filters)
        if not result.hits:
            yield self._not_found(question, result)
            return
        parts: list[str] = []
        try:
            for chunk in self.model.stream(messages(question, result)):
                piece = _text(chunk.content)
                if piece:
                    parts.append(piece)
                    yield piece
        except Exception as e:  # the client raises many kinds; all mean the endpoint failed
            raise LLMError(_explain(e)) from e
        yield self.finish(question, "".join(parts), result)

    def finish(self, question: str, raw: str, result: SearchResult) -> Answer:
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


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def _explain(e: Exception) -> str:
    s = get_settings()
    return (
        f"无法从模型服务得到回答（{type(e).__name__}: {e}）。请检查 POLICYQA_LLM_BASE_URL={s.llm_base_url}、"
        f"POLICYQA_LLM_MODEL={s.llm_model} 和密钥设置，或改用 --backend extractive"
    )
