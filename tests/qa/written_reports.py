"""Reports written by a test, ingested with the bigram embedder, and the sentence answerer over them."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import Ingestor
from qa.extractive import ExtractiveAnswerer, ExtractiveConfig
from retriever.hybrid import HybridRetriever
from store import ReportStore
from tests.conftest import BigramEmbeddings


def answerer_over(
    tmp_path: Path,
    texts: dict[str, str],
    config: ExtractiveConfig | None = None,
    near_duplicates: str = "skip",
) -> ExtractiveAnswerer:
    """An answerer over the reports {file name: text}, written under tmp_path and ingested."""
    files = []
    for name, text in texts.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        files.append(path)
    store = ReportStore(tmp_path / "db", BigramEmbeddings())
    assert not Ingestor(store).ingest(files, near_duplicates=near_duplicates).failed
    return (
        ExtractiveAnswerer(HybridRetriever(store), config)
        if config
        else ExtractiveAnswerer(HybridRetriever(store))
    )
