"""The Gradio app: 问答, 摘要, 对比 and 设置 tabs over one AppService, with 知识库 (webui/library.py).

Handlers turn the service's answers into components; a problem the user can fix is raised as
gr.Error (or shown as gr.Warning) with what to do, never as a traceback.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from qa.llm import LLMError
from qa.service import checked_question
from qa.types import Answer
from store import StoreError
from webui.forms import Pickers, filters_from, message_text
from webui.library import library_tab
from webui.render import (
    COMPARE_HEADERS,
    backend_line,
    chat_text,
    comparison_csv,
    comparison_points,
    comparison_rows,
    outline_markdown,
    sources_html,
    summary_markdown,
)
from webui.service import AppService, Backend

EXAMPLES = [
    "两委交叉任职比例是多少",
    "2016年GDP增长目标是多少",
    "那2017年呢？",
    "村级招待费怎么处理",
    "2018年城镇新增就业目标是多少",
]
COMPARE_EXAMPLES = ["GDP增长目标", "城镇新增就业", "居民消费价格涨幅", "财政赤字率"]
WHOLE = "（全文）"

CSS = """
.pq-sources { font-size: 0.95em; }
.pq-title { font-weight: 600; margin-bottom: 6px; }
.pq-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
             margin-bottom: 8px; background: var(--background-fill-secondary); }
