"""The app as an MCP server (python app.py --mcp, POLICYQA_MCP=1): 问答, 对比, 摘要 and the report list
as four tools, each returning the JSON its command line prints. Gradio lists every public endpoint
as a tool, so with the option on the UI's own endpoints (/chat, /ask, /upload…) become undocumented:
still callable by gradio_client, never tools."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import gradio as gr

from retriever.query import Filters
from store import StoreError
from webui.errors import user_errors
from webui.forms import filters_from
from webui.service import AppService

MCP_PATH = "gradio_api/mcp/"


def mcp_url(settings: Any) -> str:
    """Where MCP clients connect (streamable HTTP; SSE clients add `sse`)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(settings.host, settings.host)
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}/{MCP_PATH}"


def as_json(value: Any, indent: int = 1) -> str:
    """The text the command line prints with --json (Gradio would hand a client a dict's repr)."""
    return json.dumps(value, ensure_ascii=False, indent=indent)


class Tools:
    """The four tools over one service, as bound methods: gr.api reads their inputs from the type
    hints (without self) and their descriptions (Chinese, then English) from the docstrings."""

    def __init__(self, service: AppService) -> None:
        self.service = service

    def all(self) -> list[Callable[..., str]]:
        return [self.ask, self.compare, self.summarize, self.list_reports]

    def stored(self, doc_ids: list[str] | None) -> list[str] | None:
        """The doc_ids asked for when each is a stored report; a message naming the others if not."""
        unknown = [d for d in doc_ids or [] if self.service.store.get_document(d) is None]
        if unknown:
            raise StoreError(
                f"知识库中没有文档 {'、'.join(unknown)}。请先用 list_reports 查看已收录报告的 id"
            )
        return doc_ids or None

    @user_errors
    def ask(
        self,
        question: str,
        doc_ids: list[str] | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
    ) -> str:
        """问答：就已收录的政策报告（政府工作报告、工作汇报等）提问，
        返回答案和编号出处（报告、年份、发布机关、章节、原文句子）；
        报告中没有答案时 found 为 false。
        Ask a question about the stored Chinese policy reports: the answer with numbered citations
        (report, year, issuer, section, quoted sentence) as the JSON of `python -m qa ask --json`;
        found is false when the reports do not hold the answer.

        Args:
            question: 问题，例如“两委交叉任职比例是多少” / the question, in Chinese
            doc_ids: 只在这些报告中查找（id 见 list_reports）/ only these reports (ids from list_reports)
            year_from: 起始年份 / first report year
            year_to: 结束年份 / last report year
        """
        filters = filters_from(self.stored(doc_ids), None, year_from, year_to)
        return as_json(self.service.qa.ask(question, [], filters).to_dict())

    @user_errors
    def compare(
        self,
        indicator: str,
        year_from: int | None = None,
        year_to: int | None = None,
        issuer: str | None = None,
        doc_ids: list[str] | None = None,
    ) -> str:
        """对比：同一指标在各报告中的数值，每份报告一行（数值、单位、所述年份、目标或实际、原文、章节）。
        Compare one indicator across the reports: one cited row per report (value, unit, year
        described, target or actual, quote, section) as the JSON of `python -m qa compare --json`.

        Args:
            indicator: 指标，例如“GDP增长目标”“城镇新增就业” / the indicator, in Chinese
            year_from: 起始年份 / first report year
            year_to: 结束年份 / last report year
            issuer: 发布机关，例如“国务院” / the issuing body
            doc_ids: 只比较这些报告（id 见 list_reports）/ only these reports (ids from list_reports)
        """
        filters = filters_from(self.stored(doc_ids), issuer, year_from, year_to)
        comparison = self.service.qa.compare(indicator or "", filters)
        if not comparison.rows:
            raise StoreError(f"没有符合条件的报告（{(filters or Filters()).describe()}）")
        return as_json(comparison.to_dict())

    @user_errors
    def summarize(self, doc_id: str, section: str | None = None, sentences: int = 6) -> str:
        """摘要：一篇报告或其中一节的摘要，每句注明出处。
        Summarize a report or one of its sections, every sentence cited, as the JSON of
        `python -m qa summarize --json`.

        Args:
            doc_id: 报告 id（见 list_reports）/ the report's id, from list_reports
            section: 章节序号（六、第六部分、6）或标题中的词，不填为全文 / section number or heading words
            sentences: 摘要句数，默认 6 / how many sentences (default 6)
        """
        if not (doc_id or "").strip():
            raise StoreError("请给出报告 id（可用 list_reports 查看）")
        self.stored([doc_id])
        return as_json(self.service.qa.summarize(doc_id, section or None, sentences).to_dict())

    @user_errors
    def list_reports(self) -> str:
        """报告列表：已收录的报告（id、标题、发布机关、年份、层级、类型、来源文件、块数）。
        List the stored reports (id, title, issuer, year, level, type, source file, chunks) as the
        JSON of `python -m ingest --list --json`.
        """
        return as_json([r.listing() for r in self.service.store.documents()], indent=2)


def mcp_tools(app: gr.Blocks, service: AppService) -> None:
    """With settings.mcp on, the four tools become the app's only public endpoints and so its only
    MCP tools; called last inside the Blocks, after every other handler. Off: nothing changes."""
    if not service.settings.mcp:
        return
    for fn in app.fns.values():
        if fn.api_visibility == "public":
            fn.api_visibility = "undocumented"
    for tool in Tools(service).all():
        gr.api(tool, api_name=f"mcp_{tool.__name__}")
