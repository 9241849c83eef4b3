"""The rules summaries choose by, as pure functions: the kinds of sentence, near-identical
sentences, the kinds of a report's parts, sub-parts and shared citations."""

import pytest

from core.types import Chunk
from qa.near_identical import fingerprint, near_identical
from qa.report_parts import PLAN_PART, PROBLEMS, REVIEW, part_kinds
from qa.sentence_kinds import is_formula, is_frame
from qa.summary_cite import cited_text
from qa.summary_sentences import report_sentences, sub_parts


@pytest.mark.parametrize(
    "sentence",
    [
        "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协各位委员提出意见。",
        "现在，我代表县人民政府向大会报告工作，请予审议。",
        "现将有关情况汇报如下。",
        "简要汇报如上,不当之处请指正!",
        "各位代表！",
        "让我们更加紧密地团结在党中央周围，为实现“两个一百年”奋斗目标而努力奋斗！",
        "全县主要经济指标完成情况见下表。",
    ],
)
def test_addresses_calls_and_pointers_are_formulas(sentence: str):
    assert is_formula(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "国内生产总值达到67.7万亿元，增长6.9%，在世界主要经济体中位居前列。",
        "今年拟安排财政赤字2.18万亿元，比去年增加5600亿元，赤字率提高到3%。",
        "国务院提请全国人大常委会审议法律议案11件，制定修订行政法规8部。",
        "成立了城管督察大队,全面负责小城镇的规划、建设和管理。",
    ],
)
def test_sentences_that_say_something_are_not_formulas(sentence: str):
    assert not is_formula(sentence)


def test_a_frame_with_no_figure_is_a_frame():
    assert is_frame("在以习近平同志为核心的党中央坚强领导下，全国各族人民迎难而上，砥砺前行。")
    assert not is_frame("在党中央坚强领导下，全年国内生产总值增长6.9%。")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("生态环境保护和建设力度加大。", "一是加大生态环境保护和建设力度。", True),
        (
            "镇党委坚持每月集中学习1次，全年开展专题学习12次。",
            "镇党委坚持每月集中学习1次，全年共开展专题学习12次。",
            True,
        ),
        ("推进金融体制改革。", "推进财税体制改革。", False),  # parallel, not the same
        (
            "农业总产值６５５０亿元，比上年增长百分之三点三。",
            "工业总产值２１８８０亿元，比上年增长百分之八点三。",
            False,
        ),
        (
            "加强社会主义文化建设。",
            "做好政府工作的基本思路是：以邓小平理论为指导，加强社会主义文化建设，促进社会和谐。",
            False,
        ),
    ],
)
def test_near_identical_sentences(a: str, b: str, same: bool):
    assert near_identical(fingerprint(a), fingerprint(b)) is same


def test_parts_are_read_by_the_kind_their_heading_names_or_where_they_stand():
    # the 2015 report: review, overall plan, then tasks whose headings name no kind
    headings = [
        "一、2014年工作回顾",
        "二、2015年工作总体部署",
        "三、把改革开放扎实推向纵深",
        "四、切实加强政府自身建设",
    ]
    assert part_kinds(headings) == [REVIEW, PLAN_PART, PLAN_PART, PLAN_PART]
    headings = ["一、2023年工作开展情况", "二、存在的主要问题", "三、2024年工作计划"]
    assert part_kinds(headings) == [REVIEW, PROBLEMS, PLAN_PART]
    # a 情况汇报 whose headings name no kind: by what its parts say, else work reported
    assert part_kinds(["一、提高认识", "二、加强学习"], ["", ""]) == [REVIEW, REVIEW]
    assert part_kinds(["一、扩大内需", "二、发展农业"], [PLAN_PART, ""]) == [PLAN_PART, PLAN_PART]


def _chunk(text: str, path: tuple[str, ...], start: int) -> Chunk:
    return Chunk(f"d:{start}", "d", start, text, path, 0, start, start + len(text))


def test_sub_parts_are_sub_sections_else_numbered_items_else_paragraphs():
    head = "一、工作\n"
    body = "总的看，工作有进展。一是新建道路5公里。二是新增学位200个。\n另起一段，植树3万株。"
    text = head + body
    sentences = report_sentences(text, [_chunk(text, ("一、工作",), 0)])
    assert [s.text[:2] for s in sentences] == ["总的", "一是", "二是", "另起"]
    parts = sub_parts(sentences)
    assert [[s.text[:2] for s in p] for p in parts] == [["总的"], ["一是"], ["二是", "另起"]]
    # the items of one paragraph share one citation, whose quote runs from the first to the last
    summary, citations = cited_text([("", [sentences[1], sentences[2], sentences[3]])], None, text)
    assert summary.splitlines() == [
        "1. 一是新建道路5公里。[1]",
        "2. 二是新增学位200个。[1]",
        "3. 另起一段，植树3万株。[2]",
    ]
    assert [c.quote for c in citations] == ["一是新建道路5公里。二是新增学位200个。", "另起一段，植树3万株。"]
    for c in citations:
        assert text[c.char_start : c.char_end] == c.quote
    summary, citations = cited_text([("主要成绩", [sentences[0], sentences[2]])], None, text)
    assert summary.startswith("主要成绩：\n1. 总的看") and summary.endswith("二是新增学位200个。[1]")
    [card] = citations
    assert card.quote == "总的看，工作有进展。一是新建道路5公里。二是新增学位200个。"


def test_sentences_with_their_own_numbers_are_bullets_not_numbered_twice():
    head = "二、做法\n"
    body = "1、制定了村级财务管理办法。\n2、建立了民主理财小组。"
    text = head + body
    sentences = report_sentences(text, [_chunk(text, ("二、做法",), 0)])
    summary, _ = cited_text([("", sentences)], None, text)
    assert summary.splitlines() == ["- 1、制定了村级财务管理办法。[1]", "- 2、建立了民主理财小组。[2]"]