.pq-n { font-weight: 700; color: var(--color-accent); }
.pq-where { color: var(--body-text-color-subdued); font-size: 0.9em; }
.pq-quote { margin-top: 4px; line-height: 1.6; }
.pq-source mark { background: #ffe58f; color: inherit; padding: 0 2px; border-radius: 3px; }
.pq-context summary { cursor: pointer; color: var(--color-accent); margin-top: 4px; }
.pq-context p { line-height: 1.7; margin: 6px 0 0 0; }
"""


# --- the app ---------------------------------------------------------------------------------


def build_app(service: AppService) -> gr.Blocks:
    """The whole UI over one service; `app.launch(**launch_options(settings))` serves it."""
    settings = service.settings

    pickers = Pickers(service)

    with gr.Blocks(title="政策报告问答 policy-qa", fill_width=True) as app:
        backend_state = gr.State(service.default_backend)
        gr.Markdown(
            "## 政策报告问答\n"
            "对已收录的政府工作报告、工作汇报等提问、摘要和跨年对比。每条回答都附有可核对的原文出处；"
            "报告中没有的内容会直说没有找到。"
        )

        with gr.Tabs():
            # ---- 问答 ---------------------------------------------------------------------------
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
                    backend_note = gr.Markdown(
                        backend_line(service.default_backend.name), elem_id="pq-backend"
                    )
                with gr.Column(scale=2):
                    with gr.Accordion("筛选", open=False):
                        f_docs = pickers.report(multiselect=True, label="报告", value=[])
                        f_issuer = pickers.issuer()
                        with gr.Row():
                            f_from = gr.Number(label="起始年份", precision=0, value=None)
                            f_to = gr.Number(label="结束年份", precision=0, value=None)
                    sources = gr.HTML(
                        '<div class="pq-sources pq-empty">提问后，这里列出每个 [n] 的出处。</div>',
                        elem_id="pq-sources",
                    )

            def respond(
                message: str,
                history: list[dict[str, Any]],
                doc_ids: list[str],
                issuer: str,
                year_from: Any,
                year_to: Any,
                backend: Backend,
            ) -> Iterator[tuple[list[dict[str, Any]], str, str]]:
                try:
                    message = checked_question(message)
                except ValueError as e:  # empty, or a pasted document: say so before anything shows
                    raise gr.Error(str(e)) from None
                if not service.documents():
                    raise gr.Error("知识库是空的。请先在“知识库”页上传报告")
                filters = filters_from(doc_ids, issuer, year_from, year_to)
                asked_before = [message_text(m) for m in history if m.get("role") == "user"]
                history = [
                    *history,
                    {"role": "user", "content": message},
                    {"role": "assistant", "content": "检索中…"},
                ]
                yield history, gr.skip(), ""
                answer: Answer | None = None
                written = ""
                try:
                    for item in service.ask(message, asked_before, filters, backend):
                        if isinstance(item, Answer):
                            answer = item
                        else:
                            written += item
                            history[-1] = {"role": "assistant", "content": written}
                            yield history, gr.skip(), ""
                except LLMError as e:
                    gr.Warning(f"大模型接口不可用：{e}。本次改用抽取式回答。")
                    answer = service.ask_extractive(message, asked_before, filters)
                except ValueError as e:
                    raise gr.Error(str(e)) from None
                assert answer is not None
                model = backend.model if answer.backend == "openai" else None
                history[-1] = {"role": "assistant", "content": chat_text(answer, model)}
                yield history, sources_html(answer.citations, answer.answer, service.context), ""

            chat_inputs = [question, chatbot, f_docs, f_issuer, f_from, f_to, backend_state]
            chat_outputs = [chatbot, sources, question]
            send.click(respond, chat_inputs, chat_outputs, api_name="chat")
            question.submit(respond, chat_inputs, chat_outputs, api_visibility="private")
            clear.click(
                lambda: ([], '<div class="pq-sources pq-empty">提问后，这里列出每个 [n] 的出处。</div>'),
                None,
                [chatbot, sources],
                api_visibility="private",
            )

            def ask_json(
                question: str,
                doc_ids: list[str] | None = None,
                year_from: int | None = None,
                year_to: int | None = None,
            ) -> dict[str, Any]:
                """One question, the JSON answer of `python -m qa ask --json` (extractive backend)."""
                filters = filters_from(doc_ids, None, year_from, year_to)
                try:
                    return service.ask_extractive(question, [], filters).to_dict()
                except ValueError as e:
                    raise gr.Error(str(e)) from None

            # ---- 摘要 ---------------------------------------------------------------------------
            with gr.Tab("摘要", id="summary"), gr.Row():
                with gr.Column(scale=2):
                    s_doc = pickers.report(label="报告", value=None, elem_id="pq-s-doc")
                    s_section = gr.Dropdown(
                        [WHOLE],
                        elem_id="pq-section",
                        label="章节",
                        value=WHOLE,
                        allow_custom_value=True,
                        info="可选章节，也可输入“第六部分”或标题中的词",
                    )
                    s_len = gr.Slider(2, 15, value=6, step=1, label="摘要长度（句）")
                    s_go = gr.Button("生成摘要", variant="primary", elem_id="pq-s-go")
                    s_outline = gr.Markdown("选择报告后显示目录。", elem_id="pq-outline")
                with gr.Column(scale=3):
                    s_out = gr.Markdown(elem_id="pq-summary")
                    s_sources = gr.HTML()

            def show_outline(doc_id: str | None) -> tuple[str, Any]:
                if not doc_id:
                    return "选择报告后显示目录。", gr.update(choices=[WHOLE], value=WHOLE)
                try:
                    sections = service.outline(doc_id)
                except StoreError as e:
                    raise gr.Error(str(e)) from None
                headings = [s.heading for s in sections if s.level == 1] + [
                    s.heading for s in sections if s.level > 1
                ]
                return outline_markdown(sections), gr.update(choices=[WHOLE, *headings], value=WHOLE)

            def summarize(
                doc_id: str | None, section: str | None, n: float, backend: Backend
            ) -> tuple[str, str]:
                if not doc_id:
                    raise gr.Error("请先选择一篇报告")
                wanted = None if section in (None, "", WHOLE) else section
                try:
                    summary = service.summarize(doc_id, wanted, int(n), backend)
                except LLMError as e:
                    gr.Warning(f"大模型接口不可用：{e}。本次改用抽取式摘要。")
                    summary = service.summarize(doc_id, wanted, int(n), Backend())
                except (StoreError, ValueError) as e:
                    raise gr.Error(str(e)) from None
                text = summary_markdown(summary.summary, summary.title or doc_id, summary.section)
                text += "\n\n" + backend_line(
                    summary.backend, backend.model if summary.backend == "openai" else None
                )
                return text, sources_html(summary.citations, "", service.context)

            s_doc.change(show_outline, s_doc, [s_outline, s_section], api_visibility="private")
            s_go.click(
                summarize, [s_doc, s_section, s_len, backend_state], [s_out, s_sources], api_name="summarize"
            )

            # ---- 对比 ---------------------------------------------------------------------------
            with gr.Tab("对比", id="compare"):
                with gr.Row():
                    c_indicator = gr.Textbox(
                        label="指标", placeholder="例如：GDP增长目标", scale=3, elem_id="pq-c-ind"
                    )
                    c_issuer = pickers.issuer(scale=2)
                    c_from = gr.Number(
                        label="起始年份", precision=0, value=None, scale=1, elem_id="pq-c-from"
                    )
                    c_to = gr.Number(label="结束年份", precision=0, value=None, scale=1, elem_id="pq-c-to")
                c_docs = pickers.report(multiselect=True, label="或指定报告", value=[])
                gr.Examples(COMPARE_EXAMPLES, inputs=c_indicator, label="示例指标")
                with gr.Row():
                    c_go = gr.Button("对比", variant="primary", elem_id="pq-c-go")
                    c_csv = gr.DownloadButton("导出 CSV", value=None, interactive=False, elem_id="pq-c-csv")
                c_table = gr.Dataframe(
                    headers=COMPARE_HEADERS,
                    interactive=False,
                    wrap=True,
                    elem_id="pq-c-table",
                    column_widths=["7%", "18%", "10%", "6%", "44%", "15%"],
                )
                c_plot = gr.LinePlot(
                    x="年份", y="数值", color="系列", label="按年份", elem_id="pq-c-plot", height=320
                )

            def compare(
                indicator: str, issuer: str, year_from: Any, year_to: Any, doc_ids: list[str]
            ) -> tuple:
                filters = filters_from(doc_ids, issuer, year_from, year_to)
                try:
                    comparison = service.compare(indicator or "", filters)
                except ValueError as e:
                    raise gr.Error(str(e)) from None
                if not comparison.rows:
                    raise gr.Error("没有符合筛选条件的报告。请放宽年份范围或发布机关")
                folder = Path(tempfile.mkdtemp(prefix="policyqa-compare-"))
                path = folder / f"对比_{indicator.strip()[:20]}.csv"
                path.write_text(comparison_csv(comparison), encoding="utf-8-sig")
                table = pd.DataFrame(comparison_rows(comparison), columns=COMPARE_HEADERS)
                points = pd.DataFrame(comparison_points(comparison), columns=["年份", "数值", "系列"])
                return table, points, gr.update(value=str(path), interactive=True)

            c_go.click(
                compare,
                [c_indicator, c_issuer, c_from, c_to, c_docs],
                [c_table, c_plot, c_csv],
                api_name="compare",
            )

            refreshed, lists = library_tab(service, pickers)

            # ---- 设置 ---------------------------------------------------------------------------
            with gr.Tab("设置", id="settings"):
                d = service.default_backend
                b_name = gr.Radio(
                    [("抽取式（无需大模型，默认）", "extractive"), ("大模型（OpenAI 兼容接口）", "openai")],
                    value=d.name,
                    label="回答方式",
                    elem_id="pq-backend-choice",
                )
                with gr.Row():
                    b_url = gr.Textbox(
                        value=settings.llm_base_url,
                        label="接口地址",
                        elem_id="pq-llm-url",
                        info="Ollama: http://127.0.0.1:11434/v1；vLLM、llama.cpp、DeepSeek、通义千问均可",
                    )
                    b_model = gr.Textbox(value=settings.llm_model, label="模型名称", elem_id="pq-llm-model")
                gr.Markdown(
                    "API 密钥从环境变量 POLICYQA_LLM_API_KEY 或 OPENAI_API_KEY 读取，不在页面上显示。"
                )
                b_apply = gr.Button("应用", variant="primary", elem_id="pq-apply")
                b_note = gr.Markdown(backend_line(d.name), elem_id="pq-backend-note")
                gr.Markdown(
                    f"知识库目录：`{settings.db_dir}` · 嵌入模型：`{settings.embedder}` · 重排序模型："
                    f"`{settings.reranker or '未启用'}` · 上传上限：{settings.upload_max_mb} MB · "
                    f"同时回答：{settings.concurrency} 个问题"
                )

            def apply(name: str, url: str, model: str) -> tuple:
                try:
                    backend = Backend(name, url.strip(), model.strip()) if name == "openai" else Backend()
                except ValueError as e:
                    raise gr.Error(str(e)) from None
                line = backend_line(backend.name, backend.model or None)
                if backend.name == "openai":
                    line += f"\n\n接口：{backend.base_url}。只对本浏览器会话生效。"
                return backend, line, backend_line(backend.name, backend.model or None)

            b_apply.click(
                apply,
                [b_name, b_url, b_model],
                [backend_state, b_note, backend_note],
                api_visibility="private",
            )

        gr.api(ask_json, api_name="ask")
        app.load(refreshed, None, lists, api_visibility="private")
    return app


def launch_options(settings: Any) -> dict[str, Any]:
    """launch() arguments from settings: loopback by default, optional login, upload limit."""
    auth = None
    if settings.auth.strip():
        pairs = [p.split(":", 1) for p in settings.auth.split(",") if p.strip()]
        if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
            raise ValueError("POLICYQA_AUTH 格式应为 用户名:密码，多个用逗号分隔")
        auth = [(u.strip(), pw) for u, pw in pairs]
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": auth,
        "auth_message": "请输入 policy-qa 的用户名和密码" if auth else None,
        "max_file_size": f"{settings.upload_max_mb}mb",
        "css": CSS,
        "theme": gr.themes.Soft(),
        "footer_links": ["api"],
    }
