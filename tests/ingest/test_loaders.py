"""Loaders read every supported format faithfully, repair only layout, and fail in Chinese."""

from __future__ import annotations

import random
import re
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from ingest.errors import EncryptedPdfError, IngestError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from tests.ingest.loading import REPORTS, SAMPLES, report_lines, texts


def encrypted_pdf_bytes() -> bytes:
    """A one-page PDF under the standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    file_id = b"<00112233445566778899aabbccddeeff>"
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [%s %s] >>\n" % (
        len(objects) + 1,
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


# --- plain text and encodings ---------------------------------------------------------------

CHINESE = (
    "2017年政府工作报告\n"
    "\n"
    "\u3000\u3000各位代表：  \n"
    "国内生产总值达到74.4万亿元，增长6.7%，名列世界前茅。\n"
    "——就业增长超出预期。全年城镇新增就业1314万人。\r\n"
    "   \n"
    "一、2016年工作回顾 GDP growth\t\n"
)
EXPECTED = [
    "2017年政府工作报告",
    "各位代表：",
    "国内生产总值达到74.4万亿元，增长6.7%，名列世界前茅。",
    "——就业增长超出预期。全年城镇新增就业1314万人。",
    "一、2016年工作回顾 GDP growth",
]


@pytest.mark.parametrize(
    ("codec", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16-le"),  # with a BOM
        ("utf-16-le", "utf-16-le"),  # no BOM: told by its NUL bytes
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_every_encoding_gives_the_same_blocks(tmp_path: Path, codec: str, recorded: str):
    path = tmp_path / "report.txt"
    path.write_bytes(CHINESE.encode(codec))
    loaded = load_file(path)
    assert texts(loaded.blocks) == EXPECTED
    assert loaded.encoding == recorded
    assert loaded.format == "txt"


def test_utf16_without_bom_or_any_ascii_is_recognised(tmp_path: Path):
    text = "各位代表：现在，我代表国务院，向大会报告政府工作，请予审议。"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-16-le"))
    assert texts(load_file(path).blocks) == [text]


def test_text_is_kept_as_written(tmp_path: Path):
    path = tmp_path / "raw.txt"
    path.write_text("<U+00A0><U+00A0>一、回顾\n增 长  7.5%，GDP 上升\n", encoding="utf-8")
    assert texts(load_file(path).blocks) == ["<U+00A0><U+00A0>一、回顾", "增 长  7.5%，GDP 上升"]


def test_markdown_headings_become_levels(tmp_path: Path):
    path = tmp_path / "r.md"
    path.write_text(
        "# 2017年政府工作报告\n\n## 一、2016年工作回顾\n过去一年。\n###（一）稳增长 ##\n", "utf-8"
    )
    loaded = load_file(path)
    assert loaded.format == "md"
    assert [(b.text, b.heading_level) for b in loaded.blocks] == [
        ("2017年政府工作报告", 1),
        ("一、2016年工作回顾", 2),
        ("过去一年。", None),
        ("（一）稳增长", 3),
    ]


def test_bundled_reports_load_line_by_line():
    for path in sorted(REPORTS.glob("*.txt")):
        assert texts(load_file(path).blocks) == report_lines(path.name)


# --- errors ---------------------------------------------------------------------------------


BAD_FILES: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": " \n\t\n\u3000\u3000\r\n".encode(),
    "picture.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "noise.txt": random.Random(7).randbytes(4096),
    "table.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    "zero.pdf": b"",
    "truncated.pdf": (SAMPLES / "guowuyuan_2017.pdf").read_bytes()[:1000],
    "locked.pdf": encrypted_pdf_bytes(),
    "notpdf.pdf": b"<html>not a pdf</html>",
    "broken.docx": (SAMPLES / "guowuyuan_2016.docx").read_bytes()[:2000],
    "old.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    "broken.png": b"\x89PNG\r\n\x1a\n" + b"garbage" * 10,
    "blank.html": b"<html><body><script>var a = 1;</script></body></html>",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_raise_a_chinese_message_naming_the_file(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(IngestError) as info:
        load_file(path)
    message = str(info.value)
    assert name in message
    assert re.search(r"[\u4e00-\u9fff]{4}", message)


def test_messages_say_what_is_wrong(tmp_path: Path):
    cases = {
        "empty.txt": "文件为空",
        "picture.txt": "不是文本",
        "table.xls": "不支持的文件类型 .xls",
        "locked.pdf": "PDF 已加密",
        "truncated.pdf": "PDF 文件损坏或不完整",
    }
    for name, expected in cases.items():
        path = tmp_path / name
        path.write_bytes(BAD_FILES[name])
        with pytest.raises(IngestError, match=expected):
            load_file(path)
    with pytest.raises(EncryptedPdfError, match="去除密码"):
        load_file(tmp_path / "locked.pdf")


def test_missing_file_and_folder(tmp_path: Path):
    with pytest.raises(IngestError, match=r"无法读取文件.*不存在"):
        load_file(tmp_path / "nowhere.txt")
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(IngestError, match="无法读取文件"):
        load_file(folder)


def test_supported_suffixes():
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".png", ".jpg", ".tiff"} <= SUPPORTED_SUFFIXES


# --- html -----------------------------------------------------------------------------------


def test_html_sample_reproduces_the_report():
    loaded = load_file(SAMPLES / "guowuyuan_2016.html")
    assert loaded.format == "html"
    assert texts(loaded.blocks) == report_lines("guowuyuan_2016.txt")
    headings = [(b.text, b.heading_level) for b in loaded.blocks if b.heading_level]
    assert headings[:2] == [("2016年国务院政府工作报告", 1), ("一、2015年工作回顾", 2)]


NOISY_PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>报告_中国政府网</title>
<style>.x{}</style></head><body>
<div class="top-nav"><a href="/">首页</a><a href="/zc">政策文件</a><a href="/hd">互动交流</a></div>
<div id="breadcrumb">当前位置：首页 &gt; 政策</div>
<div class="title-box"><h1>2017年政府工作报告</h1></div>
<div class="wrap"><div class="sidebar"><ul><li>热点新闻一则标题</li><li>热点新闻二则标题</li></ul></div>
<div id="UCAP-CONTENT" class="content">
<p>　　各位代表：</p>
<p>现在，我代表国务院，
向大会报告政府工作。</p>
<h2>一、2016年工作回顾</h2>
<p>过去一年，我国发展面临诸多矛盾叠加的严峻挑战。<br>全年经济社会发展主要目标任务圆满完成。</p>
<div>国内生产总值达到<span>74.4万亿元</span>，增长6.7%。</div>
<script>document.write("广告")</script>
<p style="display:none">隐藏的统计代码文字内容</p>
</div></div>
<div class="share-bar">分享到：微信 微博</div>
<footer>版权所有：中国政府网 主办单位：国务院办公厅</footer>
</body></html>"""


