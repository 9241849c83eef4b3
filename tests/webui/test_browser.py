"""The app in a real browser: Debian's Chromium driven by Playwright, against `python app.py` on a
free loopback port with a temporary store. The tests run in order, like one user's session: ask,
upload a .docx and ask about it, compare, summarize, use a model endpoint, refuse a bad upload;
tests/webui/test_browser_chat.py goes on in the same page (stop, regenerate, sources, 打开原文,
export, 在对比中打开, search, delete).

Screenshots go to $POLICYQA_SCREENSHOTS when set (the README's come from there).
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from tests.conftest import FORMAT_SAMPLES, TEST_DATA
from tests.openai_server import ChatServer
from tests.webui.browser import (
    INGEST_TIMEOUT,
    ask,
    choose,
    grounded_reply,
    progress_seen,
    tab,
    uploaded,
    use_backend,
)


def test_the_tabs_are_named_once_each(page):
    tabs = page.get_by_role("tab")
    assert [tabs.nth(i).inner_text() for i in range(tabs.count())] == [
        "问答",
        "摘要",
        "对比",
        "知识库",
        "设置",
    ]


def test_ask_shows_the_figure_and_its_source(page, shots: Path):
    chat, sources = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" in chat and "[1]" in chat
    assert "回答方式" not in chat and "回答方式：抽取式" in page.inner_text("#pq-backend")  # said once
    assert "六、夯实基础" in sources and "开展三级联创活动的情况汇报" in sources
    assert page.inner_text("#pq-sources mark") == "87.7%"  # the answering figure is highlighted
    page.click("#pq-sources .pq-context summary")  # the surrounding paragraph opens
    context = page.inner_text("#pq-sources .pq-context p")
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


def test_an_example_indicator_compared_with_the_years_left_empty_covers_every_year(page):
    tab(page, "对比")
    page.get_by_role("button", name="GDP增长目标", exact=True).filter(visible=True).first.click()
    page.wait_for_function("() => document.querySelector('#pq-c-ind textarea, #pq-c-ind input').value !== ''")
    page.click("#pq-c-go")
    page.wait_for_function("() => document.querySelector('#pq-c-table').innerText.includes('2018')")
    assert "2013" in page.inner_text("#pq-c-table")
    assert "1900 到 2100" not in page.inner_text("body")


def test_compare_gives_table_chart_and_csv(page, shots: Path, tmp_path: Path):
    tab(page, "对比")
    page.fill("#pq-c-ind textarea, #pq-c-ind input", "GDP增长目标")
    page.fill("#pq-c-from input", "2013")
    page.fill("#pq-c-to input", "2018")
    before = page.inner_text("#pq-c-table")  # the previous test's comparison, 2018 included
    page.click("#pq-c-go")
    # while it is made, nothing of the previous comparison can be downloaded
    page.wait_for_function("() => document.querySelector('#pq-c-csv').disabled")
    page.wait_for_function(
        "b => { const t = document.querySelector('#pq-c-table').innerText; return t != b && /2018/.test(t) }",
        arg=before,
    )
    table = page.inner_text("#pq-c-table")
    for year, value in [("2013", "7.5%"), ("2015", "7%"), ("2016", "6.5%"), ("2018", "6.5%")]:
        assert year in table and value in table
    page.wait_for_selector("#pq-c-plot img")
    with page.expect_download() as chart_download:
        page.click("#pq-c-png")
    png = tmp_path / "chart.png"
    chart_download.value.save_as(png)
    assert png.read_bytes()[:4] == b"\x89PNG" and chart_download.value.suggested_filename.endswith(".png")
    with page.expect_download() as download:
        page.click("#pq-c-csv")
    assert "GDP增长目标" in download.value.suggested_filename, download.value.suggested_filename
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


def test_summary_of_a_section_cites_each_sentence(page, shots: Path, tmp_path: Path):
    tab(page, "摘要")
    choose(page, "pq-s-doc", "开展三级联创活动的情况汇报")
    page.wait_for_function("() => document.querySelector('#pq-outline').innerText.includes('六、夯实基础')")
    page.fill("#pq-section input", "第六部分")
    page.keyboard.press("Enter")
    page.click("#pq-s-go")
    page.wait_for_function("() => document.querySelector('#pq-summary').innerText.includes('[1]')")
    summary = page.inner_text("#pq-summary")
    assert "六、夯实基础" in summary and len(re.findall(r"\[\d+\]", summary)) >= 3  # several sentences…
    cards = page.locator("#pq-summary-cards .pq-source")
    assert cards.count() >= 1 and all(f"[{i + 1}]" in summary for i in range(cards.count()))  # …each cited
    with page.expect_download() as download:
        page.click("#pq-s-export")
    path = tmp_path / "summary.md"
    download.value.save_as(path)
    exported = path.read_text(encoding="utf-8")
    assert "来源：" in exported and "- [1] 《" in exported and "六、夯实基础" in exported
    page.screenshot(path=str(shots / "summary.png"), full_page=True)


def test_a_model_endpoint_set_in_the_page_answers_and_is_checked(page):
    with ChatServer(grounded_reply) as server:
        use_backend(page, "大模型（OpenAI 兼容接口）", server.base_url, "scripted-model")
        chat, sources = ask(page, "两委交叉任职比例是多少")
        assert server.requests and server.requests[-1]["stream"] is True
    assert "87.7%[1]" in chat and "回答方式：大模型 scripted-model" in page.inner_text("#pq-backend")
    assert "六、夯实基础" in sources
    # The endpoint is gone now: the answer falls back to the extractive backend and says so.
    chat, _ = ask(page, "两委交叉任职比例是多少")
    assert "87.7%" in chat and "这条是抽取式回答" in chat
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


def test_an_import_shows_its_progress_over_the_files_and_the_report_can_be_deleted(page, tmp_path: Path):
    """A report not embedded before (so the import takes seconds): the bar and its message are seen
    where the files were, not clipped inside the empty result box."""
    report = tmp_path / "2002年政府工作报告（节选）.txt"
    shutil.copy(TEST_DATA / "guowuyuan_2002_excerpt.txt", report)
    tab(page, "知识库")
    page.set_input_files("#pq-upload input[type=file]", str(report))
    uploaded(page, "2002年政府工作报告")
    page.click("#pq-import")
    assert progress_seen(page, "2002年政府工作报告") == "pq-upload"
    page.wait_for_function(  # (the box still holds the refused upload's result until this one's)
        "() => document.querySelector('#pq-import-result').innerText.includes('2002年政府工作报告')",
        timeout=INGEST_TIMEOUT,
    )
    assert "新增 1" in page.inner_text("#pq-import-result")

    choose(page, "pq-k-doc", "2002")  # leave the session's store as the later tests expect it
    page.check("#pq-k-confirm input")
    page.click("#pq-k-delete")
    page.wait_for_selector("#pq-k-msg :text('已删除')")
    page.wait_for_function("() => !document.querySelector('#pq-docs').innerText.includes('2002')")
