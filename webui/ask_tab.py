"""The 问答 tab: a chat that streams its answers, the source card of every [n] beside it, filters,
example questions; and the JSON API /ask."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from qa.llm import LLMError
from qa.service import EXTRACTIVE, Backend, checked_question
from qa.types import Answer
from webui.errors import bound, user_errors
from webui.forms import Pickers, filters_from, message_text
from webui.render import backend_line, chat_text, sources_html
from webui.service import AppService

EXAMPLES = [
    "两委交叉任职比例是多少",
    "2016年GDP增长目标是多少",
    "那2017年呢？",
    "村级招待费怎么处理",
    "2018年城镇新增就业目标是多少",
]
NO_SOURCES = '<div class="pq-sources pq-empty">提问后，这里列出每个 [n] 的出处。</div>'

Chat = list[dict[str, Any]]


@user_errors
def respond(
    service: AppService,
    message: str,
    history: Chat,
    doc_ids: list[str],
    issuer: str,
    year_from: Any,
    year_to: Any,
    backend: Backend,
) -> Iterator[tuple[Chat, str, str]]:
    """The chat after a question: the question, then the answer as it is written, then the checked
    answer with its source cards. An unreachable model falls back to the extractive answer."""
    message = checked_question(message)  # empty, or a pasted document: say so before anything shows
    if not service.documents():
        raise gr.Error("知识库是空的。请先在“知识库”页上传报告")
    filters = filters_from(doc_ids, issuer, year_from, year_to)
    asked_before = [message_text(m) for m in history if m.get("role") == "user"]
    history = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": "检索中…"}]
    yield history, gr.skip(), ""
    answer: Answer | None = None
    written = ""
    try:
        for item in service.qa.stream(message, asked_before, filters, backend):
            if isinstance(item, Answer):
                answer = item
            else:
                written += item
                history[-1] = {"role": "assistant", "content": written}
                yield history, gr.skip(), ""
    except LLMError as e:
        gr.Warning(f"大模型接口不可用：{e}。本次改用抽取式回答。")
        answer = service.qa.ask(message, asked_before, filters, EXTRACTIVE)
    assert answer is not None
    model = backend.model if answer.backend == "openai" else None
    history[-1] = {"role": "assistant", "content": chat_text(answer, model)}
    yield history, sources_html(answer.citations, answer.answer, service.context), ""


def ask_api(service: AppService) -> Any:
    """The /ask endpoint: gr.api reads its inputs from the handler's own type hints, so the service
    is closed over rather than bound."""

    @user_errors
    def ask(
        question: str,
        doc_ids: list[str] | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
    ) -> dict[str, Any]:
        """One question, the JSON answer of `python -m qa ask --json` (extractive backend)."""
        filters = filters_from(doc_ids, None, year_from, year_to)
        return service.qa.ask(question, [], filters, EXTRACTIVE).to_dict()

    return ask


def ask_tab(service: AppService, pickers: Pickers, backend: gr.State) -> gr.Markdown:
    """The tab's layout and wiring (inside gr.Tabs); returns the line that says which backend answers."""
    with gr.Tab("问答", id="ask"), gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="对话", height=460, elem_id="pq-chat", buttons=["copy"])
            with gr.Row():
                question = gr.Textbox(
                    placeholder="输入问题，例如：两委交叉任职比例是多少",
                    show_label=False,
                    scale=5,
                    elem_id="pq-question",
                    submit_btn=False,
                )
                send = gr.Button("发送", variant="primary", scale=1, elem_id="pq-send")
                clear = gr.Button("新对话", scale=1)
            gr.Examples(EXAMPLES, inputs=question, label="示例问题（点击填入）")
            note = gr.Markdown(backend_line(service.qa.default.name), elem_id="pq-backend")
        with gr.Column(scale=2):
            with gr.Accordion("筛选", open=False):
                f_docs = pickers.report(multiselect=True, label="报告", value=[])
                f_issuer = pickers.issuer()
                with gr.Row():
                    f_from = gr.Number(label="起始年份", precision=0, value=None)
                    f_to = gr.Number(label="结束年份", precision=0, value=None)
            sources = gr.HTML(NO_SOURCES, elem_id="pq-sources")

    inputs = [question, chatbot, f_docs, f_issuer, f_from, f_to, backend]
    outputs = [chatbot, sources, question]
    send.click(bound(respond, service), inputs, outputs, api_name="chat")
    question.submit(bound(respond, service), inputs, outputs, api_visibility="private")
    clear.click(lambda: ([], NO_SOURCES), None, [chatbot, sources], api_visibility="private")
    gr.api(ask_api(service), api_name="ask")
    return note
