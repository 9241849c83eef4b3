"""What the page says about a model endpoint, in the user's terms: the line under 测试连接, the note
after 应用, and the warning when the model fails during a question. Each names the endpoint and the
model set in 设置, says why in plain Chinese (qa.endpoint) and what to do on this page; never a class
name nor the command line's flags (those are in qa.llm's message, for the terminal)."""

from __future__ import annotations

import re

from qa.endpoint import Failure, Probe, environment_key
from qa.llm import LLMError
from qa.service import Backend
from webui.render import backend_line

NOTICE_TITLE = "提示"  # the toast's title; Gradio's own would be the English "Warning"
CONNECTION = ("refused", "timeout", "unresolved", "unreachable")
ADDRESS = re.compile(r"https?://[^\s，。；：、（）“”]+")


def markdown(text: str) -> str:
    """A note for gr.Markdown: each address as code, else the Chinese punctuation after it would be
    taken into its link."""
    return ADDRESS.sub(lambda m: f"`{m.group(0)}`", text)


def fix_in_settings(failure: Failure) -> str:
    """What to do about a failure, said from another tab: where on 设置 to look."""
    if failure.kind in ("auth", "forbidden"):
        return "请在“设置”页填写正确的 API 密钥，再点“测试连接”"
    if failure.kind == "model":
        return "请检查“设置”页的模型名称，或点“测试连接”查看服务提供的模型"
    if failure.kind in CONNECTION:
        return "请确认模型服务已经启动，检查“设置”页的接口地址，或点“测试连接”"
    return "请检查“设置”页的接口地址，或点“测试连接”"


def fix_here(failure: Failure) -> str:
    """What to do about a failure, said on 设置 itself, beside the fields."""
    if failure.kind in ("auth", "forbidden"):
        return "请检查 API 密钥（留空时使用环境变量中的密钥）"
    if failure.kind == "model":
        return "请检查模型名称"
    if failure.kind in CONNECTION:
        return "请确认模型服务已经启动，并检查接口地址和端口"
    return "请检查接口地址"


def fallback_warning(e: LLMError, backend: Backend, what: str = "回答") -> str:
    """The warning when the model fails during a question or a summary (the answer that follows is
    extractive): which endpoint and model, why, what to do."""
    url, model = backend.base_url or e.base_url, backend.model or e.model
    return (
        f"大模型接口不可用：{url}（模型 {model}），{e.failure.reason(url, model)}。"
        f"本次改用抽取式{what}。{fix_in_settings(e.failure)}。"
    )


def served_models(models: tuple[str, ...], shown: int = 8) -> str:
    """The served models as a list to read ("a、b、c 等 12 个")."""
    more = f" 等 {len(models)} 个" if len(models) > shown else ""
    return "、".join(models[:shown]) + more if models else "（无）"


def probe_line(p: Probe) -> str:
    """The line under 测试连接: reachable and whether the model is served, or why not."""
    if p.failure is not None:
        url = p.base_url
        failed = f"连不上 {url}" if p.failure.kind in CONNECTION else f"已连到 {url}，但不能使用"
        return f"✗ {failed}：{p.reason}。{fix_here(p.failure)}。"
    if p.models is None:
        return (
            f"✓ 已连通 {p.base_url}，模型 {p.model} 可以回答"
            "（该服务不提供模型列表，已用一次只答 1 个字的试问确认）。"
        )
    if p.model_served:
        return f"✓ 已连通 {p.base_url}，模型 {p.model} 在服务提供的模型中。"
    return (
        f"⚠ 已连通 {p.base_url}，但服务提供的模型中没有 {p.model}。"
        f"可用的模型：{served_models(p.models)}。请把“模型名称”改成其中之一。"
    )


def key_source(backend: Backend) -> str:
    """Whose key the model client sends, never the key itself."""
    if backend.api_key.get_secret_value():
        return "本会话填写的密钥（不保存）"
    return "环境变量中的密钥" if environment_key() else "未设置（本机服务通常不需要）"


def applied_note(backend: Backend, p: Probe | None = None) -> str:
    """The note under the form after 应用: the backend now used, and for a model how its endpoint
    answered just now. An unreachable one is kept (its server may start later), and the note says
    that until it answers, questions fall back to the extractive backend."""
    line = backend_line(backend.name, backend.model or None)
    if backend.name != "openai":
        return line
    line += f"\n\n接口：{backend.base_url}；密钥：{key_source(backend)}。只对本浏览器会话生效。"
    if p is None:
        return line
    if p.failure is not None:
        return (
            f"{line}\n\n⚠ 已保存，但这个接口现在不可用：{p.reason}。"
            "在它能连通之前，提问和摘要都会改用抽取式回答；服务启动后无需重新保存。"
        )
    if p.model_served is False:
        return (
            f"{line}\n\n⚠ 已保存，接口能连通，但服务提供的模型中没有 {p.model}"
            f"（可用：{served_models(p.models or ())}），提问时会改用抽取式回答。"
        )
    return f"{line}\n\n✓ 接口现在能连通。"
