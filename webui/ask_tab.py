"""The 问答 tab: a chat that streams its answers (stop and regenerate while it writes), every answer
with its own source cards ([n] in an answer opens its card), filters, example questions, the
conversation exported as Markdown, an answer by year opened in 对比; and the JSON API /ask."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from core.errors import UserError
from qa.llm import LLMError
from qa.service import EXTRACTIVE, Backend, checked_question
from qa.types import Answer
from webui.conversation import NO_SOURCES, Turn, conversation_markdown, sources_panel
from webui.endpoint_notes import NOTICE_TITLE, fallback_warning
from webui.errors import bound, user_errors
from webui.forms import Pickers, filters_from, message_text
from webui.render import backend_line
from webui.service import AppService
from webui.stopping import CLEAR, STOP, Writing, session_of

EXAMPLES = [
    "两委交叉任职比例是多少",
    "2018年城镇新增就业目标是多少",
    "2013年到2018年GDP增长目标分别是多少",
    "村级招待费怎么处理",
    "2016年财政赤字率是多少",
]
FALLBACK_NOTE = "（大模型接口不可用，这条是抽取式回答：直接摘自报告原文。）"
# What was written before 停止 stays, but the check runs on a whole answer: say it did not run.
STOPPED_NOTE = "（已停止生成。以上是停止前写出的部分，其中的数字与引用未经核对。）"
STOPPED_BEFORE = "（已在回答写出之前停止。）"
SEARCHING = "检索中…"  # the answer's place while the reports are searched
WRITING = Writing()  # the answers being written, by browser session (停止 and 新对话 end them)

Chat = list[dict[str, Any]]
Turns = list[dict[str, Any]]


@dataclass
class AskView:
    """What other tabs wire to: the line naming the backend, the 在对比中打开 button and the
    comparison it opens (a CompareRequest as a dict, or None)."""

    note: gr.Markdown
    open_compare: gr.Button
    compare_request: gr.State


@user_errors
def respond(
    service: AppService,
    message: str,
    history: Chat,
    turns: Turns,
    doc_ids: list[str],
    issuer: str,
    year_from: Any,
    year_to: Any,
    backend: Backend,
    request: gr.Request | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The chat after a question: the question, then the answer as it is written, then the checked
    answer with its [n] as links, its source cards, the export and the 在对比中打开 button.
    An unreachable model falls back to the extractive answer, marked in the chat."""
    message = checked_question(message)  # empty, or a pasted document: say so before anything shows
    if not service.documents():
        raise UserError("知识库是空的。请先在“知识库”页上传报告")
    filters = filters_from(doc_ids, issuer, year_from, year_to)
    asked_before = [message_text(m) for m in history if m.get("role") == "user"]
    history = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": SEARCHING}]
    skip = (gr.skip(),) * 5
    answer: Answer | None = None
    written, note = "", ""
    with WRITING.answer(session_of(request)) as writing:
        yield history, *skip, ""
        try:
            for item in service.qa.stream(message, asked_before, filters, backend):
                if isinstance(item, Answer):
                    answer = item
                else:
                    written += item
                    history[-1] = {"role": "assistant", "content": written}
                    if writing.ending is not None:  # 停止 or 新对话 (webui/stopping.py)
                        yield (*_empty(), "") if writing.ending == CLEAR else (marked(history), *skip, "")
                        return
                    yield history, *skip, ""
        except LLMError as e:
            gr.Warning(fallback_warning(e, backend), title=NOTICE_TITLE)
            answer, note = service.qa.ask(message, asked_before, filters, EXTRACTIVE), FALLBACK_NOTE
    assert answer is not None
    # numbered as the chat's questions (an answer stopped before its end has no turn of its own)
    turn = Turn.of(len(asked_before) + 1, answer, service.context, note)
    turns = [*turns, asdict(turn)]
    history[-1] = {"role": "assistant", "content": turn.chat_markdown()}
    yield (
        history,
        sources_panel(turns),
        turns,
        export_file(turns),
        gr.update(visible=turn.compare is not None),
        turn.compare,
        "",
    )


