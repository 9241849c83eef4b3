from ingest.outline import detect_heading, heading_text, section_paths
from tests.conftest import SAMPLES


def test_official_numbering_ranks_in_order():
    ranks = [
        detect_heading(p).rank
        for p in ["第一章 总则", "一、总体要求", "（一）稳定经济", "1.扩大内需", "（1）消费"]
    ]
    assert ranks == sorted(ranks)


def test_numbers_that_are_not_headings():
    for p in ["1.5亿元用于…", "2016年国内生产总值增长6.7%。", "一是加快改革", "各位代表："]:
        assert detect_heading(p) is None, p


def test_heading_inside_a_paragraph_is_its_lead_sentence():
    p = "（一）加强和改善宏观调控，遏制物价过快上涨，实现经济平稳较快发展。我们实施积极的财政政策。"
    assert heading_text(p) == "（一）加强和改善宏观调控，遏制物价过快上涨，实现经济平稳较快发展"


def test_section_paths_nest_and_close():
    paras = ["报告", "一、回顾", "（一）经济", "正文甲。", "（二）民生", "正文乙。", "二、任务", "正文丙。"]
    paths = section_paths(paras)
    assert paths[3] == ("一、回顾", "（一）经济")
    assert paths[5] == ("一、回顾", "（二）民生")
    assert paths[7] == ("二、任务",)
    assert paths[0] == ()


def test_township_report_section_six():
    paras = [line.strip() for line in (SAMPLES / "yutai_xiang_sanji_lianchuang.txt").read_text().splitlines()]
    paras = [p for p in paras if p]
    paths = section_paths(paras)
    i = next(i for i, p in enumerate(paras) if "87.7%" in p)
    assert paths[i] == ("六、夯实基础,建设农村基层组织堡垒",)


def test_unnumbered_headings_of_older_reports():
    long = "我们要继续努力，" * 10
    paras = [
        "1978年政府工作报告",
        "团结起来",
        "国务院总理",
        "各位代表！",
        "加快社会主义经济建设",
        long,
        "国际形势和我国对外政策",
        long,
    ]
    paths = section_paths(paras)
    assert paths[5] == ("加快社会主义经济建设",)
    assert paths[7] == ("国际形势和我国对外政策",)


def test_a_paragraph_is_a_part_only_in_sequence_or_when_it_reads_as_a_heading():
    paras = [
        "某区2023年工作报告",
        "一、2023年工作回顾",
        "（一）产业发展。全年规上工业增加值增长6%。",
        "二、三产业增加值占地区生产总值比重达到55%，比上年提高1.2个百分点。",  # numbers listed
        "（二）城市建设。新建道路12公里。",
        "（一）以下各项均按计划完成，其中棚改项目提前两个月交付使用，得到群众好评。",  # out of sequence
        "一是强化调度。",
        "（三）社会事业",
        "二、2024年工作安排",
        "（一）稳增长",  # a new part: its sub-parts count from one again
    ]
    paths = section_paths(paras)
    assert paths[3] == ("一、2023年工作回顾", "（一）产业发展")
    assert paths[5] == ("一、2023年工作回顾", "（二）城市建设")
    assert paths[6] == ("一、2023年工作回顾", "（二）城市建设")
    assert paths[7] == ("一、2023年工作回顾", "（三）社会事业")
    assert paths[9] == ("二、2024年工作安排", "（一）稳增长")


def test_a_short_heading_line_out_of_sequence_is_still_a_heading():
    paras = ["报告", "一、总体情况", "正文。" * 20, "三、主要做法", "正文。" * 20]
    assert section_paths(paras)[4] == (
        "三、主要做法",
    )  # 二 is missing from the source, 三 reads as a heading


def test_list_items_are_not_parts():
    """Items of a list (each ending in a semicolon, or the next number right after one) stay in the
    section that lists them; the next real part still opens."""
    paras = [
        "某县惠民补贴办理指南",
        "一、申请材料",
        "申请人须提交下列材料：",
        "（一）补贴申请表；",
        "（二）户口簿复印件；",
        "（三）银行卡复印件。",
        "材料不全的，一次性告知补正。",
        "二、办理时限",
        "（一）受理",  # a new part's sub-part: not an item of the list above
        "自受理之日起10个工作日内办结。",
    ]
    paths = section_paths(paras)
    assert paths[3:7] == [("一、申请材料",)] * 4
    assert paths[9] == ("二、办理时限", "（一）受理")
