"""The 对比 tab: one indicator across reports as a table, a chart by year (PNG, downloadable) and a
CSV export."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from core.errors import UserError
from qa.chart import chart
from webui.errors import bound, user_errors
from webui.forms import Pickers, filters_from
from webui.render import COMPARE_HEADERS, comparison_csv, comparison_rows
from webui.service import AppService

EXAMPLES = ["GDP增长目标", "城镇新增就业", "居民消费价格涨幅", "财政赤字率"]


@dataclass
class CompareForm:
    """What other tabs need to open a comparison here: its inputs, outputs and handler."""

    indicator: gr.Textbox
    year_from: gr.Number
    year_to: gr.Number
    inputs: list[Any]
    outputs: list[Any]
    run: Any


@user_errors
def compare(
    service: AppService, indicator: str, issuer: str, year_from: Any, year_to: Any, doc_ids: list[str]
) -> tuple[pd.DataFrame, Any, Any, Any]:
    """The table, the chart (a PNG file), the chart's and the CSV's download buttons."""
    if not (indicator or "").strip():
        raise UserError("请输入要对比的指标，例如：GDP增长目标")
    filters = filters_from(doc_ids, issuer, year_from, year_to)
    comparison = service.qa.compare(indicator, filters)
    if not comparison.rows:
        raise UserError("没有符合筛选条件的报告。请放宽年份范围或发布机关")
    folder = Path(tempfile.mkdtemp(prefix="policyqa-compare-"))
    name = indicator.strip()[:20].replace("/", "_")
    csv_path, png_path = folder / f"对比_{name}.csv", folder / f"对比_{name}.png"
    csv_path.write_text(comparison_csv(comparison), encoding="utf-8-sig")
    chart(comparison, png_path)
    table = pd.DataFrame(comparison_rows(comparison), columns=COMPARE_HEADERS)
    return (
        table,
        str(png_path),
        gr.update(value=str(png_path), interactive=True),
        gr.update(value=str(csv_path), interactive=True),
    )


def started() -> tuple[Any, Any, Any, Any]:
    """What shows while a comparison is made: no table, chart or downloads of the one before (a
    click on 导出 CSV meanwhile had saved the previous comparison's file)."""
    off = gr.update(value=None, interactive=False)
    return pd.DataFrame(columns=COMPARE_HEADERS), None, off, off


def compare_tab(service: AppService, pickers: Pickers) -> CompareForm:
    """The tab's layout and wiring (inside gr.Tabs)."""
    with gr.Tab("对比", id="compare"):
        with gr.Row():
            indicator = gr.Textbox(label="指标", placeholder="例如：GDP增长目标", scale=3, elem_id="pq-c-ind")
            issuer = pickers.issuer(scale=2)
            year_from = gr.Number(
                label="起始年份", precision=0, value=None, scale=1, elem_id="pq-c-from", placeholder="不限"
            )
            year_to = gr.Number(
                label="结束年份", precision=0, value=None, scale=1, elem_id="pq-c-to", placeholder="不限"
            )
        docs = pickers.report(multiselect=True, label="或指定报告", value=[], info="不选则对比全部报告")
        gr.Examples(EXAMPLES, inputs=indicator, label="示例指标")
        with gr.Row():
            go = gr.Button("对比", variant="primary", elem_id="pq-c-go")
            png = gr.DownloadButton("下载图表 PNG", value=None, interactive=False, elem_id="pq-c-png")
            csv = gr.DownloadButton("导出 CSV", value=None, interactive=False, elem_id="pq-c-csv")
        table = gr.Dataframe(
            headers=COMPARE_HEADERS,
            interactive=False,
            wrap=True,
            elem_id="pq-c-table",
            column_widths=["6%", "14%", "8%", "8%", "9%", "5%", "38%", "12%"],
        )
        plot = gr.Image(
            label="按年份",
            type="filepath",
            interactive=False,
            elem_id="pq-c-plot",
            buttons=["fullscreen"],
        )
    inputs = [indicator, issuer, year_from, year_to, docs]
    outputs = [table, plot, png, csv]
    run = bound(compare, service)
    for trigger, named in (
        (go.click, {"api_name": "compare"}),
        (indicator.submit, {"api_visibility": "private"}),
    ):
        trigger(started, None, outputs, queue=False, api_visibility="private").then(
            run, inputs, outputs, **named
        )
    return CompareForm(indicator, year_from, year_to, inputs, outputs, run)
