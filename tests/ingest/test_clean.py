from pathlib import Path

import pytest

from core.types import Block
from ingest.clean import clean_blocks, clean_text_line, drop_repeated_copies, is_chrome, rejoin_fragments


def blocks(*lines: str) -> list[Block]:
    return [Block(t) for t in lines]


def texts(bs: list[Block]) -> list[str]:
    return [b.text for b in bs]


def test_stray_spaces_inside_chinese_words_are_removed():
    assert (
        clean_text_line("面对突如其来的 非典型肺炎疫情，比上年增 长４５．２％")
        == "面对突如其来的非典型肺炎疫情，比上年增长４５．２％"
    )


def test_spaces_between_numbers_and_latin_words_stay():
    assert clean_text_line("2012年03月15日 12时05分") == "2012年03月15日 12时05分"
    assert clean_text_line("GDP growth 7.5%") == "GDP growth 7.5%"


def test_escaped_and_invisible_spaces_are_mended():
    assert clean_text_line("<U+00A0><U+00A0>一、2011年工作回顾") == "一、2011年工作回顾"
    assert clean_text_line("\u3000\u3000过去一年，\u00a0我们") == "过去一年，我们"


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 文章中心 > 正文",
        "当前位置： 首页>> 中国概况",
        "【字体：大 中 小】",
        "分享：",
        "打印本页",
        "关闭窗口",
        "（责任编辑： 祁留金 ）",
        "abcd39f1fb7f426d9dfb6bd0fa1f2146:",
        "】",
        "中央政府门户网站 www.gov.cn 2012年03月15日",
    ],
)
def test_web_chrome_is_recognised(line: str):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line", ["各位代表：", "一、2015年工作回顾", "国内生产总值增长7.5%。", "大力发展现代农业"]
)
def test_report_lines_are_not_chrome(line: str):
    assert not is_chrome(line)


def test_repeated_page_copies_collapse_to_one():
    page = [
        "2012年国务院政府工作报告",
        "政府工作报告",
        "各位代表：",
        "一、2011年工作回顾",
        "过去的一年，面对复杂多变的国际政治经济环境和艰巨繁重的国内改革发展任务，全国各族人民同心同德。",
        "二、2012年工作总体部署",
        "今年经济社会发展的主要预期目标是：国内生产总值增长7.5%，城镇新增就业900万人以上。",
    ]
    out = texts(drop_repeated_copies(blocks(*(page * 6))))
    assert out == page


def test_genuine_short_repeats_stay():
    lines = [
        "各位代表！",
        "我们要继续推进改革开放，不断增强经济发展活力和动力，稳中求进。",
        "各位代表！",
        "我们要坚持以人民为中心的发展思想，着力保障和改善民生，促进社会公平。",
    ]
    assert texts(drop_repeated_copies(blocks(*lines))) == lines


def test_label_value_and_footer_furniture_go():
    lines = [
        "2026年四川省人民政府工作报告",
        "来源:",
        "四川日报",
        "各位代表：",
        "现在，我代表省人民政府，向大会报告工作，请予审议，并请省政协委员提出意见。",
        "责任编辑：",
        "李莎莎",
        "相关链接>>",
        "四川干部群众热议政府工作报告",
    ]
    assert texts(clean_blocks(blocks(*lines))) == lines[:1] + lines[3:5]


def test_words_broken_onto_their_own_lines_are_glued_back():
    lines = [
        "7.“双向揭榜挂帅”：企业找技术、成果找市场“双向",
        "揭榜",
        "挂帅”的简称，由技术供给方带团队",
        "揭榜",
        "。",
        "8.“灯塔工厂”：全球智能制造示范工厂。",
    ]
    assert texts(rejoin_fragments(blocks(*lines))) == [
        "7.“双向揭榜挂帅”：企业找技术、成果找市场“双向揭榜挂帅”的简称，由技术供给方带团队揭榜。",
        "8.“灯塔工厂”：全球智能制造示范工厂。",
    ]


def test_clean_reports_lose_no_paragraph(shared_corpus: Path):
    for path in sorted((shared_corpus / "reports").glob("guowuyuan_20*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out = clean_blocks(blocks(*lines))
        # Only photo captions and bylines may go; every paragraph of prose stays.
        assert len(out) >= len(lines) - 2, path.name


def test_noisy_gbk_page_repeated_six_times_cleans_to_one_report(shared_corpus: Path):
    raw = (shared_corpus / "noisy" / "guowuyuan_2012_raw_gbk_webpage.txt").read_bytes().decode("gb18030")
    out = texts(clean_blocks(blocks(*[line for line in raw.splitlines() if line.strip()])))
    clean = (shared_corpus / "reports" / "guowuyuan_2012.txt").read_text(encoding="utf-8")
    assert sum(t.startswith("一、2011年工作回顾") for t in out) == 1
    assert not any("<U+00A0>" in t or "责任编辑" in t or "E-mail" in t for t in out)
    total = sum(len(t) for t in out)
    assert abs(total - len(clean)) / len(clean) < 0.05
