"""The 设置 tab in a real browser (Debian's Chromium via Playwright) against `python app.py` on a free
loopback port: a person types an endpoint, a model name and an API key, clicks 测试连接, saves with
应用, and asks. The OpenAI-protocol test server on 127.0.0.1 (tests/openai_server.py) sees the key;
the app's log and its store never hold it. The tests run in order, like one user's session.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import SAMPLES
from tests.openai_server import ChatServer
from tests.webui.browser import ANSWER_TIMEOUT, CHROMIUM, FLAGS, grounded_reply, tab
from tests.webui.conftest import RunningApp, start_app, stop_app

KEY = "sk-browser-7d2f90aa41c3"
QUESTION = "两委交叉任职比例是多少"  # answered by 六、夯实基础 of the township report: 87.7%
MODEL = "scripted-model"
MODEL_CHOICE = "大模型（OpenAI 兼容接口）"

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def settings_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The township report only (small: its first-run ingest needs no cache from the session), and
    no key in the environment: any key sent is the page's."""
    reports = [SAMPLES / "yutai_xiang_sanji_lianchuang.txt"]
    no_key = {"POLICYQA_LLM_API_KEY": "", "OPENAI_API_KEY": ""}
    app = start_app(tmp_path_factory.mktemp("settings-app"), reports, None, env=no_key)
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def page(settings_app: RunningApp):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN").new_page()
        page.set_default_timeout(ANSWER_TIMEOUT)
        page.goto(settings_app.url)
        page.wait_for_selector("#pq-question textarea")
        yield page
        browser.close()


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens (a free port, bound and let go)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/v1"


def fill_endpoint(page, url: str, model: str, key: str = "") -> None:
    """Type the endpoint, the model name and the key into 设置, as a person would."""
    tab(page, "设置")
    page.fill("#pq-llm-url textarea, #pq-llm-url input", url)
    page.fill("#pq-llm-model textarea, #pq-llm-model input", model)
    page.fill("#pq-llm-key input", key)


def try_connection(page, want: str) -> str:
    """Click 测试连接; the line it shows once it says `want`."""
    page.click("#pq-test-endpoint")
    page.wait_for_function("w => document.querySelector('#pq-probe').innerText.includes(w)", arg=want)
    return page.inner_text("#pq-probe").strip()


def apply(page, choice: str, want: str) -> str:
    """Pick the backend, click 应用; the note under the form once it says `want` (something the
    note before did not say)."""
    tab(page, "设置")
    page.get_by_label(choice).check()
    page.click("#pq-apply")
    page.wait_for_function("w => document.querySelector('#pq-backend-note').innerText.includes(w)", arg=want)
    return page.inner_text("#pq-backend-note")


def ask(page) -> tuple[str, str]:
    """QUESTION in a new conversation; (the chat's text, the sources' text) once it is answered."""
    tab(page, "问答")
    page.get_by_role("button", name="新对话").click()
    page.wait_for_function("() => !document.querySelector('#pq-sources').innerText.includes('六、夯实基础')")
    page.fill("#pq-question textarea", QUESTION)
    page.click("#pq-send")
    page.wait_for_function("() => document.querySelector('#pq-sources').innerText.includes('六、夯实基础')")
    return page.inner_text("#pq-chat"), page.inner_text("#pq-sources")


def toast(page, text: str) -> tuple[str, str]:
    """(the heading a person sees, the visible text) of the message box that says `text`."""
    box = page.locator(".toast-body", has_text=text).first
    box.wait_for()
    heading = box.locator(".toast-title").evaluate("el => getComputedStyle(el, '::before').content")
    return heading.strip('"'), box.inner_text()


def test_the_key_field_hides_what_is_typed(page):
    tab(page, "设置")
    assert page.get_attribute("#pq-llm-key input", "type") == "password"
    assert "未设置" in page.inner_text("#pq-llm-key")  # no key in the app's environment


