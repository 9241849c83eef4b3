"""The 知识库 tab: upload with progress and a result per file, the list of stored reports, metadata
edit, re-ingest and delete. Every change refreshes the report and issuer pickers of all tabs.
With webui/service.py, the app's upload path: the only modules above the store that import ingest/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from core.errors import UserError
from core.types import LEVEL_LABELS, LEVELS, ReportMeta
from ingest.near_duplicates import POLICY_LABELS
from ingest.pipeline import STATUS_LABELS, IngestReport
from webui.errors import bound, notice, user_errors
from webui.forms import TRACK, Pickers, year_field
from webui.page import dismiss_notices_when
from webui.service import ALLOWED, AppService

DOC_HEADERS = ["ID", "标题", "发布机关", "年份", "层级", "类型", "块数", "格式", "来源文件"]


def _doc_rows(service: AppService, query: str = "") -> list[list[Any]]:
    """The table of reports; with `query`, only the reports whose ID, title, issuer, year, type or
    file name hold every word of it (a year and a word: "2016 国务院")."""
    rows = [
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
    words = (query or "").split()
    return [row for row in rows if all(w.lower() in " ".join(map(str, row)).lower() for w in words)]


def search_reports(service: AppService, query: str) -> list[list[Any]]:
    """The table filtered by the search box."""
    return _doc_rows(service, query)


def _report_lines(report: IngestReport) -> str:
    lines = []
    for r in report.results:
        name = Path(r.path).name
        if r.status == "failed":
            lines.append(f"- ✗ **{name}**：{r.message}")
        elif r.status == "duplicate":
            lines.append(f"- ○ **{name}**：{r.message}")
        else:
            note = f"。注意：{r.message}" if r.message else ""
            lines.append(f"- ✓ **{name}** → `{r.doc_id}`（{STATUS_LABELS[r.status]}，{r.chunks} 块）{note}")
    return "\n".join([f"**导入结果**：{report.summary()}", *lines])


@dataclass
class Lists:
    """Everything that lists reports: the table, this tab's picker, and every tab's pickers."""

    service: AppService
    pickers: Pickers
    table: Any = None
    picker: Any = None

    @property
    def outputs(self) -> list[Any]:
        return [self.table, self.picker, *self.pickers.all]

    def refreshed(self, keep: str | None = None) -> tuple:
        """Every list of reports, after the store changed; `keep` stays chosen in the form."""
        return (
            _doc_rows(self.service),
            gr.update(choices=self.pickers.report_choices(), value=keep),
            *self.pickers.updates(),
        )


@user_errors
def upload(lists: Lists, files: list[str] | None, near: str, progress: gr.Progress = TRACK) -> tuple:
    """Check, keep and ingest the chosen files; each file's result, and the lists refreshed."""
    if not files:
        raise UserError("请先选择要上传的文件")
    progress(0, desc="检查文件")
    report = lists.service.upload(
        [(Path(f), Path(f).name) for f in files],
        on_progress=lambda f, msg: progress(f, desc=msg),
        near_duplicates=near or "skip",
    )
    if report.failed:
        notice(f"{len(report.failed)} 个文件未能导入，原因见导入结果")
    return (_report_lines(report), None, *lists.refreshed())


@user_errors
def pick(service: AppService, doc_id: str | None) -> tuple:
    """The metadata form filled with the chosen report's fields."""
    if not doc_id:  # cleared after a delete: the form empties, the delete's note stays
        return "", "", None, "", "", gr.skip()
    r = service.document(doc_id)
    info = (
        f"`{r.doc_id}` · {r.chunk_count} 块 · {r.format or ''} · 来源 {Path(r.source).name}"
        f" · 导入于 {r.ingested_at}"
    )
    meta = r.meta
    return meta.title or "", meta.issuer or "", meta.year, meta.level or "", meta.report_type or "", info


@user_errors
def save(
    lists: Lists, doc_id: str | None, title: str, issuer: str, year: Any, level: str, kind: str
) -> tuple:
    """Save the edited metadata (kept across re-ingests)."""
    if not doc_id:
        raise UserError("请先选择一篇报告")
    meta = ReportMeta(
        title=title.strip() or None,
        issuer=issuer.strip() or None,
        year=year_field(year, "年份"),
        level=level or None,
        report_type=kind.strip() or None,
    )
    lists.service.update_metadata(doc_id, meta)
    return (f"已保存 `{doc_id}` 的元数据。", *lists.refreshed(keep=doc_id))


@user_errors
def delete(lists: Lists, doc_id: str | None, confirmed: bool) -> tuple:
    """Delete the chosen report once 确认删除 is ticked; before that, a warning and nothing done."""
    if not doc_id or not confirmed:
        problem = "删除不可撤销：请先勾选“确认删除”，再点“删除报告”" if doc_id else "请先选择要删除的报告"
        notice(problem)
        return (problem, *[gr.skip()] * (len(lists.outputs) + 1))
    record = lists.service.delete(doc_id)
    return (f"已删除《{record.meta.title or doc_id}》（`{doc_id}`）。", False, *lists.refreshed())


