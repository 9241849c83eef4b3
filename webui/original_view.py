"""打开原文 in the page: a card's link puts its citation (JSON) in a hidden box and clicks a hidden
button (see PAGE_SCRIPT in webui/blocks.py); the handler here shows the report at the quoted passage
in an overlay, the page image of a PDF with the passage marked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import gradio as gr

from core.errors import UserError
from qa.types import Citation
from webui.errors import bound, user_errors
from webui.service import AppService
from webui.source_view import source_view_html

SCROLL_TO_PASSAGE = """() => { setTimeout(() => {
  const page = document.querySelector('#pq-original figure.pq-page');
  const mark = page || document.querySelector('#pq-original #pq-passage');
  if (mark) mark.scrollIntoView({block: page ? 'start' : 'center'});
}, 100); }"""


@dataclass
class OriginalView:
    target: gr.Textbox
    go: gr.Button


@user_errors
def open_original(service: AppService, target: str) -> tuple[Any, str]:
    """The overlay shown, holding the report text (or page image) at the citation in `target`."""
    try:
        citation = Citation(**json.loads(target))
    except (ValueError, TypeError):
        raise UserError("无法打开这条出处：引用信息不完整。请重新提问后再试") from None
    return gr.update(visible=True), source_view_html(service, citation)


def original_view(service: AppService) -> OriginalView:
    """The overlay and its hidden trigger (inside the Blocks, outside the tabs)."""
    target = gr.Textbox(elem_id="pq-open-target", elem_classes=["pq-hidden"], show_label=False)
    go = gr.Button("打开", elem_id="pq-open-go", elem_classes=["pq-hidden"])
    with gr.Column(visible=False, elem_id="pq-original") as overlay:
        with gr.Row(elem_id="pq-original-bar"):
            gr.Markdown("### 原文", elem_id="pq-original-title")
            close = gr.Button("关闭原文", size="sm", scale=0, min_width=90, elem_id="pq-original-close")
        text = gr.HTML(elem_id="pq-original-text")
    go.click(bound(open_original, service), target, [overlay, text], api_visibility="private").then(
        None, None, None, js=SCROLL_TO_PASSAGE
    )
    close.click(lambda: gr.update(visible=False), None, overlay, api_visibility="private")
    return OriginalView(target, go)
