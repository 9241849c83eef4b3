"""The Gradio app: one tab module each (webui/*_tab.py) over one AppService; this module only lays
the tabs out and wires what they share (the backend chosen in 设置, the report pickers)."""

from __future__ import annotations

import importlib.util
from typing import Any

import gradio as gr

from webui.ask_tab import ask_api, ask_tab
from webui.compare_tab import compare_tab, started
from webui.forms import Pickers
from webui.library_tab import library_tab
from webui.mcp_tools import mcp_tools
from webui.original_view import original_view
from webui.page import CSS, I18N, PAGE_SCRIPT
from webui.service import AppService
from webui.settings_tab import settings_tab
from webui.summary_tab import summary_tab


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
        with gr.Tabs() as tabs:
            ask = ask_tab(service, pickers, backend)
            summary_tab(service, pickers, backend)
            compare = compare_tab(service, pickers)
            lists = library_tab(service, pickers)
            settings_tab(service, backend, ask.note)
        original_view(service)
        gr.api(ask_api(service), api_name="ask")  # outside the tabs: gr.Tabs holds only gr.Tab
        app.load(lists.refreshed, None, lists.outputs, api_visibility="private")
        filled = [tabs, compare.indicator, compare.year_from, compare.year_to]
        ask.open_compare.click(opened_in_compare, ask.compare_request, filled, api_visibility="private").then(
            started, None, compare.outputs, queue=False, api_visibility="private"
        ).then(compare.run, compare.inputs, compare.outputs, api_visibility="private")
        mcp_tools(app, service)  # last: with the option on, it hides every other endpoint from MCP
    return app


def opened_in_compare(request: dict[str, Any] | None) -> tuple[Any, str, Any, Any]:
    """The 对比 tab selected and filled with an answer's indicator and years (its .then() runs it)."""
    request = request or {}
    return (
        gr.Tabs(selected="compare"),
        request.get("indicator", ""),
        request.get("year_from"),
        request.get("year_to"),
    )


def launch_options(settings: Any) -> dict[str, Any]:
    """launch() arguments from settings: loopback by default, optional login, upload limit, MCP."""
    auth = None
    if settings.auth.strip():
        pairs = [p.split(":", 1) for p in settings.auth.split(",") if p.strip()]
        if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
            raise ValueError("POLICYQA_AUTH 格式应为 用户名:密码，多个用逗号分隔")
        auth = [(u.strip(), pw) for u, pw in pairs]
    if auth and settings.mcp:  # Gradio's MCP endpoint takes no login: its tools would all fail
        raise ValueError("MCP 服务不支持登录：请不要同时使用 POLICYQA_AUTH 和 --mcp（POLICYQA_MCP）")
    if settings.mcp and importlib.util.find_spec("mcp") is None:  # else Gradio skips MCP, saying nothing
        raise ValueError("MCP 服务需要 mcp 包：请运行 .venv/bin/pip install -r requirements.txt")
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": auth,
        "auth_message": "请输入 policy-qa 的用户名和密码" if auth else None,
        "max_file_size": f"{settings.upload_max_mb}mb",
        "css": CSS,
        "js": PAGE_SCRIPT,
        "i18n": I18N,
        "theme": gr.themes.Soft(),
        "footer_links": ["api"],
        "mcp_server": settings.mcp,
    }
