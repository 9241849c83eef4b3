"""What the page says about a model endpoint (webui/endpoint_notes.py) and the 设置 tab's handlers
(webui/settings_tab.py): in the user's terms, in Chinese, naming the endpoint and model set in 设置,
saying what to do there; never a class name, a command-line flag, or the key."""

from __future__ import annotations

import socket

import pytest
from pydantic import SecretStr

from core.settings import get_settings
from qa.endpoint import Failure, Probe
from qa.llm import LLMError
from qa.service import Backend
from tests.openai_server import ChatServer
from webui.endpoint_notes import applied_note, fallback_warning, markdown, probe_line
from webui.render import backend_line
from webui.settings_tab import NEED_MODEL, NEED_URL, apply, try_endpoint

KEY = "sk-page-9c4e2a61"
URL = "http://127.0.0.1:8000/v1"
SESSION = Backend("openai", URL, "qwen2.5:7b", SecretStr(KEY))
TERMINAL = ("Error", "Exception", "--backend", "POLICYQA_")  # words for a terminal, not a page


def shown_to_a_person(text: str) -> None:
    assert not any(word in text for word in TERMINAL), text
    assert KEY not in text


def failed(kind: str, status: int | None = None) -> LLMError:
    """The error qa.llm raises, as the command line words it, for the settings' endpoint and model."""
    return LLMError(
        "无法从模型服务得到回答…或改用 --backend extractive", URL, "model-from-env", Failure(kind, status)
    )


@pytest.fixture(autouse=True)
def no_environment_key(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("POLICYQA_LLM_API_KEY", "")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_fallback_warning_names_the_sessions_endpoint_and_model_why_and_what_to_do():
    text = fallback_warning(failed("refused"), SESSION)
    assert text.startswith(
        f"大模型接口不可用：{URL}（模型 qwen2.5:7b），连接被拒绝，127.0.0.1:8000 上没有服务在监听"
    )
    assert "本次改用抽取式回答" in text
    assert text.endswith("检查“设置”页的接口地址，或点“测试连接”。")
    assert "model-from-env" not in text
    shown_to_a_person(text)


def test_the_fallback_warning_points_at_the_key_or_the_model_when_those_are_wrong():
    assert "请在“设置”页填写正确的 API 密钥" in fallback_warning(failed("auth", 401), SESSION)
    assert "检查“设置”页的模型名称" in fallback_warning(failed("model", 404), SESSION)
    summary = fallback_warning(failed("timeout"), SESSION, "摘要")
    assert "连接超时" in summary and "本次改用抽取式摘要" in summary
    shown_to_a_person(summary)


def test_the_test_line_says_whether_the_model_is_served():
    served = probe_line(Probe(URL, "qwen2.5:7b", models=("qwen2.5:7b", "llama3")))
    assert served == f"✓ 已连通 {URL}，模型 qwen2.5:7b 在服务提供的模型中。"
    missing = probe_line(Probe(URL, "deepseek-chat", models=("qwen2.5:7b", "llama3")))
    assert (
        missing.startswith("⚠ 已连通") and "没有 deepseek-chat" in missing and "qwen2.5:7b、llama3" in missing
    )
    unlisted = probe_line(Probe(URL, "qwen2.5:7b"))
    assert unlisted.startswith("✓ 已连通") and "可以回答" in unlisted


def test_the_test_line_says_why_it_failed():
    refused = probe_line(Probe(URL, "m", Failure("refused")))
    assert refused.startswith(f"✗ 连不上 {URL}：连接被拒绝") and "服务已经启动" in refused
    wrong_key = probe_line(Probe(URL, "m", Failure("auth", 401)))
    assert "401" in wrong_key and "API 密钥" in wrong_key
    bare = "http://127.0.0.1:8000"
    wrong_path = probe_line(Probe(bare, "m", Failure("path", 404)))
    assert wrong_path.startswith(f"✗ 已连到 {bare}，但不能使用") and f"试试 {bare}/v1" in wrong_path
    for line in (refused, wrong_key, wrong_path):
        shown_to_a_person(line)


def test_the_note_after_applying_an_unreachable_endpoint_keeps_it_and_says_what_follows():
    note = applied_note(SESSION, Probe(URL, "qwen2.5:7b", Failure("refused")))
    assert "大模型 qwen2.5:7b" in note and f"接口：{URL}" in note
    assert "已保存，但这个接口现在不可用：连接被拒绝" in note
    assert "提问和摘要都会改用抽取式回答" in note
    assert "本会话填写的密钥" in note
    shown_to_a_person(note)
    assert "未设置" in applied_note(Backend("openai", URL, "m"), Probe(URL, "m", models=("m",)))
    assert applied_note(Backend()) == backend_line("extractive")


def test_applying_keeps_the_key_for_the_session_and_tries_the_endpoint():
    with ChatServer("好", models=["m"], api_key=KEY) as server:
        backend, note, chat_line = apply("openai", f" {server.base_url} ", " m ", f" {KEY} ")
    assert backend == Backend("openai", server.base_url, "m", SecretStr(KEY))
    assert server.authorizations == [f"Bearer {KEY}"]
    assert "✓ 接口现在能连通" in note and "大模型 m" in chat_line
    assert f"接口：`{server.base_url}`；" in note  # as code: the "；" is not taken into its link
    shown_to_a_person(note + repr(backend))


def test_applying_an_unreachable_endpoint_still_saves_it():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/v1"
    backend, note, _ = apply("openai", url, "m", "")
    assert backend == Backend("openai", url, "m") and "现在不可用" in note


def test_testing_needs_an_address_and_a_model_name():
    assert try_endpoint("127.0.0.1:8000", "m", "") == markdown(NEED_URL)
    assert try_endpoint(URL, " ", "") == NEED_MODEL
