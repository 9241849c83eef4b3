from pathlib import Path

import pytest

from qa.grounding import check
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.fixture
def store(sample_db: Path) -> ReportStore:
    return ReportStore(sample_db, BigramEmbeddings())


def test_grounding_renumbers_citations_and_drops_what_the_sources_do_not_say(store: ReportStore):
    hits = HybridRetriever(store).search("两委交叉任职比例是多少", k=3).hits
    n = next(i for i, h in enumerate(hits, 1) if "87.7%" in h.chunk.text)
    got = check(f"比例为87.7%[{n}]。又说是90%[{n}]。", hits, {})
    assert got.text == "比例为87.7%[1]。" and len(got.citations) == 1 and "87.7%" in got.citations[0].quote
    assert got.warnings and "90%" in got.warnings[0]
