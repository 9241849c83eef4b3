"""Answers written by the user's own model through any OpenAI-compatible endpoint.

One call path: search -> messages from prompts/ (sources fenced off as data, then the figures the
facts read off them for the question, then the question) -> the model's text streamed (text_stream)
-> the grounding check (qa/grounding.py) in code. `stream()` yields the model's text as it comes
and ends with the checked Answer; `answer()` is the end of `stream()`. When the model declines, or
nothing it wrote survives the check, but the facts answer the question, the extractive answer is
shown, marked as such.
"""

from __future__ import annotations

from collections.abc import Iterator

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable

from core.errors import UserError
from core.settings import Settings, get_settings
from facts.extract import facts_of_chunk
from facts.match import MIN_SCORE, indicator_score
from qa.endpoint import Failure, bearer_key, failure_of
from qa.extractive import ExtractiveAnswerer
from qa.fact_answers import FactAnswerer
from qa.grounding import check
from qa.prompts import render, source
from qa.types import NOT_FOUND, Answer, searched_reports
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters

FALLBACK_NOTE = "（模型没有给出有出处的回答；以下是从报告原文中直接读出的答案，未经模型。）"


class LLMError(UserError, RuntimeError):
    """The model endpoint could not be used. The message is the command line's (what to set, or
    --backend extractive); `base_url`, `model` and `failure` say which endpoint failed and why, for
    the app to tell in its own terms."""

    def __init__(self, message: str, base_url: str = "", model: str = "", failure: Failure | None = None):
        super().__init__(message)
        self.base_url, self.model = base_url, model
        self.failure = failure or Failure("other")


def sources_text(result: SearchResult) -> str:
    """The hits as numbered, fenced sources (prompts/source.md)."""
    blocks = []
    for n, h in enumerate(result.hits, 1):
        record = result.documents.get(h.chunk.doc_id)
        meta = record.meta if record else None
        title = meta.title if meta and meta.title else h.chunk.doc_id
        blocks.append(source(n, title, meta.year if meta else None, h.chunk.section, h.chunk.text))
    return "\n".join(blocks)


def facts_text(question: str, result: SearchResult, facts: FactAnswerer | None = None) -> str:
    """The figures of the given sources that the question's indicators name, as prompts/answer_facts.md
    lists them ("[2] 2018年 赤字率：2.6%（目标，全国）"); "" when there are none."""
    if facts is None:
        return ""
    lines = []
    for query in facts.queries(question):
        for n, hit in enumerate(result.hits, 1):
            record = result.documents.get(hit.chunk.doc_id)
            if record is None:
                continue
            place = record.meta.place or ""
            for f in facts_of_chunk(hit.chunk, record.meta, place):
                if any(indicator_score(i, f.indicator) >= MIN_SCORE for i in query.indicators):
                    what = "，".join(x for x in (f.kind_label(), f.place) if x)
                    lines.append(f"[{n}] {f.period_label()} {f.indicator}：{f.text}（{what}）")
    lines = list(dict.fromkeys(lines))[:12]
    return render("answer_facts", lines="\n".join(lines)) + "\n" if lines else ""


def messages(question: str, result: SearchResult, facts: FactAnswerer | None = None) -> list[BaseMessage]:
    """The system and user messages for a question over its search result (prompts/answer_*.md):
    the sources first, the figures read off them, then the question."""
    user = render(
        "answer_user",
        question=question,
        sources=sources_text(result),
        facts=facts_text(question, result, facts),
    )
    return [SystemMessage(render("answer_system")), HumanMessage(user)]


def chat_model(settings: Settings | None = None, api_key: str = "") -> BaseChatModel:
    """The configured OpenAI-compatible chat model (nothing is sent until it is called); `api_key`
    (a browser session's) is sent as the bearer instead of the environment's key."""
    from langchain_openai import ChatOpenAI

    s = settings or get_settings()
    return ChatOpenAI(
        base_url=s.llm_base_url,
        model=s.llm_model,
        api_key=bearer_key(api_key, s),  # type: ignore[arg-type]
        temperature=s.llm_temperature,
        # "max_tokens" as every OpenAI-compatible server reads it (Ollama, vLLM, llama.cpp, DeepSeek):
        # langchain would send only OpenAI's newer max_completion_tokens
        extra_body={"max_tokens": s.llm_max_tokens},
        timeout=s.llm_timeout,
        max_retries=1,
    )


