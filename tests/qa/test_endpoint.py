"""Trying an OpenAI-compatible endpoint and explaining its failures (qa/endpoint.py), a browser
session's key on its way to the model (qa.service.Backend -> qa.llm.chat_model), and the command
line's message when a model fails: against the real HTTP test server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage
from pydantic import SecretStr
from pydantic_core import to_json

from core.settings import get_settings
from qa.endpoint import Failure, probe
from qa.llm import LLMError, chat_model, invoke_text
from qa.service import Backend, PolicyQA
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings
from tests.openai_server import ChatServer

KEY = "sk-session-5b1d0e7f"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that takes connections and never answers (a full backlog, never accepted)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(0)
        yield s.getsockname()[1]


@pytest.fixture
def env_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("POLICYQA_LLM_API_KEY", "env-key-0001")
    monkeypatch.setenv("POLICYQA_LLM_MODEL", "model-from-env")
    get_settings.cache_clear()
    yield "env-key-0001"
    get_settings.cache_clear()


def test_probe_lists_the_served_models_and_sends_the_key_as_bearer():
    with ChatServer("好", models=["qwen2.5:7b", "llama3:latest"], api_key=KEY) as server:
        served = probe(server.base_url, "qwen2.5:7b", KEY)
        missing = probe(server.base_url, "deepseek-chat", KEY)
        short = probe(server.base_url, "llama3", KEY)  # Ollama serves "llama3" as llama3:latest
    assert served.reachable and served.models == ("qwen2.5:7b", "llama3:latest") and served.model_served
    assert missing.reachable and missing.model_served is False
    assert short.model_served
    assert server.authorizations == [f"Bearer {KEY}"] * 3
    assert not server.requests  # the list answered: no completion was asked for


def test_without_a_models_list_one_token_is_asked_for():
    with ChatServer("好") as server:
        found = probe(server.base_url, "scripted-model")
    assert found.reachable and found.models is None and found.model_served is None
    [request] = server.requests
    assert request["max_tokens"] == 1 and request["model"] == "scripted-model"


def test_without_a_key_in_the_form_the_environment_key_is_sent(env_key):
    with ChatServer("好", models=["m"]) as server:
        probe(server.base_url, "m", "")
    assert server.authorizations == [f"Bearer {env_key}"]


def test_a_wrong_key_is_told_as_401():
    with ChatServer("好", models=["m"], api_key=KEY) as server:
        found = probe(server.base_url, "m", "sk-wrong")
    assert found.failure == Failure("auth", 401)
    assert "API 密钥不对" in found.reason and "401" in found.reason


def test_a_wrong_path_is_told_as_404_with_the_v1_address_to_try():
    with ChatServer("好") as server:
        bare = server.base_url.removesuffix("/v1")
        found = probe(bare, "m")
        whole = probe(f"{server.base_url}/chat/completions", "m")
    assert found.failure is not None and found.failure.kind == "path"
    assert "404" in found.reason and f"试试 {bare}/v1" in found.reason
    assert f"不要包含 /chat/completions：{server.base_url}" in whole.reason


def test_a_closed_port_is_connection_refused_naming_host_and_port():
    port = closed_port()
    found = probe(f"http://127.0.0.1:{port}/v1", "m")
    assert found.failure == Failure("refused")
    assert found.reason.startswith(f"连接被拒绝，127.0.0.1:{port} 上没有服务在监听")


def test_a_server_that_never_answers_is_a_timeout(silent_port: int):
    found = probe(f"http://127.0.0.1:{silent_port}/v1", "m", timeout=0.5)
    assert found.failure == Failure("timeout") and "连接超时" in found.reason


def test_a_model_the_server_does_not_have_is_told_by_name():
    ollama = 'model "qwen9" not found, try pulling it first'
    with ChatServer("好", status=404, error=ollama) as server:
        found = probe(server.base_url, "qwen9")
    assert found.failure is not None and found.failure.kind == "model"
    assert found.reason == "服务上没有名为 qwen9 的模型（接口返回 404）"


def test_a_server_error_says_so_with_the_servers_words():
    with ChatServer("好", status=500, error="CUDA out of memory") as server:
        found = probe(server.base_url, "m")
    assert found.failure is not None and found.failure.kind == "server"
    assert found.reason == "模型服务内部出错（返回 HTTP 500），服务给出的说明：CUDA out of memory"


def test_the_session_key_never_shows_in_repr_str_or_json():
    backend = Backend("openai", "http://127.0.0.1:1/v1", "m", SecretStr(KEY))
    shown = [repr(backend), str(backend), f"{backend}", to_json(dataclasses.asdict(backend)).decode()]
    assert not any(KEY in s for s in shown), shown
    with pytest.raises(TypeError):  # plain JSON refuses it rather than writing it
        json.dumps(dataclasses.asdict(backend))
    assert backend.api_key.get_secret_value() == KEY
    assert backend != Backend("openai", "http://127.0.0.1:1/v1", "m")  # its own model client


@pytest.fixture
def qa(sample_db: Path) -> PolicyQA:
    return PolicyQA(HybridRetriever(ReportStore(sample_db, BigramEmbeddings())))


def test_a_question_sends_the_sessions_key_else_the_environments(env_key: str, qa: PolicyQA):
    with ChatServer("两委交叉任职比例达到87.7%[1]。") as server:
        qa.ask("两委交叉任职比例是多少", backend=Backend("openai", server.base_url, "m", SecretStr(KEY)))
        qa.ask("两委交叉任职比例是多少", backend=Backend("openai", server.base_url, "m"))
    assert server.authorizations == [f"Bearer {KEY}", f"Bearer {env_key}"]


def test_the_failure_names_the_sessions_endpoint_and_model_not_the_settings(env_key, qa: PolicyQA):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    with pytest.raises(LLMError) as raised:
        qa.ask("两委交叉任职比例是多少", backend=Backend("openai", url, "session-model", SecretStr(KEY)))
    e = raised.value
    assert (e.base_url, e.model, e.failure) == (url, "session-model", Failure("refused"))
    # the command line's message: why in Chinese, what to set, no class name, no key
    message = str(e)
    assert message.startswith("无法从模型服务得到回答：连接被拒绝")
    assert "POLICYQA_LLM_MODEL=session-model" in message and "--backend extractive" in message
    assert "model-from-env" not in message and "Error" not in message and KEY not in message


def test_a_summary_failure_is_explained_the_same_way(env_key):
    with ChatServer("x", api_key=KEY) as server:
        settings = get_settings().model_copy(update={"llm_base_url": server.base_url, "llm_model": "m"})
        with pytest.raises(LLMError) as raised:
            invoke_text(chat_model(settings, "sk-wrong"), [HumanMessage("摘要")], "摘要")
    assert raised.value.failure.kind == "auth"
    assert str(raised.value).startswith("无法从模型服务得到摘要：API 密钥不对")
