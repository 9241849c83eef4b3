from pathlib import Path

import pytest

from qa.service import PolicyQA
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings

YUTAI = "yutai_xiang_sanji_lianchuang"


@pytest.fixture
def store(sample_db: Path) -> ReportStore:
    return ReportStore(sample_db, BigramEmbeddings())


def test_empty_questions_are_refused_in_chinese(store: ReportStore):
    with pytest.raises(ValueError, match="问题为空"):
        PolicyQA(HybridRetriever(store), "extractive").ask("  ")