@user_errors
def reingest(lists: Lists, doc_id: str | None, progress: gr.Progress = TRACK) -> tuple:
    """Ingest the chosen report's file again."""
    if not doc_id:
        raise UserError("请先选择要重新导入的报告")
    result = lists.service.reingest(doc_id, on_progress=lambda f, msg: progress(f, desc=msg))
    if result.status == "failed":
        raise UserError(f"重新导入失败：{result.message}")
    note = f"`{doc_id}`：{STATUS_LABELS[result.status]}（{result.chunks} 块）。"
    return (note, *lists.refreshed(keep=doc_id))


def library_tab(service: AppService, pickers: Pickers) -> Lists:
    """The tab's layout and wiring (inside gr.Tabs); returns the lists, for the page load's refresh."""
    lists = Lists(service, pickers)
    with gr.Tab("知识库", id="kb"):
        gr.Markdown(
            f"可上传：{ALLOWED}（扫描版 PDF 和图片会做文字识别，较慢）。每个文件不超过 "
            f"{service.settings.upload_max_mb} MB。导入时仍可在“问答”页提问。"
        )
        with gr.Row():
            files, near, go, result = _upload_column()
            with gr.Column(scale=3):
                lists.picker = doc = gr.Dropdown(
                    pickers.report_choices(),
                    label="选择报告（编辑、删除、重新导入）",
                    info="从列表中选择一篇报告",
                    value=None,
                    elem_id="pq-k-doc",
                )
                with gr.Row():
                    title, issuer = gr.Textbox(label="标题"), gr.Textbox(label="发布机关")
                with gr.Row():
                    year = gr.Number(label="年份", precision=0, placeholder="未知")
                    level = gr.Dropdown(
                        [("", ""), *[(LEVEL_LABELS[x], x) for x in LEVELS]], label="层级", value=""
                    )
                    kind = gr.Textbox(label="类型", placeholder="政府工作报告 / 工作汇报 / 情况汇报…")
                with gr.Row():
                    save_btn, again = gr.Button("保存元数据"), gr.Button("重新导入")
                    confirm = gr.Checkbox(label="确认删除", value=False, elem_id="pq-k-confirm")
                    remove = gr.Button("删除报告", variant="stop", elem_id="pq-k-delete")
                msg = gr.Markdown(elem_id="pq-k-msg")
        search = _report_table(lists)
    writes = {"concurrency_id": "ingest", "concurrency_limit": 1}
    out = lists.outputs
    # one progress bar, over the files being imported (the result box below is empty, 0 px high,
    # until the import ends, and clips a bar drawn over it); not on every list the upload refreshes
    go.click(
        bound(upload, lists),
        [files, near],
        [result, files, *out],
        api_name="upload",
        show_progress_on=files,
        **writes,
    )
    doc.change(bound(pick, service), doc, [title, issuer, year, level, kind, msg], api_visibility="private")
    fields = [doc, title, issuer, year, level, kind]
    save_btn.click(bound(save, lists), fields, [msg, *out], api_name="save_metadata", **writes)
    remove.click(
        bound(delete, lists), [doc, confirm], [msg, confirm, *out], api_name="delete", **writes
    ).success(None, msg, None, js=dismiss_notices_when("已删除"))
    again.click(bound(reingest, lists), doc, [msg, *out], api_name="reingest", show_progress_on=doc, **writes)
    search.change(bound(search_reports, service), search, lists.table, api_visibility="private")
    return lists


def _upload_column() -> tuple[gr.File, gr.Radio, gr.Button, gr.Markdown]:
    """The upload box, the near-duplicate policy, the import button and the per-file result."""
    with gr.Column(scale=2):
        # No file_types: the browser's own refusal is in English and names no reason; the
        # app checks each file and says why, in Chinese.
        files = gr.File(file_count="multiple", label="上传报告", elem_id="pq-upload")
        near = gr.Radio(
            [(label, key) for key, label in POLICY_LABELS.items()],
            value="skip",
            label="与已收录的报告内容相似时（同一报告的另一种格式或网页版）",
            elem_id="pq-near",
        )
        go = gr.Button("导入", variant="primary", elem_id="pq-import")
        result = gr.Markdown(elem_id="pq-import-result")
    return files, near, go, result


def _report_table(lists: Lists) -> gr.Textbox:
    """The table of reports and its search box (returned, for wiring)."""
    search = gr.Textbox(
        label="搜索报告",
        placeholder="输入标题、发布机关、年份或文件名中的词，例如：2016 国务院",
        elem_id="pq-k-search",
    )
    lists.table = gr.Dataframe(
        _doc_rows(lists.service),
        headers=DOC_HEADERS,
        interactive=False,
        wrap=True,
        label="已收录的报告",
        elem_id="pq-docs",
    )
    return search
