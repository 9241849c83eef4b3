"""The Gradio app: one tab module each (webui/*_tab.py) over one AppService; this module only lays
the tabs out and wires what they share (the backend chosen in 设置, the report pickers)."""

from __future__ import annotations

from typing import Any

import gradio as gr

from webui.ask_tab import ask_tab
from webui.compare_tab import compare_tab
from webui.forms import Pickers
from webui.library_tab import library_tab
from webui.service import AppService
from webui.settings_tab import settings_tab
from webui.summary_tab import summary_tab

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


def build_app(service: AppService) -> gr.Blocks:
    """The whole UI over one service; `app.launch(**launch_options(settings))` serves it."""
    pickers = Pickers(service)
    with gr.Blocks(title="政策报告问答 policy-qa", fill_width=True) as app:
        backend = gr.State(service.qa.default)
        gr.Markdown(
            "## 政策报告问答\n"
            "对已收录的政府工作报告、工作汇报等提问、摘要和跨年对比。每条回答都附有可核对的原文出处；"
            "报告中没有的内容会直说没有找到。"
        )
        with gr.Tabs():
            chat_note = ask_tab(service, pickers, backend)
            summary_tab(service, pickers, backend)
            compare_tab(service, pickers)
            lists = library_tab(service, pickers)
            settings_tab(service, backend, chat_note)
        app.load(lists.refreshed, None, lists.outputs, api_visibility="private")
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
