"""The shipped embedding cache written anew: python -m ingest.seed_cache [--reports DIR] [--out FILE]

Ingests the bundled reports (data/reports) into a temporary store, as the app's first run does,
and writes the vector of every text that ingest embeds to data/embed_cache.sqlite, the read-only
tier behind each store's own cache (store/embed_cache.py): with it a first run embeds nothing.
Vectors the old file holds for unchanged texts are kept, only new texts are embedded, and texts the
ingest no longer asks for are dropped. Run it (or `make seed-cache`) after a change to the reports,
cleaning, splitting or the text embedded; tests/ingest/test_seed_cache.py fails until then.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

import numpy as np

from core.settings import Settings, get_settings
from ingest.pipeline import Ingestor
from ingest.split import SplitConfig
from store import open_store
from store.embed_cache import EmbeddingCache, write_shipped
from store.embedders import embedder_name, load_embeddings


class RecordingCache(EmbeddingCache):
    """An embedding cache that remembers every text asked of it (by model) and counts those embedded."""

    def __init__(self, path: Path, shipped: Path | None = None) -> None:
        super().__init__(path, shipped)
        self.asked: dict[str, dict[str, None]] = {}
        self.embedded = 0

    def get_many(self, model: str, texts: list[str]) -> list[np.ndarray | None]:
        self.asked.setdefault(model, {}).update(dict.fromkeys(texts))
        return super().get_many(model, texts)

    def put_many(self, model: str, texts: list[str], vectors: list[list[float]]) -> None:
        self.embedded += len(texts)
        super().put_many(model, texts, vectors)


def seed(reports: list[Path], out: Path, settings: Settings) -> tuple[int, int]:
    """Writes `out` with the vectors of every text the reports' ingest embeds with the settings'
    embedder (the old `out` supplying those it holds): (texts written, texts embedded now)."""
    embeddings = load_embeddings(settings.embedder)
    model = embedder_name(embeddings)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        store = open_store(settings.model_copy(update={"db_dir": Path(tmp) / "db"}), embeddings)
        cache = RecordingCache(Path(tmp) / "cache.sqlite", out)
        split = SplitConfig(settings.chunk_target, settings.chunk_max)
        report = Ingestor(store, split, cache, settings.embed_batch).ingest(reports, progress=True)
        if report.failed:
            raise SystemExit("\n".join(f"{r.path}: {r.message}" for r in report.failed))
        texts = list(cache.asked.get(model, {}))
        vectors = cache.get_many(model, texts)
        cache.close()
    missing = [t for t, v in zip(texts, vectors, strict=True) if v is None]
    if missing:  # cannot happen: every text asked was found or embedded and kept
        raise SystemExit(f"{len(missing)} texts without a vector, e.g. {missing[0][:40]}")
    write_shipped(out, model, texts, [v for v in vectors if v is not None])
    return len(texts), cache.embedded


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    default_out = settings.shipped_embed_cache or Path("data/embed_cache.sqlite")
    p = argparse.ArgumentParser(prog="python -m ingest.seed_cache", description=__doc__)
    p.add_argument("--reports", type=Path, nargs="+", default=[settings.samples_dir])
    p.add_argument("--out", type=Path, default=default_out)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    written, embedded = seed(args.reports, args.out, settings)
    size = args.out.stat().st_size / 1024 / 1024
    print(
        f"{args.out}: {written} texts ({embedded} embedded now), {size:.1f} MiB; embedder "
        f"{settings.embedder}, chunks {settings.chunk_target}/{settings.chunk_max}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