@user_errors
def regenerate(
    service: AppService,
    history: Chat,
    turns: Turns,
    doc_ids: list[str],
    issuer: str,
    year_from: Any,
    year_to: Any,
    backend: Backend,
    request: gr.Request | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The last question asked again: its answer (or what was written of it) replaced."""
    asked = [i for i, m in enumerate(history) if m.get("role") == "user"]
    if not asked:
        raise UserError("还没有可以重新生成的回答：请先提一个问题")
    question = message_text(history[asked[-1]])
    if turns and turns[-1]["question"] == question and len(turns) == len(asked):
        turns = turns[:-1]
    yield from respond(
        service, question, history[: asked[-1]], turns, doc_ids, issuer, year_from, year_to, backend, request
    )


def stopped(history: Chat, request: gr.Request | None = None) -> Chat:
    """The chat when the user stops an answer being written: what was written stays, marked (once
    the answer has ended itself so: see webui/stopping.py)."""
    WRITING.end(session_of(request), STOP)
    return marked(history)


def marked(history: Chat) -> Chat:
    """The chat with its last answer marked as stopped before its end."""
    if history and history[-1].get("role") == "assistant":
        text = message_text(history[-1])
        if text == SEARCHING:  # nothing written yet: no text to mark as the answer's
            history = [*history[:-1], {"role": "assistant", "content": STOPPED_BEFORE}]
        elif STOPPED_NOTE not in text and text != STOPPED_BEFORE:
            history = [*history[:-1], {"role": "assistant", "content": f"{text}\n\n{STOPPED_NOTE}"}]
    return history


def export_file(turns: Turns) -> Any:
    """The download button holding the conversation as a Markdown file."""
    folder = Path(tempfile.mkdtemp(prefix="policyqa-chat-"))
    path = folder / "对话记录.md"
    path.write_text(conversation_markdown(turns), encoding="utf-8")
    return gr.update(value=str(path), interactive=True)


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


def busy() -> tuple[Any, ...]:
    """While an answer is written: 停止 shows, 发送 and 重新生成 wait, and so does the question box
    (Enter in it would send a second question beside the first)."""
    return gr.update(visible=False), gr.update(visible=True), *(gr.update(interactive=False),) * 2


def idle() -> tuple[Any, ...]:
    return gr.update(visible=True), gr.update(visible=False), *(gr.update(interactive=True),) * 2


def ask_tab(service: AppService, pickers: Pickers, backend: gr.State) -> AskView:
    """The tab's layout and wiring (inside gr.Tabs)."""
    with gr.Tab("问答", id="ask"), gr.Row():  # every component inside the Tab: gr.Tabs holds only gr.Tab
        turns = gr.State([])
        request = gr.State(None)
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(
                show_label=False, height=460, elem_id="pq-chat", buttons=["copy"], placeholder=_WELCOME
            )
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    placeholder="输入问题，例如：两委交叉任职比例是多少",
                    show_label=False,
                    scale=6,
                    min_width=240,
                    elem_id="pq-question",
                    submit_btn=False,
                )
                send = gr.Button("发送", variant="primary", scale=1, min_width=70, elem_id="pq-send")
                stop = gr.Button(
                    "停止", variant="stop", scale=1, min_width=70, visible=False, elem_id="pq-stop"
                )
            with gr.Row():
                again = gr.Button("重新生成", size="sm", elem_id="pq-regenerate")
                clear = gr.Button("新对话", size="sm", elem_id="pq-clear")
                export = gr.DownloadButton(
                    "导出对话（Markdown）", value=None, interactive=False, size="sm", elem_id="pq-export"
                )
                open_compare = gr.Button("在对比中打开", size="sm", visible=False, elem_id="pq-open-compare")
            gr.Examples(EXAMPLES, inputs=question, label="示例问题（点击填入）")
            note = gr.Markdown(backend_line(service.qa.default.name), elem_id="pq-backend")
        with gr.Column(scale=2):
            filters = [*_filters(pickers), backend]
            sources = gr.HTML(NO_SOURCES, elem_id="pq-sources")

    outputs = [chatbot, sources, turns, export, open_compare, request, question]
    toggles = [send, stop, again, question]
    events = [
        _answering(
            service, send.click, respond, [question, chatbot, turns, *filters], outputs, toggles, "chat"
        ),
        _answering(service, question.submit, respond, [question, chatbot, turns, *filters], outputs, toggles),
        _answering(service, again.click, regenerate, [chatbot, turns, *filters], outputs, toggles),
    ]
    stop.click(stopped, chatbot, chatbot, cancels=events, api_visibility="private").then(
        idle, None, toggles, queue=False, api_visibility="private"
    )
    # (no idle after it: an answer 新对话 ends comes back to idle itself, and an idle that came late
    # hid 停止 of the question sent right after 新对话)
    clear.click(cleared, None, outputs[:-1], cancels=events, api_visibility="private")
    return AskView(note, open_compare, request)


def _filters(pickers: Pickers) -> list[Any]:
    """The 筛选 fold: reports, issuer, year range (an empty year box is no filter)."""
    with gr.Accordion("筛选", open=False):
        docs = pickers.report(
            multiselect=True, label="报告", value=[], info="不选则检索全部报告", elem_id="pq-f-docs"
        )
        issuer = pickers.issuer()
        with gr.Row():
            year_from = gr.Number(
                label="起始年份", precision=0, value=None, placeholder="不限", elem_id="pq-from"
            )
            year_to = gr.Number(
                label="结束年份", precision=0, value=None, placeholder="不限", elem_id="pq-to"
            )
    return [docs, issuer, year_from, year_to]


def _answering(
    service: AppService, trigger: Any, handler: Any, inputs: list, outputs: list, toggles: list, api: str = ""
) -> Any:
    """`trigger` wired to the handler that answers, with 停止 shown while it writes; returns the
    answering event (what 停止 cancels). `api`: its public API name, if any."""
    named = {"api_name": api} if api else {"api_visibility": "private"}
    started = trigger(busy, None, toggles, queue=False, api_visibility="private")
    answered = started.then(bound(handler, service), inputs, outputs, **named)
    answered.then(idle, None, toggles, queue=False, api_visibility="private")
    answered.failure(idle, None, toggles, queue=False, api_visibility="private")  # .then skips a failure
    return answered


def cleared(request: gr.Request | None = None) -> tuple[Any, ...]:
    """A new conversation: no messages, no sources, nothing to export or open in 对比 (an answer
    being written ends first, the same way)."""
    WRITING.end(session_of(request), CLEAR)
    return _empty()


def _empty() -> tuple[Any, ...]:
    return [], NO_SOURCES, [], gr.update(value=None, interactive=False), gr.update(visible=False), None


_WELCOME = (
    "**向已收录的报告提问。** 例如“两委交叉任职比例是多少”“2013年到2018年GDP增长目标分别是多少”。"
    "每条回答都附有出处：点回答中的 [n] 查看它引用的原文。"
)