def text_chain(model: BaseChatModel) -> Runnable:
    """messages -> the model's text: the langchain chain of a model call answered whole."""
    return model | StrOutputParser()


def text_stream(model: BaseChatModel, prompt: list[BaseMessage]) -> Iterator[str]:
    """The model's text for `prompt`, a piece at a time as the endpoint streams it. Closing the
    iterator (停止 in the app) closes the HTTP stream at once, so the endpoint stops generating.
    Not text_chain(model).stream(): when a chain's stream is closed, langchain-core (1.8) reads the
    rest of the model's stream for its tracing before it returns, so the model wrote on (and the
    closing thread waited) until the whole answer was written."""
    for chunk in model.stream(prompt):
        yield chunk.text


class LLMAnswerer:
    """Answers with the user's model; every figure and citation is checked before it is shown."""

    name = "openai"

    def __init__(self, retriever: HybridRetriever, model: BaseChatModel | None = None, k: int = 5) -> None:
        self.retriever = retriever
        self.model = model or chat_model()
        self.k = k
        self.extractive = ExtractiveAnswerer(retriever)
        self.facts = self.extractive.facts

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
            for piece in text_stream(self.model, messages(question, result, self.facts)):
                if piece:
                    parts.append(piece)
                    yield piece
        except Exception as e:  # the client raises many kinds; all mean the endpoint failed
            raise llm_error(e, self.model) from e
        yield self.finish(question, "".join(parts), result, filters)

    def finish(self, question: str, raw: str, result: SearchResult, filters: Filters | None = None) -> Answer:
        """The model's whole text through the grounding check. No citation left (a decline, bare
        marks, every claim dropped) means not found, unless the extractive answerer (facts first,
        then the report's sentence) answers: then its answer, marked as not the model's."""
        checked = check(raw, result.hits, result.documents)
        if not checked.citations:
            from_facts = self.extractive.answer(question, filters)
            if from_facts.found:
                from_facts.answer = f"{FALLBACK_NOTE}\n{from_facts.answer}"
                from_facts.backend = self.name
                from_facts.warnings = [*checked.warnings, FALLBACK_NOTE]
                from_facts.filter = result.applied()
                return from_facts
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
        searched = searched_reports(self.retriever.documents, result.filters)
        text = f"{NOT_FOUND}与该问题直接相关的内容。已检索：{searched}。"
        return Answer(question, text, False, self.name, [], searched=searched, filter=result.applied())


def invoke_text(model: BaseChatModel, prompt: list[BaseMessage], what: str = "回答") -> str:
    """One whole reply of the model through the same chain (summaries); LLMError when it fails."""
    try:
        return str(text_chain(model).invoke(prompt))
    except Exception as e:  # the client raises many kinds; all mean the endpoint failed
        raise llm_error(e, model, what) from e


def llm_error(e: Exception, model: BaseChatModel, what: str = "回答") -> LLMError:
    """The LLMError of a failed call to `model`: the endpoint and model it was made for (not the
    settings', which a browser session may have changed), why, and the command line's advice."""
    s = get_settings()
    base_url = str(getattr(model, "openai_api_base", None) or s.llm_base_url)
    name = str(getattr(model, "model_name", None) or s.llm_model)
    failure = failure_of(e, name)
    message = (
        f"无法从模型服务得到{what}：{failure.reason(base_url, name)}。"
        f"请检查 POLICYQA_LLM_BASE_URL={base_url}、POLICYQA_LLM_MODEL={name} 和密钥设置"
        "（POLICYQA_LLM_API_KEY），或改用 --backend extractive"
    )
    return LLMError(message, base_url, name, failure)
