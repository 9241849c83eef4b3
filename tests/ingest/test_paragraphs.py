"""Paragraphs a conversion ran together, parted: one-line documents and run-together parts."""

from __future__ import annotations

from pathlib import Path

from ingest.metadata import detect_metadata
from ingest.paragraphs import split_inline_parts, split_joined
from ingest.prepare import prepare_report

ONE_LINE = (
    "关于2023年度河口村集体经济发展情况的汇报 河口村村民委员会 "
    "今年以来，我村在镇党委的领导下，坚持抓党建促发展，村集体经济收入稳步增长。 现将有关情况汇报如下： "
    "一、基本情况 河口村辖6个村民小组，共412户1530人，耕地面积2860亩。 "
    "二、主要做法 （一）盘活闲置资产。将原村小学校舍改建为农产品仓库，年租金收入8万元。 "
    "（二）发展特色种植。 新建葡萄基地300亩，亩均收益超过6000元。 "
    "三、下一步打算 力争2024年村集体经济收入突破50万元。"
)


def test_a_one_line_document_parts_into_its_paragraphs(tmp_path: Path):
    path = tmp_path / "hekou.txt"
    path.write_text(ONE_LINE, encoding="utf-8")
    report = prepare_report(path)
    assert report.paragraphs[:3] == [
        "关于2023年度河口村集体经济发展情况的汇报",
        "河口村村民委员会",
        "今年以来，我村在镇党委的领导下，坚持抓党建促发展，村集体经济收入稳步增长。",
    ]
    assert report.paths[report.paragraphs.index("新建葡萄基地300亩，亩均收益超过6000元。")] == (
        "二、主要做法",
        "（二）发展特色种植",
    )
    meta = detect_metadata(report.paragraphs)
    assert meta.title == "关于2023年度河口村集体经济发展情况的汇报"


def test_a_space_inside_a_sentence_is_no_paragraph_break():
    text = "各位代表： " + "全县粮食总产量达到 42万吨，比上年增长3%。 " * 20
    pieces = split_joined(text)
    assert all(p.endswith(("。", "：")) for p in pieces)  # cut only after sentence ends


def test_a_short_line_is_not_taken_for_joined_paragraphs():
    assert split_joined("一、 总体情况") == ["一、 总体情况"]


def test_run_together_parts_come_apart_after_a_sentence_end():
    text = "全年完成投资20亿元.（一）工业.新增企业5家。（二）农业。粮食稳产。二、明年安排。"
    assert split_inline_parts(text) == [
        "全年完成投资20亿元.",
        "（一）工业.新增企业5家。",
        "（二）农业。粮食稳产。",
        "二、明年安排。",
    ]
    assert split_inline_parts("一、二季度增速回落。") == ["一、二季度增速回落。"]


def test_a_list_opened_after_a_colon_stays_in_its_paragraph():
    text = "办理时请携带：（一）申请表一份。（二）身份证原件。（三）近期照片两张。逾期不予受理。"
    assert split_inline_parts(text) == [text]
    semicolons = "下一步重点抓好：一是项目建设；二、招商引资；三、民生保障。"
    assert split_inline_parts(semicolons) == [semicolons]
    # a section's run-together parts after a list of another form still come apart
    mixed = "带齐材料：1.表格；2.证件。（二）办理时限。十个工作日内办结。"
    assert split_inline_parts(mixed) == ["带齐材料：1.表格；2.证件。", "（二）办理时限。十个工作日内办结。"]
