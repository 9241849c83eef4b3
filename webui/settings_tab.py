"""The 设置 tab: the answering backend for this browser session, and what the app runs with."""

from __future__ import annotations

import gradio as gr

from qa.service import Backend
from webui.errors import user_errors
from webui.render import backend_line
from webui.service import AppService


@user_errors
def apply(name: str, url: str, model: str) -> tuple[Backend, str, str]:
    """The backend chosen (checked), the note under the form, and the line under the chat."""
    backend = Backend(name, url.strip(), model.strip()) if name == "openai" else Backend()
    line = backend_line(backend.name, backend.model or None)
    if backend.name == "openai":
        line += f"\n\n接口：{backend.base_url}。只对本浏览器会话生效。"
    return backend, line, backend_line(backend.name, backend.model or None)


def settings_tab(service: AppService, backend: gr.State, chat_note: gr.Markdown) -> None:
    """The tab's layout and wiring (inside gr.Tabs)."""
    settings = service.settings
    with gr.Tab("设置", id="settings"):
        name = gr.Radio(
            [("抽取式（无需大模型，默认）", "extractive"), ("大模型（OpenAI 兼容接口）", "openai")],
            value=service.qa.default.name,
            label="回答方式",
            elem_id="pq-backend-choice",
        )
        with gr.Row():
            url = gr.Textbox(
                value=settings.llm_base_url,
                label="接口地址",
                elem_id="pq-llm-url",
                info="Ollama: http://127.0.0.1:11434/v1；vLLM、llama.cpp、DeepSeek、通义千问均可",
            )
            model = gr.Textbox(value=settings.llm_model, label="模型名称", elem_id="pq-llm-model")
        gr.Markdown("API 密钥从环境变量 POLICYQA_LLM_API_KEY 或 OPENAI_API_KEY 读取，不在页面上显示。")
        go = gr.Button("应用", variant="primary", elem_id="pq-apply")
        note = gr.Markdown(backend_line(service.qa.default.name), elem_id="pq-backend-note")
        gr.Markdown(
            f"知识库目录：`{settings.db_dir}` · 嵌入模型：`{settings.embedder}` · 重排序模型："
            f"`{settings.reranker or '未启用'}` · 上传上限：{settings.upload_max_mb} MB · "
            f"同时回答：{settings.concurrency} 个问题"
        )
    go.click(apply, [name, url, model], [backend, note, chat_note], api_visibility="private")
