"""An OpenAI-compatible endpoint, tried before it is used and explained when it fails: `probe()` asks
its /models (or, where there is none, for a 1-token chat completion) with a short timeout, and
`failure_of()` reads why a call failed (connection refused, timeout, wrong key, wrong path, no such
model) so that each caller can say it in plain Chinese and in its own terms, never a class name."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import openai

from core.settings import Settings, get_settings

PROBE_TIMEOUT = 5.0  # seconds: a person waits for the answer to 测试连接 and 应用
KINDS = (
    *("refused", "timeout", "unresolved", "unreachable"),  # no answer from the address
    *("auth", "forbidden", "path", "model", "status", "server"),  # the server said no
    "other",
)
NO_API_HERE = (404, 405, 501)  # no such route on this server: the address's path is wrong
CHAT_PATH = "/chat/completions"


@dataclass(frozen=True)
class Failure:
    """Why an endpoint could not be used: one of KINDS, the HTTP status when there was
    one, and the server's own words (shown only when nothing plainer can be said)."""

    kind: str
    status: int | None = None
    detail: str = ""

    def reason(self, base_url: str, model: str) -> str:
        """The cause in plain Chinese, naming what the user typed ("连接被拒绝，127.0.0.1:8000 上…")."""
        url = urlsplit(base_url)
        where = url.netloc or base_url
        reasons = {
            "refused": f"连接被拒绝，{where} 上没有服务在监听（服务还没启动，或端口不对）",
            "timeout": f"连接超时，{where} 在限定时间内没有回应（服务没有响应或太忙）",
            "unresolved": f"找不到主机 {url.hostname or where}（地址写错，或网络不通）",
            "unreachable": f"连不上 {where}（网络不通，或对方拒绝连接）",
            "auth": "API 密钥不对或没有填写（接口返回 401 未授权）",
            "forbidden": "API 密钥没有使用该接口或模型的权限（接口返回 403）",
            "path": f"地址的路径不对（返回 {self.status}，此处没有 OpenAI 兼容接口）{path_hint(base_url)}",
            "model": f"服务上没有名为 {model} 的模型（接口返回 {self.status}）",
            "status": f"接口拒绝了请求（返回 HTTP {self.status}）",
            "server": f"模型服务内部出错（返回 HTTP {self.status}）",
        }
        text = reasons.get(self.kind, "调用出错")
        if self.detail and self.kind in ("status", "server"):
            text += f"，服务给出的说明：{self.detail[:160]}"
        elif self.detail and self.kind == "other":
            text += f"：{self.detail[:160]}"
        return text


def path_hint(base_url: str) -> str:
    """What to change in an address that has no OpenAI-compatible API behind it ("" when unsure)."""
    base = base_url.rstrip("/")
    path = urlsplit(base).path
    if path.endswith(CHAT_PATH):
        return f"；地址只需写到 /v1，不要包含 {CHAT_PATH}：{base.removesuffix(CHAT_PATH)}"
    if not path.endswith("/v1"):
        return f"；多数服务的地址以 /v1 结尾，试试 {base}/v1"
    return ""


def failure_of(e: BaseException, model: str = "") -> Failure:
    """Why a call to the endpoint failed, read from the exception and the ones it was raised from
    (langchain wraps openai's, which wraps the HTTP client's, which wraps the socket's)."""
    chain: list[BaseException] = []
    while e is not None and e not in chain:
        chain.append(e)
        e = e.__cause__ or e.__context__  # type: ignore[assignment]
    for c in chain:
        if isinstance(c, openai.APIStatusError):
            return _status_failure(c, model)
    if any(isinstance(c, openai.APITimeoutError | TimeoutError) for c in chain):
        return Failure("timeout")
    if any(isinstance(c, ConnectionRefusedError) for c in chain):
        return Failure("refused")
    if any(isinstance(c, socket.gaierror) for c in chain):
        return Failure("unresolved")
    if any(isinstance(c, openai.APIConnectionError | ConnectionError) for c in chain):
        return Failure("unreachable")
    return Failure("other", detail=str(chain[0]))


def _status_failure(e: openai.APIStatusError, model: str) -> Failure:
    status = e.status_code
    said = str(e.body.get("message") or e.message) if isinstance(e.body, dict) else e.message
    message, said = said, said.lower()
    named = bool(model) and model.lower() in said
    if status == 401:
        return Failure("auth", status)
    if status == 403:
        return Failure("forbidden", status)
    # Ollama 'model "x" not found', vLLM 'The model `x` does not exist', DeepSeek 'Model Not Exist'
    names_model = "model" in said and (named or "not" in said or "exist" in said)
    if status in (400, 404) and names_model:
        return Failure("model", status)
    if status in NO_API_HERE:
        return Failure("path", status)
    return Failure("server" if status >= 500 else "status", status, message)


def environment_key(settings: Settings | None = None) -> str:
    """The key the environment gives (POLICYQA_LLM_API_KEY, then OPENAI_API_KEY); "" when none."""
    s = settings or get_settings()
    return s.llm_api_key or os.environ.get("OPENAI_API_KEY", "")


def bearer_key(given: str = "", settings: Settings | None = None) -> str:
    """The key sent as the bearer: the one given (a browser session's), else the environment's;
    local servers accept any."""
    return given or environment_key(settings) or "not-needed"


@dataclass(frozen=True)
class Probe:
    """What `probe()` found: the failure, or the models the endpoint serves (None when it has no
    /models and a 1-token chat completion with the model answered instead)."""

    base_url: str
    model: str
    failure: Failure | None = None
    models: tuple[str, ...] | None = None

    @property
    def reachable(self) -> bool:
        return self.failure is None

    @property
    def model_served(self) -> bool | None:
        """Whether the model is among those served (Ollama's "llama3" is its "llama3:latest");
        None when the endpoint gives no list."""
        if self.models is None:
            return None if self.failure is None else False
        return self.model in self.models or f"{self.model}:latest" in self.models

    @property
    def reason(self) -> str:
        return self.failure.reason(self.base_url, self.model) if self.failure else ""


def probe(base_url: str, model: str, key: str = "", timeout: float = PROBE_TIMEOUT) -> Probe:
    """Try the endpoint as the model client will use it (same key, same proxies), within `timeout`."""
    client = openai.OpenAI(base_url=base_url, api_key=bearer_key(key), timeout=timeout, max_retries=0)
    try:
        models = _served(client)
        if models is None:
            client.chat.completions.create(
                model=model, messages=[{"role": "user", "content": "你好"}], max_tokens=1
            )
        return Probe(base_url, model, models=models)
    except Exception as e:  # the client raises many kinds; failure_of reads them all
        return Probe(base_url, model, failure=failure_of(e, model))
    finally:
        client.close()


def _served(client: openai.OpenAI) -> tuple[str, ...] | None:
    """The model ids /models lists; None when the endpoint has no such list (404, an HTML page…)."""
    try:
        return tuple(m.id for m in client.models.list())
    except (openai.APIConnectionError, openai.AuthenticationError, openai.PermissionDeniedError):
        raise
    except Exception:  # no list here: the caller asks for one token instead
        return None
