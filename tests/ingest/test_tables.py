"""Tables read row by row, each row with its column headers and units: docx (test_docx_structure),
html and PDF here, and the rendering itself."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders import load_file
from ingest.prepare import prepare_report
from ingest.tables import TABLE_ROW, render_row, table_blocks
from tests.conftest import REPO

PDF = REPO / "tests" / "data" / "pdf" / "qinghe_2023_report.pdf"


def test_a_row_says_what_its_numbers_are():
    header = ["指标", "单位", "2023年", "增长（%）"]
    assert (
        render_row(header, ["粮食总产量", "万吨", "42.3", "1.5"])
        == "粮食总产量（万吨）：2023年 42.3，增长 1.5%"
    )
    assert render_row(["项目", "金额(亿元)"], ["专项债券", "12"]) == "专项债券：金额 12亿元"
    assert render_row(None, ["合计", "", "98.6"]) == "合计，98.6"
    assert render_row(header, ["备注", "", "", ""]) == "备注"


def test_a_first_row_of_numbers_is_no_header():
    blocks = table_blocks([["2022", "2023"], ["5.1", "5.8"]])
    assert [b.text for b in blocks] == ["2022，2023", "5.1，5.8"] and {b.kind for b in blocks} == {TABLE_ROW}


def test_html_table_with_th_cells_and_a_heading_after_it(tmp_path: Path):
    page = tmp_path / "baiyun.html"
    page.write_text(
        "<html><body><h1>白云乡2023年民生实事完成情况</h1><p>一、完成情况</p>"
        "<table><thead><tr><th>实事项目</th><th>计划</th><th>完成</th><th>完成率(%)</th></tr></thead>"
        "<tbody><tr><td>改造危房</td><td>40户</td><td>43户</td><td>107.5</td></tr>"
        "<tr><td>新建村级<br>卫生室</td><td>2个</td><td>2个</td><td>100</td></tr></tbody></table>"
        "<p>二、存在问题</p><p>部分项目进度偏慢。</p></body></html>",
        encoding="utf-8",
    )
    report = prepare_report(page)
    assert "改造危房：计划 40户，完成 43户，完成率 107.5%" in report.paragraphs
    assert "新建村级卫生室：计划 2个，完成 2个，完成率 100%" in report.paragraphs
    assert report.paths[report.paragraphs.index("部分项目进度偏慢。")] == ("二、存在问题",)


def test_pdf_table_rows_are_read_in_their_place():
    blocks = load_file(PDF).blocks
    rows = [b.text for b in blocks if b.kind == TABLE_ROW]
    assert rows == [
        "镇域生产总值（亿元）：2023年完成 23.6，同比增长 6.4%",
        "蔬菜种植面积（万亩）：2023年完成 3.8，同比增长 2.7%",
        "农村居民人均可支配收入（元）：2023年完成 24180，同比增长 7.2%",
    ]
    texts = [b.text for b in blocks]
    first = texts.index(rows[0])
    assert (
        texts[first - 1].startswith("全年各项主要指标完成情况") and texts[first + 3] == "二、重点工作推进情况"
    )
    assert not any(t.startswith("指标名称") for t in texts)  # the header row's words are in every row
