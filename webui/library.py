"""The 知识库 tab: upload with progress and a result per file, the list of stored reports, metadata
edit, re-ingest and delete. Every change refreshes the report and issuer pickers of all tabs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from core.types import LEVELS, ReportMeta
from ingest.errors import IngestError
from ingest.pipeline import STATUS_LABELS, IngestReport
from store import StoreError
from webui.forms import TRACK, Pickers, year_field
from webui.service import ALLOWED, AppService

DOC_HEADERS = ["ID", "标题", "发布机关", "年份", "层级", "类型", "块数", "格式", "来源文件"]
LEVEL_LABELS = {
    "national": "全国",
    "provincial": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
}


def _doc_rows(service: AppService) -> list[list[Any]]:
    return [
        [
            r.doc_id,
            r.meta.title or "",
            r.meta.issuer or "",
            r.meta.year or "",
            LEVEL_LABELS.get(r.meta.level or "", r.meta.level or ""),
            r.meta.report_type or "",
            r.chunk_count,
            r.format or "",
            Path(r.source).name,
        ]
        for r in service.documents()
    ]


def _report_lines(report: IngestReport) -> str:
    lines = []
    for r in report.results:
        name = Path(r.path).name
        if r.status == "failed":
            lines.append(f"- ✗ **{name}**：{r.message}")
        elif r.status == "duplicate":
            lines.append(f"- = **{name}**：{r.message}")
        else:
            lines.append(f"- ✓ **{name}** → `{r.doc_id}`（{STATUS_LABELS[r.status]}，{r.chunks} 块）")
    return "\n".join([f"**导入结果**：{report.summary()}", *lines])


def library_tab(service: AppService, pickers: Pickers) -> tuple[Callable[[], tuple], list[Any]]:
    """Builds the tab (inside gr.Tabs); returns the refresh function and the components it updates,
    for the page load."""
    settings = service.settings
    with gr.Tab("知识库", id="kb"):
        gr.Markdown(
            f"可上传：{ALLOWED}（扫描版 PDF 和图片会做文字识别，较慢）。每个文件不超过 "
            f"{settings.upload_max_mb} MB。导入时仍可在“问答”页提问。"
        )
        with gr.Row():
            with gr.Column(scale=2):
                k_files = gr.File(
                    file_count="multiple",
                    # No file_types: the browser's own refusal is in English and names no
                    # reason; the app checks each file and says why, in Chinese.
                    label="上传报告",
                    elem_id="pq-upload",
                )
                k_go = gr.Button("导入", variant="primary", elem_id="pq-import")
                k_result = gr.Markdown(elem_id="pq-import-result")
            with gr.Column(scale=3):
                k_doc = gr.Dropdown(
                    pickers.report_choices(),
                    label="选择报告（编辑、删除、重新导入）",
                    value=None,
                    elem_id="pq-k-doc",
                )
                with gr.Row():
                    m_title = gr.Textbox(label="标题")
                    m_issuer = gr.Textbox(label="发布机关")
                with gr.Row():
                    m_year = gr.Number(label="年份", precision=0)
                    m_level = gr.Dropdown(
                        [("", ""), *[(LEVEL_LABELS[x], x) for x in LEVELS]], label="层级", value=""
                    )
                    m_type = gr.Textbox(label="类型", placeholder="政府工作报告 / 工作汇报 / 情况汇报…")
                with gr.Row():
                    k_save = gr.Button("保存元数据")
                    k_reingest = gr.Button("重新导入")
                    k_confirm = gr.Checkbox(label="确认删除", value=False, elem_id="pq-k-confirm")
                    k_delete = gr.Button("删除报告", variant="stop", elem_id="pq-k-delete")
                k_msg = gr.Markdown(elem_id="pq-k-msg")
        k_table = gr.Dataframe(
            _doc_rows(service),
            headers=DOC_HEADERS,
            interactive=False,
            wrap=True,
            label="已收录的报告",
            elem_id="pq-docs",
        )

    def refreshed(keep: str | None = None) -> tuple:
        """Every list of reports, after the store changed; `keep` stays chosen in the form."""
        return (
            _doc_rows(service),
            gr.update(choices=pickers.report_choices(), value=keep),
            *pickers.updates(),
        )

    lists = [k_table, k_doc, *pickers.all]

    def upload(files: list[str] | None, progress: gr.Progress = TRACK) -> tuple:
        if not files:
            raise gr.Error("请先选择要上传的文件")
        progress(0, desc="检查文件")
        report = service.upload(
            [(Path(f), Path(f).name) for f in files], on_progress=lambda f, msg: progress(f, desc=msg)
        )
        if report.failed:
            gr.Warning(f"{len(report.failed)} 个文件未能导入，原因见导入结果")
        return (_report_lines(report), None, *refreshed())

    k_go.click(
        upload,
        k_files,
        [k_result, k_files, *lists],
        api_name="upload",
        concurrency_limit=1,
        concurrency_id="ingest",
    )

    def pick(doc_id: str | None) -> tuple:
        if not doc_id:  # cleared after a delete: the form empties, the delete's note stays
            return "", "", None, "", "", gr.skip()
        r = service.document(doc_id)
        info = (
            f"`{r.doc_id}` · {r.chunk_count} 块 · {r.format or ''} · 来源 {Path(r.source).name}"
            f" · 导入于 {r.ingested_at}"
        )
        return (
            r.meta.title or "",
            r.meta.issuer or "",
            r.meta.year,
            r.meta.level or "",
            r.meta.report_type or "",
            info,
        )

    k_doc.change(pick, k_doc, [m_title, m_issuer, m_year, m_level, m_type, k_msg], api_visibility="private")

    def save(doc_id: str | None, title: str, issuer: str, year: Any, level: str, kind: str) -> tuple:
        if not doc_id:
            raise gr.Error("请先选择一篇报告")
        meta = ReportMeta(
            title=title.strip() or None,
            issuer=issuer.strip() or None,
            year=year_field(year, "年份"),
            level=level or None,
            report_type=kind.strip() or None,
        )
        try:
            service.update_metadata(doc_id, meta)
        except StoreError as e:
            raise gr.Error(str(e)) from None
        return (f"已保存 `{doc_id}` 的元数据。", *refreshed(keep=doc_id))

    k_save.click(
        save,
        [k_doc, m_title, m_issuer, m_year, m_level, m_type],
        [k_msg, *lists],
        api_name="save_metadata",
        concurrency_id="ingest",
        concurrency_limit=1,
    )

    def delete(doc_id: str | None, confirmed: bool) -> tuple:
        # Nothing done yet: a warning and a note, and the form stays as it is.
        if not doc_id or not confirmed:
            problem = "删除不可撤销：请先勾选“确认删除”，再点“删除报告”" if doc_id else "请先选择要删除的报告"
            gr.Warning(problem)
            return (problem, *[gr.skip()] * (len(lists) + 1))
        try:
            record = service.delete(doc_id)
        except StoreError as e:
            raise gr.Error(str(e)) from None
        return (f"已删除《{record.meta.title or doc_id}》（`{doc_id}`）。", False, *refreshed())

    k_delete.click(
        delete,
        [k_doc, k_confirm],
        [k_msg, k_confirm, *lists],
        api_name="delete",
        concurrency_id="ingest",
        concurrency_limit=1,
    )

    def reingest(doc_id: str | None, progress: gr.Progress = TRACK) -> tuple:
        if not doc_id:
            raise gr.Error("请先选择要重新导入的报告")
        try:
            result = service.reingest(doc_id, on_progress=lambda f, msg: progress(f, desc=msg))
        except (StoreError, IngestError) as e:
            raise gr.Error(str(e)) from None
        if result.status == "failed":
            raise gr.Error(f"重新导入失败：{result.message}")
        note = f"`{doc_id}`：{STATUS_LABELS[result.status]}（{result.chunks} 块）。"
        return (note, *refreshed(keep=doc_id))

    k_reingest.click(
        reingest,
        k_doc,
        [k_msg, *lists],
        api_name="reingest",
        concurrency_id="ingest",
        concurrency_limit=1,
    )

    return refreshed, lists
