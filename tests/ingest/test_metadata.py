import json
from pathlib import Path

import pytest

from core.types import ReportMeta
from ingest.metadata import detect_metadata, fallback_title
from ingest.prepare import prepare_report
from ingest.sidecar import parse_meta, read_sidecar
from tests.conftest import FORMAT_SAMPLES, SAMPLES


def meta_of(text: str) -> ReportMeta:
    return detect_metadata([line for line in text.strip().splitlines() if line.strip()])


def test_dateline_gives_year_and_date_even_with_full_width_digits():
    m = meta_of(
        """
        温家宝所作政府工作报告（十一届人大三次会议）
        新华社北京３月１５日电
        政府工作报告 ——２０１０年３月５日在第十一届全国人民代表大会第三次会议上
        国务院总理 温家宝
        各位代表：
        """
    )
    assert (m.year, m.date, m.issuer, m.level) == (2010, "2010-03-05", "国务院", "national")
    assert m.report_type == "政府工作报告"


def test_year_in_body_dates_do_not_beat_the_dateline():
    m = meta_of(
        """
        2003年国务院政府工作报告
        ——2003年3月5日在第十届全国人民代表大会第一次会议上
        各位代表:
        本届政府１９９８年３月就职，任期即将结束。现在，我代表国务院，向第十届全国人民代表大会第一次会议报告工作。
        """
    )
    assert m.year == 2003


def test_report_without_title_or_dateline_takes_the_year_after_its_review():
    m = meta_of(
        """
        各位代表：
        现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。
        一、2023年工作回顾
        ——经济总体回升向好。国内生产总值超过126万亿元，增长5.2%。
        二、2024年经济社会发展总体要求和政策取向
        今年发展主要预期目标是：国内生产总值增长5%左右。
        """
    )
    assert (m.year, m.issuer, m.report_type, m.title, m.date) == (2024, "国务院", "政府工作报告", None, None)


def test_contradicting_years_in_the_text_stay_unknown():
    m = meta_of(
        """
        各位代表：
        一、2019年工作回顾
        去年经济平稳。
        2023年发展主要预期目标是：国内生产总值增长5%左右。
        """
    )
    assert m.year is None


def test_provincial_report_names_the_province():
    m = meta_of(
        """
        2026年四川省人民政府工作报告
        2026年2月3日在四川省第十四届人民代表大会第五次会议上
        四川省人民政府省长施小琳
        各位代表：
        现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。
        """
    )
    assert (m.issuer, m.level, m.year, m.date) == ("四川省人民政府", "provincial", 2026, "2026-02-03")


def test_city_and_county_governments_and_municipalities():
    assert meta_of("杭州市人民政府工作报告\n各位代表：").level == "city"
    assert meta_of("某某县人民政府工作报告\n各位代表：").level == "county"
    assert meta_of("2024年北京市人民政府工作报告\n各位代表：").level == "provincial"
    unnamed = meta_of("政府工作报告\n各位代表：\n现在，我代表市人民政府，向大会报告工作。")
    assert (unnamed.issuer, unnamed.level) == (None, "city")


def test_party_committee_report_with_no_year_stays_undated():
    meta = detect_metadata(prepare_report(SAMPLES / "yutai_xiang_sanji_lianchuang.txt").paragraphs)
    assert meta.issuer == "中共××乡委员会"
    assert (meta.level, meta.report_type) == ("township", "情况汇报")
    assert meta.title == "开展三级联创活动的情况汇报"
    assert meta.year is None  # "自2001年县委号召…" is not the report's year


@pytest.mark.parametrize("year", range(2013, 2019))
def test_bundled_state_council_reports(year: int):
    meta = detect_metadata(prepare_report(SAMPLES / f"guowuyuan_{year}.txt").paragraphs)
    assert (meta.year, meta.issuer, meta.level, meta.report_type) == (
        year,
        "国务院",
        "national",
        "政府工作报告",
    )


def test_pdf_without_title_line_gets_year_from_text():
    meta = detect_metadata(prepare_report(FORMAT_SAMPLES / "guowuyuan_2017.pdf").paragraphs)
    assert (meta.year, meta.issuer, meta.title) == (2017, "国务院", None)
    assert fallback_title(meta, "scan") == "2017年国务院政府工作报告"
    assert fallback_title(ReportMeta(year=2017), "scan") == "scan"


def test_the_file_name_is_never_read():
    paragraphs = ["情况汇报", "全乡情况良好。"]
    assert detect_metadata(paragraphs, "guowuyuan_2016.txt").year is None


def test_sidecar_next_to_the_file(tmp_path: Path):
    report = tmp_path / "下载.pdf"
    report.write_bytes(b"")
    assert read_sidecar(report) is None
    (tmp_path / "下载.pdf.meta.json").write_text(
        json.dumps({"year": "２０１９年", "level": "县级", "issuer": "某某县人民政府", "type": "工作报告"}),
        encoding="utf-8",
    )
    assert read_sidecar(report) == ReportMeta(
        issuer="某某县人民政府", year=2019, level="county", report_type="工作报告"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "无法读取"),
        ("[1, 2]", "应是 JSON 对象"),
        ('{"year": 20190}', "1900 到 2100"),
        ('{"level": "galactic"}', "national、provincial"),
        ('{"author": "x"}', "不认识的字段：author"),
        ('{"date": "2019/3/5"}', "YYYY-MM-DD"),
        ('{"title": ""}', "非空文字"),
    ],
)
def test_bad_sidecar_is_refused_in_chinese(tmp_path: Path, content: str, message: str):
    report = tmp_path / "r.txt"
    report.write_text("报告", encoding="utf-8")
    (tmp_path / "r.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_sidecar(report)


def test_parse_meta_accepts_iso_dates():
    assert parse_meta({"date": "2018-03-05"}).date == "2018-03-05"
