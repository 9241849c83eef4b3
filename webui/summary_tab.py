"""The 摘要 tab: a report's outline, and the summary of the whole or of a section, every sentence cited."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from core.errors import UserError
from qa.llm import LLMError
from qa.service import EXTRACTIVE, Backend
from qa.types import Citation
from webui.conversation import source_line
from webui.endpoint_notes import NOTICE_TITLE, fallback_warning
from webui.errors import bound, user_errors
from webui.forms import Pickers
from webui.render import backend_line, outline_markdown, sources_html, summary_markdown, warnings_text
from webui.service import AppService

WHOLE = "（全文）"
NO_OUTLINE = "选择报告后显示目录。"


@user_errors
def show_outline(service: AppService, doc_id: str | None) -> tuple[str, Any]:
    """The outline of the chosen report, and its sections as the choices of the section picker."""
    if not doc_id:
        return NO_OUTLINE, gr.update(choices=[WHOLE], value=WHOLE)
    service.document(doc_id)
    sections = service.qa.outline(doc_id)
    # in the report's order, each sub-section indented under its part (two parts may both have a （一）)
    choices = [("\u3000" * (s.level - 1) + s.heading, s.heading) for s in sections]
    return outline_markdown(sections), gr.update(choices=[(WHOLE, WHOLE), *choices], value=WHOLE)


@user_errors
def summarize(
    service: AppService, doc_id: str | None, section: str | None, n: float, backend: Backend
) -> tuple[str, str, Any]:
    """The summary, its source cards and its export; an unreachable model falls back to the
    extractive summary."""
    if not doc_id:
        raise UserError("请先选择一篇报告")
    service.document(doc_id)
    wanted = None if section in (None, "", WHOLE) else section
    try:
        summary = service.qa.summarize(doc_id, wanted, int(n), backend)
    except LLMError as e:
        gr.Warning(fallback_warning(e, backend, "摘要"), title=NOTICE_TITLE)
        summary = service.qa.summarize(doc_id, wanted, int(n), EXTRACTIVE)
    text = summary_markdown(summary.summary, summary.title or doc_id, summary.section)
    if summary.warnings:
        text += "\n\n核对：" + warnings_text(summary.warnings)
    model = backend.model if summary.backend == "openai" else None
    export = _export(text, summary.citations, summary.section or "全文")
    text += "\n\n" + backend_line(summary.backend, model)
    return text, sources_html(summary.citations, "", service.context), export


def _export(text: str, citations: list[Citation], part: str) -> Any:
    """The download button holding the summary and its numbered sources as a Markdown file."""
    lines = [text, "", "来源：", "", *[f"- {source_line(c)}" for c in citations]]
    name = re.sub(r"[\\/:*?\"<>|\s]+", "_", part)[:30]
    path = Path(tempfile.mkdtemp(prefix="policyqa-summary-")) / f"摘要_{name}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gr.update(value=str(path), interactive=True)


def summary_tab(service: AppService, pickers: Pickers, backend: gr.State) -> None:
    """The tab's layout and wiring (inside gr.Tabs)."""
    with gr.Tab("摘要", id="summary"), gr.Row():
        with gr.Column(scale=2):
            doc = pickers.report(label="报告", value=None, elem_id="pq-s-doc", info="请选择一篇报告")
            section = gr.Dropdown(
                [WHOLE],
                elem_id="pq-section",
                label="章节",
                value=WHOLE,
                allow_custom_value=True,
                info="可选章节，也可输入“第六部分”或标题中的词",
            )
            length = gr.Slider(2, 15, value=6, step=1, label="摘要长度（句）")
            with gr.Row():
                go = gr.Button("生成摘要", variant="primary", elem_id="pq-s-go")
                export = gr.DownloadButton(
                    "导出摘要（Markdown）", value=None, interactive=False, elem_id="pq-s-export"
                )
            outline = gr.Markdown(NO_OUTLINE, elem_id="pq-outline")
        with gr.Column(scale=3):
            out = gr.Markdown(elem_id="pq-summary")
            cards = gr.HTML(elem_id="pq-summary-cards")
    doc.change(bound(show_outline, service), doc, [outline, section], api_visibility="private")
    go.click(
        bound(summarize, service), [doc, section, length, backend], [out, cards, export], api_name="summarize"
    )
