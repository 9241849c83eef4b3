"""The app in a real browser, continued (same app, same page as tests/webui/test_browser.py): what
a researcher clicks through a working day: stop and regenerate, each answer's sources and its [n]
links, 打开原文, exports, an answer by year opened in 对比, a second chart, Gradio's words in
Chinese, searching the report list; deleting a report last."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO
from tests.openai_server import ChatServer
from tests.webui.browser import INGEST_TIMEOUT, ask, choose, compare_table_shows, tab, uploaded, use_backend

PDF = REPO / "tests" / "data" / "pdf" / "qinghe_2023_report.pdf"


def _slow_reply(request: dict) -> str:
    return "这是一个很长的回答，" * 60


def start_slow_answer(page, server: ChatServer) -> None:
    """A question to the slow model, sent, and its answer begun on the page."""
    server.piece_delay = 0.2  # 200 pieces: 40 s to write it all
    use_backend(page, "大模型（OpenAI 兼容接口）", server.base_url, "slow-model")
    tab(page, "问答")
    page.get_by_role("button", name="新对话").click()
    page.wait_for_function("() => !document.querySelector('#pq-sources .pq-turn')")
    page.fill("#pq-question textarea", "两委交叉任职比例是多少")
    page.click("#pq-send")
    page.wait_for_function(
        "() => document.querySelector('#pq-chat').innerText.includes('这是一个很长的回答')"
    )


def test_stop_keeps_what_was_written_and_regenerate_answers_again(page):
    with ChatServer(_slow_reply) as server:
        start_slow_answer(page, server)
        # while it writes, Enter cannot send a second question beside it
        assert page.locator("#pq-question textarea").is_disabled()
        page.click("#pq-stop")
        page.wait_for_selector("#pq-send", state="visible")
        # the model stopped too: its request was closed before it had written its answer
        assert server.abandoned.wait(timeout=60) and server.pieces_sent < 200
        chat = page.inner_text("#pq-chat")  # read once the answer is closed: nothing can follow
        assert "已停止生成" in chat and "未经核对" in chat and chat.count("这是一个很长的回答") < 60
        assert len([r for r in server.requests if r.get("stream")]) == 1  # (the other: 应用's check)
        assert page.locator("#pq-question textarea").is_enabled()
    use_backend(page, "抽取式（无需大模型，默认）")
    tab(page, "问答")
    page.click("#pq-regenerate")
    page.wait_for_function("() => document.querySelector('#pq-chat').innerText.includes('87.7%')")
    chat = page.inner_text("#pq-chat")
    assert "已停止生成" not in chat and "这是一个很长的回答" not in chat  # the stopped answer replaced
    assert chat.count("两委交叉任职比例是多少") == 1


def test_a_new_conversation_while_an_answer_is_written_stops_it(page):
    with ChatServer(_slow_reply) as server:
        start_slow_answer(page, server)
        page.get_by_role("button", name="新对话").click()
        page.wait_for_selector("#pq-send", state="visible")
        assert server.abandoned.wait(timeout=60) and server.pieces_sent < 200
        assert "这是一个很长的回答" not in page.inner_text("#pq-chat")
        # a stopped answer, then another question: the sources are the second question's
        start_slow_answer(page, server)
        page.click("#pq-stop")
        page.wait_for_selector("#pq-send", state="visible")
    use_backend(page, "抽取式（无需大模型，默认）")
    chat, sources = ask(page, "2018年城镇新增就业目标是多少", new=False)
    assert page.inner_text("#pq-sources .pq-turn[open] summary").startswith("第 2 问的来源")
    assert "1100万人以上" in chat and "1100万人以上" in sources


def test_each_answer_keeps_its_sources_and_its_marks_open_them(page):
    ask(page, "两委交叉任职比例是多少")
    chat, sources = ask(page, "2018年城镇新增就业目标是多少", new=False)
    assert "1100万人以上" in chat and "2018" in sources
    assert page.locator("#pq-sources .pq-turn").count() == 2
    assert not page.locator("#pq-turn-1").evaluate("e => e.open")  # the earlier answer's sources fold
    page.locator("#pq-chat a", has_text="[1]").first.click()  # [1] of the first answer
    card = page.locator("#pq-src-1-1")
    page.wait_for_function("() => document.querySelector('#pq-turn-1').open")
    assert "87.7%" in card.inner_text() and "六、夯实基础" in card.inner_text()
    page.wait_for_function(
        """() => { const r = document.querySelector('#pq-src-1-1').getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }"""
    )
    assert "pq-flash" in card.get_attribute("class")
    assert len(page.context.pages) == 1  # no new browser tab opened by the link


def test_open_original_shows_the_report_at_the_quoted_passage(page, shots: Path):
    ask(page, "两委交叉任职比例是多少")
    page.locator("#pq-sources .pq-turn[open] .pq-open").first.click()
    page.wait_for_selector("#pq-original #pq-passage")
    passage = page.inner_text("#pq-original #pq-passage")
    assert "87.7%" in passage
    text = page.inner_text("#pq-original")
    assert "开展三级联创活动的情况汇报" in text and len(text) > 2000  # the report, not only the quote
    page.wait_for_function(
        """() => { const r = document.querySelector('#pq-passage').getBoundingClientRect();
                   const box = document.querySelector('#pq-original').getBoundingClientRect();
                   return r.top >= box.top && r.bottom <= box.bottom; }"""
    )
    page.screenshot(path=str(shots / "original.png"))
    page.click("#pq-original-close")
    page.wait_for_selector("#pq-original", state="hidden")


def test_open_original_of_a_pdf_shows_its_page_with_the_passage_marked(page, shots: Path):
    tab(page, "知识库")
    page.set_input_files("#pq-upload input[type=file]", str(PDF))
    uploaded(page, PDF.stem)
    page.click("#pq-import")
    page.wait_for_selector("#pq-import-result :text('导入结果')", timeout=INGEST_TIMEOUT)
    assert "新增 1" in page.inner_text("#pq-import-result")
    chat, sources = ask(page, "清河镇2023年新修硬化村组道路多少公里")
    assert "21.5公里" in chat and "清河镇" in sources
    page.locator("#pq-sources .pq-turn[open] .pq-open").first.click()
    page.wait_for_selector("#pq-original img")
    assert "引文已标黄" in page.inner_text("#pq-original")  # the page image, the passage marked on it
    assert "21.5公里" in page.inner_text("#pq-original #pq-passage")  # and the text below it
    assert page.locator("#pq-original img").evaluate("e => e.naturalWidth") > 600
    page.screenshot(path=str(shots / "original_pdf.png"))
    page.keyboard.press("Escape")  # closes it as the button does
    page.wait_for_selector("#pq-original", state="hidden")


def test_export_the_conversation_as_markdown_with_its_sources(page, tmp_path: Path):
    ask(page, "两委交叉任职比例是多少")
    with page.expect_download() as download:
        page.click("#pq-export")
    path = tmp_path / "chat.md"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert "两委交叉任职比例是多少" in text and "87.7%" in text
    assert re.search(r"\[1\] 《[^》]*开展三级联创活动的情况汇报》（[^）]*六、夯实基础", text)


def test_an_answer_by_year_is_a_cited_table_that_opens_in_compare(page):
    chat, _ = ask(page, "2013年到2018年GDP增长目标分别是多少")
    for year, value in [("2013", "7.5%"), ("2016", "6.5%"), ("2018", "6.5%")]:
        assert f"{year}年" in chat and value in chat
    assert page.locator("#pq-chat table").count() == 1
    page.click("#pq-open-compare")
    compare_table_shows(page, "2018")
    table = page.inner_text("#pq-c-table")
    assert "2013" in table and "7.5%" in table and "2012" not in table and "2019" not in table
    assert page.input_value("#pq-c-ind textarea, #pq-c-ind input").startswith("GDP")
    page.wait_for_selector("#pq-c-plot img")


def test_a_second_comparison_draws_its_own_chart_and_units(page):
    tab(page, "对比")
    page.fill("#pq-c-ind textarea, #pq-c-ind input", "城镇新增就业目标")
    page.fill("#pq-c-from input", "2013")
    page.fill("#pq-c-to input", "2018")
    page.click("#pq-c-go")
    compare_table_shows(page, "1100万人以上")
    first = page.get_attribute("#pq-c-plot img", "src")
    assert "万人" in page.inner_text("#pq-c-table")
    page.fill("#pq-c-ind textarea, #pq-c-ind input", "GDP增长目标")
    page.click("#pq-c-go")
    compare_table_shows(page, "7.5%")
    page.wait_for_function("src => document.querySelector('#pq-c-plot img')?.src !== src", arg=first)


def test_gradio_own_words_are_chinese(page, browser_app):
    tab(page, "问答")
    if not page.is_visible("#pq-from input"):
        page.get_by_text("筛选", exact=True).first.click()
    page.fill("#pq-question textarea", "GDP增长目标")
    page.fill("#pq-from input", "3000")
    page.click("#pq-send")
    toast = page.locator("[data-testid='toast-body']").first
    toast.wait_for()
    title = toast.locator(".toast-title")
    shown = title.evaluate("e => getComputedStyle(e, '::before').content") + title.inner_text()
    assert "错误" in shown and "Error" not in toast.inner_text()  # Gradio's own title is hidden
    assert "1900 到 2100" in toast.inner_text()
    page.wait_for_selector("#pq-send", state="visible")  # a refused question leaves the chat usable
    assert "Error" not in page.inner_text("#pq-chat") and "Error" not in page.inner_text("#pq-sources")
    log = browser_app.log.read_text(encoding="utf-8")
    said = [line for line in log.splitlines() if "收到 3000" in line]
    assert len(said) == 1 and "Traceback" not in log  # one line on the terminal, not Gradio's traceback
    page.locator("[data-testid='toast-close']").first.click()
    page.fill("#pq-from input", "")


def test_search_the_report_list(page):
    tab(page, "知识库")
    page.fill("#pq-k-search textarea, #pq-k-search input", "2016 国务院")
    page.wait_for_function("() => !document.querySelector('#pq-docs').innerText.includes('2013')")
    assert "2016" in page.inner_text("#pq-docs")
    page.fill("#pq-k-search textarea, #pq-k-search input", "")
    page.wait_for_function("() => document.querySelector('#pq-docs').innerText.includes('2013')")


def test_delete_a_report_removes_it_from_list_and_answers(page):
    """…also when it is chosen in 问答's filter: the filter lets go of it, later questions answer."""
    tab(page, "问答")
    if not page.is_visible("#pq-f-docs"):
        page.get_by_text("筛选", exact=True).first.click()
    choose(page, "pq-f-docs", "开展三级联创活动的情况汇报")
    tab(page, "知识库")
    choose(page, "pq-k-doc", "开展三级联创活动的情况汇报")
    page.click("#pq-k-delete")  # not confirmed: a message says how, nothing is deleted
    warning = page.locator("[data-testid='toast-body']", has_text="请先勾选“确认删除”")
    warning.wait_for()
    assert "yutai_xiang_sanji_lianchuang" in page.inner_text("#pq-docs")
    page.check("#pq-k-confirm input")
    assert warning.is_visible()  # there to be read until the delete is done
    page.click("#pq-k-delete")
    page.wait_for_selector("#pq-k-msg :text('已删除')")
    warning.wait_for(state="detached", timeout=3000)  # gone with the delete done, not in 10 s
    page.wait_for_function("() => !document.querySelector('#pq-docs').innerText.includes('yutai_xiang')")

    chat, sources = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" not in chat and "开展三级联创活动的情况汇报" not in sources
    assert "Value" not in page.inner_text("body") and "三级联创" not in page.inner_text("#pq-f-docs")
    chat, _ = ask(page, "2018年城镇新增就业目标是多少")
    assert "1100万人以上" in chat