def test_html_keeps_the_main_text_and_drops_page_furniture(tmp_path: Path):
    path = tmp_path / "page.htm"
    path.write_bytes(NOISY_PAGE.encode("gbk"))
    loaded = load_file(path)
    assert loaded.encoding == "gb18030"
    assert [(b.text, b.heading_level) for b in loaded.blocks] == [
        ("2017年政府工作报告", 1),
        ("各位代表：", None),
        ("现在，我代表国务院，向大会报告政府工作。", None),
        ("一、2016年工作回顾", 2),
        ("过去一年，我国发展面临诸多矛盾叠加的严峻挑战。", None),
        ("全年经济社会发展主要目标任务圆满完成。", None),
        ("国内生产总值达到74.4万亿元，增长6.7%。", None),
    ]


# --- docx -----------------------------------------------------------------------------------


def test_docx_sample_reproduces_the_report():
    loaded = load_file(SAMPLES / "guowuyuan_2016.docx")
    assert loaded.format == "docx"
    assert texts(loaded.blocks) == report_lines("guowuyuan_2016.txt")
    assert ("一、2015年工作回顾", 2) in [(b.text, b.heading_level) for b in loaded.blocks]


def test_docx_tables_in_body_order_and_chinese_heading_styles(tmp_path: Path):
    document = docx.Document()
    document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_heading("2017年工作报告", level=1)
    document.add_paragraph("一、主要指标", style="标题 2")
    document.add_paragraph("下表列出主要指标：")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "指标"
    table.cell(1, 0).text = "增长"
    table.cell(1, 1).text = "6.7%"
    document.add_paragraph("")
    document.add_paragraph("表后正文。")
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert [(b.text, b.heading_level) for b in load_file(path).blocks] == [
        ("2017年工作报告", 1),
        ("一、主要指标", 2),
        ("下表列出主要指标：", None),
        ("指标", None),  # a table row is one block (its cells stay together), a merged cell once
        ("增长，6.7%", None),
        ("表后正文。", None),
    ]


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_a_text_file_cut_inside_its_last_character_is_read_with_a_warning(tmp_path: Path, codec: str):
    text = "西坡村2024年上半年工作汇报\n全村完成植树造林320亩，新修机耕道4.2公里。"
    data = text.encode(codec)
    cut = data[:-1]  # the last character (。) loses a byte, as `head -c` leaves it
    path = tmp_path / "xipo.txt"
    path.write_bytes(cut)
    loaded = load_file(path)
    assert [b.text for b in loaded.blocks] == [
        "西坡村2024年上半年工作汇报",
        "全村完成植树造林320亩，新修机耕道4.2公里",
    ]
    assert loaded.warnings and "不完整的字符" in loaded.warnings[0] and "xipo.txt" in loaded.warnings[0]
    whole = tmp_path / "whole.txt"
    whole.write_bytes(data)
    assert load_file(whole).warnings == ()
