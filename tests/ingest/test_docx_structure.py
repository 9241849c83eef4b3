"""Word files as their readers see them: automatic numbering in every format Word offers, heading
styles at every level, the Title style as the document's title, tables row by row."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ingest.docx_numbering import format_number
from ingest.loaders import load_file
from ingest.prepare import prepare_report

LEVELS = [("decimal", "%1."), ("decimal", "（%2）"), ("decimalEnclosedCircle", "%3")]


def add_list(document: docx.Document, num_id: int, levels: list[tuple[str, str]], start: int = 1) -> None:
    """A numbering definition (abstractNum + num) in the document's numbering part."""
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start if i == 0 else 1}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def numbered(document: docx.Document, text: str, num_id: int, level: int, style: str | None = None) -> None:
    p = document.add_paragraph(text, style=style)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_word_numbers_in_every_common_format():
    assert [format_number(n, "chineseCounting") for n in (1, 10, 11, 21)] == ["一", "十", "十一", "二十一"]
    assert format_number(3, "chineseLegalSimplified") == "叁"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(4, "decimalEnclosedCircle") == "④"
    assert format_number(9, "upperRoman") == "IX" and format_number(28, "lowerLetter") == "bb"
    assert format_number(7, "decimalZero") == "07" and format_number(5, "someFutureFormat") == "5"


def test_decimal_numbering_with_sub_levels_and_restarts(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("某街道2024年上半年工作情况", style="Title")
    add_list(document, 501, LEVELS)
    numbered(document, "社区治理", 501, 0)
    numbered(document, "网格化管理全覆盖", 501, 1)
    numbered(document, "划分网格46个", 501, 2)
    numbered(document, "配备专职网格员52名", 501, 2)
    document.add_paragraph("全街道网格化管理覆盖率达到100%。")
    numbered(document, "矛盾纠纷多元化解", 501, 1)
    numbered(document, "民生服务", 501, 0)  # the second part: its sub-levels start again
    numbered(document, "养老服务", 501, 1)
    document.add_paragraph("新建社区食堂3个。")
    path = tmp_path / "jiedao.docx"
    document.save(str(path))
    texts = [b.text for b in load_file(path).blocks]
    assert texts[1:8] == [
        "1.社区治理",
        "（1）网格化管理全覆盖",
        "①划分网格46个",
        "②配备专职网格员52名",
        "全街道网格化管理覆盖率达到100%。",
        "（2）矛盾纠纷多元化解",
        "2.民生服务",
    ]
    assert texts[8] == "（1）养老服务"
    report = prepare_report(path)
    place = report.paragraphs.index("新建社区食堂3个。")
    assert report.paths[place] == ("2.民生服务", "（1）养老服务")


def test_numbering_set_by_a_style_counts_too(tmp_path: Path):
    document = docx.Document()
    add_list(document, 502, [("chineseCounting", "%1、")])
    style = document.styles["List Number"]
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):  # the template's own list for this style
        ppr.remove(old)
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="502"/></w:numPr>'))
    document.add_paragraph("基本情况", style="List Number")
    document.add_paragraph("全村共有农户312户。")
    document.add_paragraph("主要做法", style="List Number")
    path = tmp_path / "cun.docx"
    document.save(str(path))
    assert [b.text for b in load_file(path).blocks] == ["一、基本情况", "全村共有农户312户。", "二、主要做法"]


def test_heading_styles_at_every_level_make_the_outline(tmp_path: Path):
    """A report whose parts are Heading 1 with no typed numbers: every part is a section, the
    Title is the title, Heading 2 and 3 nest under them."""
    document = docx.Document()
    document.add_heading("青石县2023年度工作总结", level=0)  # the Title style
    document.add_paragraph("青石县人民政府")
    parts = ["经济运行", "项目建设", "民生事业", "下一步打算"]
    for n, part in enumerate(parts):
        document.add_heading(part, level=1)
        document.add_paragraph(f"这一部分的正文，第{n + 1}部分，内容较长。" * 3)
        if part == "项目建设":
            document.add_heading("交通项目", level=2)
            document.add_heading("县城至青石镇公路", level=3)
            document.add_paragraph("全长18.6公里的二级公路建成通车。")
    path = tmp_path / "qingshi.docx"
    document.save(str(path))
    report = prepare_report(path)
    assert list(dict.fromkeys(p[0] for p in report.paths if p)) == parts
    place = report.paragraphs.index("全长18.6公里的二级公路建成通车。")
    assert report.paths[place] == ("项目建设", "交通项目", "县城至青石镇公路")
    assert report.paths[0] == ()  # the title opens no section


@pytest.mark.parametrize("header_unit", [True, False])
def test_docx_table_rows_carry_headers_and_units(tmp_path: Path, header_unit: bool):
    document = docx.Document()
    document.add_paragraph("表2 重点项目投资情况")
    rows = [["项目", "单位", "年度计划", "完成投资"], ["产业园标准厂房", "万元", "8000", "8650"]]
    if header_unit:
        rows = [["项目", "年度计划（万元）", "完成投资（万元）"], ["产业园标准厂房", "8000", "8650"]]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、下一步工作")
    path = tmp_path / "t.docx"
    document.save(str(path))
    texts = [b.text for b in load_file(path).blocks]
    expected = (
        "产业园标准厂房：年度计划 8000万元，完成投资 8650万元"
        if header_unit
        else "产业园标准厂房（万元）：年度计划 8000，完成投资 8650"
    )
    assert texts == ["表2 重点项目投资情况", expected, "二、下一步工作"]
