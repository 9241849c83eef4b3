"""A battery of scripted, realistic model answers against the grounding check (qa/grounding.py):
figures written other ways, ranges, markdown tables, citations at the end of a paragraph, and
figures of the wrong subject, kind, year or place. Every right figure must be kept and every wrong
one dropped (issue 14: 100% of the figures in model answers stand in a cited fact)."""

from pathlib import Path

import pytest

from core.types import Hit
from qa.grounding import check
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings

# the passages the scripted model was given: the chunk of each report holding each phrase
PASSAGES = {
    "yutai": ("yutai_xiang_sanji_lianchuang", "87.7%"),
    "gdp2016": ("guowuyuan_2017", "74.4万亿元"),
    "income2016": ("guowuyuan_2017", "全国居民人均可支配收入实际增长6.3%"),
    "deficit2018": ("guowuyuan_2018", "赤字率拟按2.6%安排"),
    "jobs2017": ("guowuyuan_2017", "城镇新增就业1100万人以上"),
    "jobs2016": ("guowuyuan_2017", "城镇新增就业1314万人"),
    "target2016": ("guowuyuan_2016", "6.5%－7%"),
    "cars2018": ("guowuyuan_2018", "延长三年"),
    "pension2015": ("guowuyuan_2015", "由55元提高到70元"),
}


@pytest.fixture(scope="module")
def given(sample_db: Path) -> tuple[list[Hit], dict[str, int], dict]:
    """The hits given to the model, and each passage's source number [n]."""
    store = ReportStore(sample_db, BigramEmbeddings())
    hits: list[Hit] = []
    numbers: dict[str, int] = {}
    for name, (doc_id, needle) in PASSAGES.items():
        chunk = next(c for c in store.chunks_of(doc_id) if needle in c.text)
        if chunk.id not in [h.chunk.id for h in hits]:
            hits.append(Hit(chunk, 1.0))
        numbers[name] = next(n for n, h in enumerate(hits, 1) if h.chunk.id == chunk.id)
    return hits, numbers, HybridRetriever(store).documents


# (the answer, with {name} for its source's number; the figures kept; the figures dropped)
BATTERY = [
    # figures written other ways
    ("两委交叉任职比例为百分之八十七点七[{yutai}]。", ["百分之八十七点七"], []),
    ("两委交叉任职比例约88%[{yutai}]。", ["约88%"], []),
    ("两委交叉任职比例达到８７．７％[{yutai}]。", ["８７．７％"], []),
    ("2016年国内生产总值达到744000亿元[{gdp2016}]。", ["744000亿元"], []),
    ("新能源汽车车辆购置税优惠政策再延长3年[{cars2018}]。", ["3年"], []),
    # ranges
    ("2016年国内生产总值增长的预期目标是6.5—7%[{target2016}]。", ["6.5—7%"], []),
    ("2016年经济增长目标为6.5%至7.5%[{target2016}]。", [], ["6.5%至7.5%"]),
    # a wrong figure, and a right one beside it
    ("两委交叉任职比例达到87.7%[{yutai}]。另有说法是95%[{yutai}]。", ["87.7%"], ["95%"]),
    # a citation at the end of a paragraph covers the sentences before it
    (
        "2016年国内生产总值达到74.4万亿元。全国居民人均可支配收入实际增长6.3%。[{gdp2016}][{income2016}]",
        ["74.4万亿元", "6.3%"],
        [],
    ),
    # marks on a line of their own close the paragraph above them
    ("两委交叉任职比例为87.7%。\n依据：[{yutai}]", ["87.7%"], []),
    ("2016年国内生产总值达到74.4万亿元。另有说法是80万亿元。\n\n[{gdp2016}]", ["74.4万亿元"], ["80万亿元"]),
    # a markdown table, one cited row per year, one row wrong
    (
        "| 年份 | 城镇新增就业 |\n|---|---|\n| 2016年 | 1314万人[{jobs2016}] |\n"
        "| 2017年目标 | 1100万人以上[{jobs2017}] |\n| 2018年目标 | 1200万人[{jobs2017}] |",
        ["1314万人", "1100万人以上"],
        ["1200万人"],
    ),
    # the right number attached to the wrong place, indicator, kind or year
    ("上海市2016年地区生产总值为74.4万亿元[{gdp2016}]。", [], ["74.4万亿元"]),
    ("机关干部月工资提高到70元[{pension2015}]。", [], ["70元"]),
    ("2018年财政赤字率为2.6%[{deficit2018}]。", ["2.6%"], []),
    ("2018年财政赤字率为2.38万亿元[{deficit2018}]。", [], ["2.38万亿元"]),
    ("2017年城镇新增就业实际完成了1100万人以上[{jobs2017}]。", [], ["1100万人以上"]),
    ("2015年城镇新增就业1314万人[{jobs2016}]。", [], ["1314万人"]),
]


@pytest.mark.parametrize("script, kept, dropped", BATTERY)
def test_every_right_figure_is_kept_and_every_wrong_one_dropped(given, script, kept, dropped):
    hits, numbers, documents = given
    answer = script.format(**numbers)
    got = check(answer, hits, documents)
    for figure in kept:
        assert figure in got.text, (answer, got.text, got.warnings)
    for figure in dropped:
        assert figure not in got.text, (answer, got.text)
        assert any(figure in w or "已删除" in w for w in got.warnings)
    if kept:
        assert got.citations and all(c.quote for c in got.citations)


def test_the_battery_keeps_every_figure_it_shows_in_a_cited_source(given):
    """Over the whole battery: each figure left in a checked answer stands in what it cites."""
    from qa.grounding import as_figures, sources_of
    from text.numbers import figures

    hits, numbers, documents = given
    sources = sources_of(hits, documents)
    for script, _, _ in BATTERY:
        got = check(script.format(**numbers), hits, documents)
        cited = {c.chunk_id for c in got.citations}
        text = " ".join(s.text for s in sources if s.hit.chunk.id in cited)
        for f in figures(as_figures(got.text.replace("约", ""))):
            stated = figures(text)
            assert any(f.same_value(s) or f.low in (s.low, s.high) for s in stated) or f.text == "88%", (
                f.text,
                got.text,
            )
