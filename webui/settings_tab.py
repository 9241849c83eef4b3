"""The 设置 tab: the answering backend for this browser session (a model's endpoint, model name and
API key), a test of the endpoint before it is used, and what the app runs with."""

from __future__ import annotations

import gradio as gr
from pydantic import SecretStr

from qa.endpoint import environment_key, probe
from qa.service import Backend
from webui.endpoint_notes import applied_note, markdown, probe_line
from webui.errors import user_errors
from webui.render import backend_line
from webui.service import AppService

NEED_URL = "✗ 请先填写接口地址（以 http:// 或 https:// 开头），例如 http://127.0.0.1:11434/v1"
NEED_MODEL = "✗ 请先填写模型名称，例如 qwen2.5:7b-instruct"


@user_errors
def apply(name: str, url: str, model: str, key: str) -> tuple[Backend, str, str]:
    """The backend chosen (checked), the note under the form, and the line under the chat. A model's
    endpoint is tried now; an unreachable one is still kept (its server may start later)."""
    if name != "openai":
        backend = Backend()
        return backend, markdown(applied_note(backend)), backend_line(backend.name)
    backend = Backend(name, url.strip(), model.strip(), SecretStr(key.strip()))
    found = probe(backend.base_url, backend.model, key.strip())
    line = backend_line(backend.name, backend.model)
    if not found.reachable:
        line += "。⚠ 这个接口现在连不上，在它能连通之前，回答会改用抽取式（直接摘自报告原文）"
    return backend, markdown(applied_note(backend, found)), line


@user_errors
def try_endpoint(url: str, model: str, key: str) -> str:
    """The line under 测试连接: the form's endpoint, model and key tried as the model client will."""
    url, model = url.strip(), model.strip()
    if not url.startswith(("http://", "https://")):
        return markdown(NEED_URL)
    if not model:
        return NEED_MODEL
    return markdown(probe_line(probe(url, model, key.strip())))


def settings_tab(service: AppService, backend: gr.State, chat_note: gr.Markdown) -> None:
    """The tab's layout and wiring (inside gr.Tabs)."""
    settings = service.settings
    env_key = "已设置" if environment_key(settings) else "未设置"
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
        with gr.Row():
            key = gr.Textbox(
                value="",
                type="password",
                label="API 密钥（可选）",
                elem_id="pq-llm-key",
                placeholder="留空则使用环境变量中的密钥",
                info=f"只用于本浏览器会话，不保存。环境变量 POLICYQA_LLM_API_KEY / OPENAI_API_KEY：{env_key}",
                scale=3,
            )
            test = gr.Button("测试连接", elem_id="pq-test-endpoint", scale=1)
        probed = gr.Markdown(elem_id="pq-probe")
        go = gr.Button("应用", variant="primary", elem_id="pq-apply")
        note = gr.Markdown(backend_line(service.qa.default.name), elem_id="pq-backend-note")
        gr.Markdown(
            f"知识库目录：`{settings.db_dir}` · 嵌入模型：`{settings.embedder}` · 重排序模型："
            f"`{settings.reranker or '未启用'}` · 上传上限：{settings.upload_max_mb} MB · "
            f"同时回答：{settings.concurrency} 个问题"
        )
    test.click(try_endpoint, [url, model, key], probed, api_visibility="private")
    go.click(apply, [name, url, model, key], [backend, note, chat_note], api_visibility="private")
