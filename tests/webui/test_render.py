"""What the app shows, from answers: chat text, source cards, comparison table, chart points, CSV."""

from __future__ import annotations

import csv
from dataclasses import asdict

from qa.chart import _ascii, chart
from qa.compare import Comparison, Row, in_stated_unit
from qa.types import Answer, Citation
from webui.blocks import launch_options
from webui.conversation import Turn, conversation_markdown, sources_panel
from webui.forms import message_text
from webui.render import (
    chat_text,
    comparison_csv,
    paragraph_around,
    source_card,
    sources_html,
    tables_closed,
    warnings_text,
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


def test_chat_text_says_what_was_filtered_searched_and_checked_once():
    found = Answer("q", "87.7%[1]", True, "extractive", [citation()], filter="年份 2016")
    assert "筛选：年份 2016" in chat_text(found)
    assert "回答方式" not in chat_text(found)  # the backend is said once, under the chat
    llm = Answer("q", "比例为87.7%[1]", True, "openai", [citation()], warnings=["删去了一句"])
    assert "核对：删去了一句" in chat_text(llm)
    missing = Answer("q", "未在已收录的报告中找到…", False, "extractive", searched="《A》、《B》")
    assert "已检索：《A》、《B》" in chat_text(missing)
    said = Answer("q", "未找到…。已检索：《A》、《B》。", False, "extractive", searched="《A》、《B》")
    assert chat_text(said).count("已检索") == 1
    follow = Answer("那2017年呢？", "6.5%[1]", True, "extractive", [citation()], asked="2017年GDP增长目标")
    assert "按上下文理解为：2017年GDP增长目标" in chat_text(follow)


def test_the_checks_warnings_of_one_reason_are_said_once():
    uncited = [f"已删除没有标注出处的内容：第{i}句。" for i in range(1, 10)]
    other = "已删除未经核实的内容（所引原文中没有数字 95.3%）：比例为95.3%。"
    llm = Answer(
        "q", "比例为87.7%[1]", True, "openai", [citation()], warnings=[*uncited[:1], other, *uncited[1:]]
    )
    text = chat_text(llm)
    assert text.count("已删除没有标注出处的内容") == 1 and "（9 句）：“第1句。”“第2句。”" in text
    assert "“第9句。”" in text and other in text
    assert warnings_text(["删去了一句", "删去了一句"]) == "删去了一句"
    repeated = [*uncited[:2], uncited[0], uncited[0]]  # a sentence the model wrote three times
    assert warnings_text(repeated) == "已删除没有标注出处的内容（2 句）：“第1句。”“第2句。”"


def _comparison() -> Comparison:
    rows = [
        Row("g2015", "2015年报告", 2015, "7%左右", "", "增长7%左右", "二、", low=7.0, high=7.0, percent=True),
        Row(
            "g2016", "2016年报告", 2016, "6.5%-7%", "", "增长6.5%-7%", "三、", low=6.5, high=7.0, percent=True
        ),
        Row("g2002", "2002年报告", 2002, "未提及", "", "", ""),
    ]
    return Comparison("GDP增长目标", rows)


def test_chart_marks_labels_and_names_every_series_with_the_unit(tmp_path):
    fig = chart(_comparison(), tmp_path / "c.png")
    ax = fig.axes[0]
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    assert all(line.get_marker() == "o" for line in ax.get_lines())
    labels = {t.get_text() for t in ax.texts}
    assert {"7%", "6.5%-7%"} <= labels or {"7%", "6.5%-7%"} <= {_ascii(x) for x in labels}
    assert ax.get_ylabel() == "%"
    assert ax.get_legend() is not None and len(ax.get_legend().get_texts()) == 1  # even a single line
    assert "2002" in ax.get_xlabel()  # the year no report states is named, not dropped silently


def test_chart_puts_targets_and_results_on_two_lines_by_the_year_they_describe():
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
    ax = chart(Comparison("GDP增长目标与实际", rows)).axes[0]
    lines = {line.get_label(): (list(line.get_xdata()), list(line.get_ydata())) for line in ax.get_lines()}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend in (["目标", "实际"], ["target", "actual"])
    assert sorted(lines.values()) == [([2016], [6.7]), ([2016], [7.0])]  # the 2017 report's review: 2016


def test_a_scaled_unit_is_shown_as_the_reports_write_it():
    """1100万人以上 is stored as 11,000,000 人; the table and the chart say 1100 万人."""
    rows = [
        Row("a", "2017年报告", 2017, "1100万人以上", "人", "q", "s", low=1.1e7, described=2017),
        Row("b", "2013年报告", 2013, "900万人以上", "人", "q", "s", low=9e6, described=2013),
        Row("c", "2002年报告", 2002, "未提及", "", "", ""),
    ]
    shown = in_stated_unit(rows)
    assert [(r.unit, r.low) for r in shown] == [("万人", 1100.0), ("万人", 900.0), ("", None)]
    assert chart(Comparison("城镇新增就业", shown)).axes[0].get_ylabel() in ("万人", "")


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


def test_each_turn_links_its_marks_to_its_own_cards_and_exports_them():
    first = Turn.of(
        1, Answer("两委交叉任职比例是多少", "比例为87.7%[1]。", True, "extractive", [citation()]), None
    )
    second = Turn.of(2, Answer("再问", "也是87.7%[1]。", True, "extractive", [citation()]), None)
    assert "[[1]](#pq-src-1-1)" in first.chat_markdown() and "[[1]](#pq-src-2-1)" in second.chat_markdown()
    panel = sources_panel([asdict(first), asdict(second)])
    assert 'id="pq-src-1-1"' in panel and 'id="pq-src-2-1"' in panel
    assert panel.index("pq-turn-2") < panel.index("pq-turn-1")  # the newest first
    assert '<details class="pq-turn" id="pq-turn-2" open>' in panel
    assert '<details class="pq-turn" id="pq-turn-1">' in panel  # the earlier one folded
    exported = conversation_markdown([asdict(first), asdict(second)])
    assert "## 问 1：两委交叉任职比例是多少" in exported and "比例为87.7%[1]。" in exported
    assert f"[1] {citation().label()}" in exported and citation().quote in exported


def test_a_line_after_a_table_is_a_paragraph_not_a_row():
    answer = "| 年份 | 数值 |\n|---|---|\n| 2013年 | 7.5%左右 [1] |\n最高的是2013年[1]。"
    assert "| 2013年 | 7.5%左右 [1] |\n\n最高的是2013年[1]。" in tables_closed(answer)
    assert tables_closed("甲\n乙") == "甲\n乙"
