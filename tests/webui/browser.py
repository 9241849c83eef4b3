"""What the browser tests share: Chromium's path and flags, and the steps a person takes in the
app (open a tab, ask, pick from a dropdown, choose a backend). The app and the page are fixtures in
tests/webui/conftest.py, shared by every browser test module of the session."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

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


def tab(page, name: str) -> None:
    """Open a tab (Gradio may also render an overflow copy of the tab buttons: take the visible one)."""
    page.get_by_role("tab", name=name).filter(visible=True).first.click()


def ask(page, question: str, new: bool = True) -> tuple[str, str]:
    """One question (in a new conversation unless `new` is False); returns (the chat's text, the
    text of the newest answer's sources)."""
    tab(page, "问答")
    if new:
        page.get_by_role("button", name="新对话").click()
        page.wait_for_function("() => !document.querySelector('#pq-sources .pq-turn')")
    answered = page.locator("#pq-sources .pq-turn").count()
    page.fill("#pq-question textarea", question)
    page.click("#pq-send")
    page.wait_for_function("n => document.querySelectorAll('#pq-sources .pq-turn').length > n", arg=answered)
    page.wait_for_selector("#pq-send", state="visible")
    return page.inner_text("#pq-chat"), page.inner_text("#pq-sources .pq-turn[open]")


def uploaded(page, stem: str, timeout: float = ANSWER_TIMEOUT) -> None:
    """Wait until the upload box lists a file (it shows the name's stem, extension and size apart)."""
    page.wait_for_function(
        "stem => document.querySelector('#pq-upload').innerText.includes(stem)", arg=stem, timeout=timeout
    )


def choose(page, elem_id: str, option_text: str) -> None:
    """Pick a Gradio dropdown option by (part of) its label."""
    page.click(f"#{elem_id} input")
    page.get_by_role("option", name=option_text).first.click()


def grounded_reply(request: dict) -> str:
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


def compare_table_shows(page, text: str) -> None:
    """Wait until the 对比 table holds `text` (the tab's content may not be drawn yet)."""
    page.wait_for_function(
        "t => (document.querySelector('#pq-c-table')?.innerText || '').includes(t)", arg=text
    )


# The area of an element's box left after every ancestor that clips its overflow: what can be seen.
VISIBLE_AREA = """e => { const r = e.getBoundingClientRect();
  let [l, t, rt, b] = [r.left, r.top, r.right, r.bottom];
  for (let x = e.parentElement; x; x = x.parentElement) {
    if (getComputedStyle(x).overflow === 'visible') continue;
    const c = x.getBoundingClientRect();
    [l, t, rt, b] = [Math.max(l, c.left), Math.max(t, c.top), Math.min(rt, c.right), Math.min(b, c.bottom)];
  }
  return Math.max(0, rt - l) * Math.max(0, b - t); }"""


def progress_seen(page, text: str, timeout: float = ANSWER_TIMEOUT) -> str:
    """Wait until a progress bar whose message holds `text` can be seen (not clipped away by the
    box it is drawn over); returns the id of the component it is drawn over."""
    return page.wait_for_function(
        f"""text => {{ const bar = [...document.querySelectorAll('.progress-level')]
              .find(e => e.innerText.includes(text) && ({VISIBLE_AREA})(e) > 100);
            return bar && (bar.closest('[id]') || {{}}).id || false; }}""",
        arg=text,
        timeout=timeout,
    ).json_value()
