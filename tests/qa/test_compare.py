from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from qa.compare import NOT_MENTIONED, Comparer, Row, in_stated_unit
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store import ReportStore
from tests.conftest import SHARED_CORPUS, BigramEmbeddings
from text.numbers import figures

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.fixture
def store(sample_db: Path) -> ReportStore:
    return ReportStore(sample_db, BigramEmbeddings())


def test_compare_gives_one_cited_value_per_bundled_report(store: ReportStore):
    got = Comparer(HybridRetriever(store)).compare("GDP增长目标", Filters(issuer="国务院"))
    values = {r.year: r.value for r in got.rows}
    assert values == {
        2013: "7.5%左右",
        2014: "7.5%左右",
        2015: "7%左右",
        2016: "6.5%－7%",
        2017: "6.5%左右",
        2018: "6.5%左右",
    }
    assert all(r.value.replace("－", "-").split("左右")[0] in r.quote.replace("－", "-") for r in got.rows)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_compare_over_the_state_council_reports_2000_to_2018(tmp_path: Path):
    files = sorted((SHARED_CORPUS / "reports").glob("guowuyuan_20*.txt"))
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest(files).failed
    got = Comparer(HybridRetriever(store)).compare(
        "GDP增长目标", Filters(issuer="国务院", year_from=2000, year_to=2018)
    )
    values = {r.year: figures(r.value)[0] if r.value != NOT_MENTIONED else None for r in got.rows}
    assert values[2000] is None and values[2002] is None
    expected = {y: (8.0, 8.0) for y in range(2005, 2012)}
    expected |= {2012: (7.5, 7.5), 2013: (7.5, 7.5), 2014: (7.5, 7.5), 2015: (7.0, 7.0), 2016: (6.5, 7.0)}
    expected |= {2017: (6.5, 6.5), 2018: (6.5, 6.5)}
    for year, (low, high) in expected.items():
        if year in values:  # 2007 is not in the corpus
            f = values[year]
            assert f is not None and (f.low, f.high) == (low, high) and f.percent, (year, f)


def _value_row(year: int, value: str, unit: str, low: float) -> Row:
    return Row(f"r{year}", f"{year}年报告", year, value, unit, value, "一、", low=low, high=low)


def test_values_in_other_units_of_one_kind_share_the_axis_converted():
    """The trial's: the 2014 report's 超过1.2万亿斤 and the 2015 report's 6.07亿吨 were put on one
    万亿斤 axis unconverted, 2015 near 0; the table keeps each value as written."""
    rows = in_stated_unit(
        [_value_row(2014, "超过1.2万亿斤", "斤", 1.2e12), _value_row(2015, "6.07亿吨", "吨", 6.07e8)]
    )
    assert [(r.value, r.unit) for r in rows] == [("超过1.2万亿斤", "万亿斤"), ("6.07亿吨", "万亿斤")]
    assert rows[1].low == pytest.approx(1.214)
    # a county's: 公顷 beside 亩 (1 公顷 = 15 亩); 万亩 the scale most rows state
    rows = in_stated_unit(
        [
            _value_row(2021, "12.5万亩", "亩", 125000),
            _value_row(2022, "13万亩", "亩", 130000),
            _value_row(2023, "9000公顷", "公顷", 9000),
        ]
    )
    assert [r.unit for r in rows] == ["万亩"] * 3 and rows[2].low == pytest.approx(13.5)
    # 元 and 美元 have no fixed factor: left in their own unit
    rows = in_stated_unit(
        [_value_row(2021, "300亿元", "元", 3e10), _value_row(2022, "50亿美元", "美元", 5e9)]
    )
    assert rows[1].low == pytest.approx(50) and rows[1].unit == "亿美元"
