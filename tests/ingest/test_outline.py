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