def test_testing_the_connection_names_the_model_and_sends_the_key(page):
    with ChatServer("好", models=[MODEL, "other-model"], api_key=KEY) as server:
        fill_endpoint(page, server.base_url, MODEL, KEY)
        line = try_connection(page, f"已连通 {server.base_url}")
    assert line == f"✓ 已连通 {server.base_url}，模型 {MODEL} 在服务提供的模型中。"
    assert server.authorizations == [f"Bearer {KEY}"]


def test_a_wrong_key_is_told_as_such(page):
    with ChatServer("好", models=[MODEL], api_key=KEY) as server:
        fill_endpoint(page, server.base_url, MODEL, "sk-not-this-one")
        line = try_connection(page, server.base_url)
    assert "API 密钥不对" in line and "401" in line


def test_a_closed_port_is_told_in_chinese(page):
    url = closed_port_url()
    fill_endpoint(page, url, MODEL, KEY)
    line = try_connection(page, url)
    port = url.split(":")[2].split("/")[0]
    assert line.startswith(f"✗ 连不上 {url}：连接被拒绝，127.0.0.1:{port} 上没有服务在监听")
    assert "服务已经启动" in line and "Error" not in line


def test_an_address_without_v1_gets_the_address_to_try(page):
    with ChatServer("好") as server:
        bare = server.base_url.removesuffix("/v1")
        fill_endpoint(page, bare, MODEL)
        line = try_connection(page, bare)
    assert "404" in line and f"试试 {bare}/v1" in line


def test_saving_an_unreachable_endpoint_keeps_it_and_says_so(page):
    url = closed_port_url()
    fill_endpoint(page, url, MODEL, KEY)
    note = apply(page, MODEL_CHOICE, f"接口：{url}")
    assert f"大模型 {MODEL}" in note and f"接口：{url}" in note
    assert "已保存，但这个接口现在不可用：连接被拒绝" in note
    assert "提问和摘要都会改用抽取式回答" in note
    assert "现在连不上" in page.inner_text("#pq-backend")  # the line under the chat says so too
    # A question now: the extractive answer, and a notice in the app's terms
    chat, _ = ask(page)
    assert "87.7%" in chat and "交叉任职的比例达到" not in chat  # not the model's words: extractive
    heading, text = toast(page, "大模型接口不可用")
    assert f"{url}（模型 {MODEL}）" in text and "连接被拒绝" in text
    assert "检查“设置”页的接口地址，或点“测试连接”" in text
    assert heading == "提示" and "Warning" not in text
    assert "Error" not in text and "--backend" not in text


def test_a_question_with_the_key_set_sends_it_and_is_answered(page):
    with ChatServer(grounded_reply, api_key=KEY) as server:
        fill_endpoint(page, server.base_url, MODEL, KEY)
        note = apply(page, MODEL_CHOICE, f"接口：{server.base_url}")
        chat, sources = ask(page)
    assert "✓ 接口现在能连通" in note and "本会话填写的密钥" in note
    assert "交叉任职的比例达到87.7%" in chat and "六、夯实基础" in sources  # the model's words, checked
    assert f"大模型 {MODEL}" in page.inner_text("#pq-backend")
    assert server.requests[-1]["stream"] is True  # the question itself, not only the test on 应用
    assert server.authorizations and set(server.authorizations) == {f"Bearer {KEY}"}


def test_the_key_is_never_written_to_the_log_or_the_store(page, settings_app: RunningApp):
    """After the key was typed, tested, saved and used: not on the page, not in any file the app
    wrote (its log, the store under the db dir, anything else in its folder)."""
    assert KEY not in page.inner_text("body")
    assert settings_app.log.stat().st_size > 0 and any(settings_app.db.rglob("*.sqlite*"))
    written = [p for p in settings_app.db.parent.rglob("*") if p.is_file()]
    holding = [str(p) for p in written if KEY.encode() in p.read_bytes()]
    assert not holding, holding
