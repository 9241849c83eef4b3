"""What the app shows, from answers: chat text, source cards, comparison table, chart points, CSV."""

from __future__ import annotations

import csv

from qa.compare import Comparison, Row
from qa.types import Answer, Citation
from webui.blocks import launch_options
from webui.forms import message_text
from webui.render import (
    chat_text,
    comparison_csv,
    comparison_points,
    paragraph_around,
    source_card,
    sources_html,
)

QUOTE = "目前全乡村支部书记村主任一人兼的比例达到了92%,两委成员交叉任职达到87.7%,减少干部56人。"


def citation(quote: str = QUOTE, n: int = 1) -> Citation:
    return Citation(
        n=n,
        doc_id="yutai",
        title="开展三级联创活动的情况汇报",
        year=None,
        issuer="中共××乡委员会",
        section="六、夯实基础,建设农村基层组织堡垒",
        quote=quote,
        source="/x/yutai.txt",
        page=None,
        char_start=10,
        char_end=10 + len(quote),
    )


def test_only_the_answering_figure_is_marked_not_every_figure_of_the_quote():
    answer = f"87.7%。\n《开展三级联创活动的情况汇报》：“{QUOTE}”[1]"
    card = source_card(citation(), answer)
    assert card.count("<mark>") == 1 and "<mark>87.7%</mark>" in card
    assert "[1]" in card and "六、夯实基础" in card and "开展三级联创活动的情况汇报" in card


def test_full_width_figure_in_the_source_is_marked_for_a_half_width_answer():
    card = source_card(citation("交叉任职达到８７．７％。"), "比例为87.7%[1]")
    assert "<mark>８７．７％</mark>" in card


def test_citation_numbers_and_years_are_not_marked():
    card = source_card(citation("2016年比例为1%，另有2项。"), "2016年的比例是1%[2]。")
    assert "<mark>1%</mark>" in card and "<mark>2016</mark>" not in card and "<mark>2</mark>" not in card


def test_report_text_is_escaped_never_markup():
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">比例87.7%'
    html = sources_html([citation(evil)], "87.7%[1]", lambda d, s, e: "<b>上下文</b>" + evil)
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;上下文" in html


def test_the_surrounding_paragraph_opens_from_the_card():
    html = sources_html([citation()], "87.7%[1]", lambda d, s, e: "我们结合换届。" + QUOTE + "村级组织健全。")
    assert "<details" in html and "查看上下文" in html and "村级组织健全" in html


def test_paragraph_around_finds_the_paragraph_and_cuts_long_ones():
    text = "第一段。\n第二段，含引文ABC。\n第三段。"
    start = text.index("ABC")
    assert paragraph_around(text, start, start + 3) == "第二段，含引文ABC。"
    long = "甲" * 1000 + "ABC" + "乙" * 1000
    cut = paragraph_around(long, 1000, 1003, limit=100)
    assert "ABC" in cut and len(cut) <= 100
    assert paragraph_around(text, None, None) == "" and paragraph_around(text, 999, 1000) == ""


def test_chat_text_says_which_backend_answered_and_what_was_searched():
    found = Answer("q", "87.7%[1]", True, "extractive", [citation()], filter="年份 2016")
    assert "回答方式：抽取式" in chat_text(found) and "筛选：年份 2016" in chat_text(found)
    llm = Answer("q", "比例为87.7%[1]", True, "openai", [citation()], warnings=["删去了一句"])
    text = chat_text(llm, "qwen2.5:7b")
    assert "大模型 qwen2.5:7b" in text and "核对：删去了一句" in text
    missing = Answer("q", "未在已收录的报告中找到…", False, "extractive", searched="《A》、《B》")
    assert "已检索：《A》、《B》" in chat_text(missing)
    follow = Answer("那2017年呢？", "6.5%[1]", True, "extractive", [citation()], asked="2017年GDP增长目标")
    assert "按上下文理解为：2017年GDP增长目标" in chat_text(follow)


def _comparison() -> Comparison:
    rows = [
        Row("g2015", "2015年报告", 2015, "7%左右", "", "增长7%左右", "二、", low=7.0, high=7.0, percent=True),
        Row(
            "g2016", "2016年报告", 2016, "6.5%-7%", "", "增长6.5%-7%", "三、", low=6.5, high=7.0, percent=True
        ),
        Row("g2002", "2002年报告", 2002, "未提及", "", "", ""),
    ]
    return Comparison("GDP增长目标", rows)


def test_chart_points_draw_ranges_as_two_lines_and_skip_missing_years():
    points = comparison_points(_comparison())
    assert {(p["年份"], p["数值"], p["系列"]) for p in points} == {
        ("2015", 7.0, "GDP增长目标下限"),
        ("2015", 7.0, "GDP增长目标上限"),
        ("2016", 6.5, "GDP增长目标下限"),
        ("2016", 7.0, "GDP增长目标上限"),
    }
    single = Comparison("x", _comparison().rows[:1])
    assert comparison_points(single) == [{"年份": "2015", "数值": 7.0, "系列": "x"}]


def test_chart_points_put_targets_and_results_on_two_lines_by_the_year_they_describe():
    rows = [
        Row(
            "g2016",
            "2016年报告",
            2016,
            "7%",
            "",
            "q",
            "s",
            period="2016年",
            series="目标",
            low=7.0,
            described=2016,
        ),
        Row(
            "g2017",
            "2017年报告",
            2017,
            "6.7%",
            "",
            "q",
            "s",
            period="2016年",
            series="实际",
            low=6.7,
            described=2016,
        ),
    ]
    points = comparison_points(Comparison("GDP增长目标与实际", rows))
    assert points == [
        {"年份": "2016", "数值": 7.0, "系列": "目标"},
        {"年份": "2016", "数值": 6.7, "系列": "实际"},  # the 2017 report's review describes 2016
    ]


def test_csv_has_one_row_per_report_with_quote():
    rows = list(csv.reader(comparison_csv(_comparison()).splitlines()))
    assert rows[0] == ["指标", "年份", "报告", "所述年份", "类别", "数值", "单位", "原文", "章节", "文档ID"]
    assert rows[2] == [
        "GDP增长目标",
        "2016",
        "2016年报告",
        "",
        "",
        "6.5%-7%",
        "",
        "增长6.5%-7%",
        "三、",
        "g2016",
    ]
    assert rows[3][5] == "未提及"


def test_gradio_message_content_in_either_shape():
    assert message_text({"role": "user", "content": "那2017年呢？"}) == "那2017年呢？"
    parts = {
        "role": "user",
        "content": [{"type": "text", "text": "那2017年"}, {"type": "text", "text": "呢？"}],
    }
    assert message_text(parts) == "那2017年呢？"


def test_launch_binds_loopback_and_reads_login_pairs():
    from core.settings import get_settings

    options = launch_options(get_settings())
    assert (
        options["server_name"] == "127.0.0.1"
        and options["auth"] is None
        and options["max_file_size"] == "50mb"
    )
    s = get_settings().model_copy(update={"auth": "张三:密码1, li:pw:2"})
    assert launch_options(s)["auth"] == [("张三", "密码1"), ("li", "pw:2")]
    bad = get_settings().model_copy(update={"auth": "nopassword"})
    try:
        launch_options(bad)
    except ValueError as e:
        assert "用户名:密码" in str(e)
    else:
        raise AssertionError("a login without password was accepted")
