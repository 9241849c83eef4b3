"""The 对比 tab: one indicator across reports as a table, a chart by year and a CSV export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from webui.errors import bound, user_errors
from webui.forms import Pickers, filters_from
from webui.render import COMPARE_HEADERS, comparison_csv, comparison_points, comparison_rows
from webui.service import AppService

EXAMPLES = ["GDP增长目标", "城镇新增就业", "居民消费价格涨幅", "财政赤字率"]


@user_errors
def compare(
    service: AppService, indicator: str, issuer: str, year_from: Any, year_to: Any, doc_ids: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, Any]:
    """The table, the chart's points and the CSV to download."""
    filters = filters_from(doc_ids, issuer, year_from, year_to)
    comparison = service.qa.compare(indicator or "", filters)
    if not comparison.rows:
        raise gr.Error("没有符合筛选条件的报告。请放宽年份范围或发布机关")
    folder = Path(tempfile.mkdtemp(prefix="policyqa-compare-"))
    path = folder / f"对比_{indicator.strip()[:20]}.csv"
    path.write_text(comparison_csv(comparison), encoding="utf-8-sig")
    table = pd.DataFrame(comparison_rows(comparison), columns=COMPARE_HEADERS)
    points = pd.DataFrame(comparison_points(comparison), columns=["年份", "数值", "系列"])
    return table, points, gr.update(value=str(path), interactive=True)


def compare_tab(service: AppService, pickers: Pickers) -> None:
    """The tab's layout and wiring (inside gr.Tabs)."""
    with gr.Tab("对比", id="compare"):
        with gr.Row():
            indicator = gr.Textbox(label="指标", placeholder="例如：GDP增长目标", scale=3, elem_id="pq-c-ind")
            issuer = pickers.issuer(scale=2)
            year_from = gr.Number(label="起始年份", precision=0, value=None, scale=1, elem_id="pq-c-from")
            year_to = gr.Number(label="结束年份", precision=0, value=None, scale=1, elem_id="pq-c-to")
        docs = pickers.report(multiselect=True, label="或指定报告", value=[])
        gr.Examples(EXAMPLES, inputs=indicator, label="示例指标")
        with gr.Row():
            go = gr.Button("对比", variant="primary", elem_id="pq-c-go")
            csv = gr.DownloadButton("导出 CSV", value=None, interactive=False, elem_id="pq-c-csv")
        table = gr.Dataframe(
            headers=COMPARE_HEADERS,
            interactive=False,
            wrap=True,
            elem_id="pq-c-table",
            column_widths=["6%", "14%", "8%", "8%", "9%", "5%", "38%", "12%"],
        )
        plot = gr.LinePlot(x="年份", y="数值", color="系列", label="按年份", elem_id="pq-c-plot", height=320)
    inputs = [indicator, issuer, year_from, year_to, docs]
    go.click(bound(compare, service), inputs, [table, plot, csv], api_name="compare")
