"""The vectors of the plain recipe's chunks of the bundled reports, written anew:
python -m tests.retriever.baseline_vectors

The retrieval quality floor (test_quality.py) holds ours against the plain LangChain recipe on the
same reports with the same embedder. The recipe's 1000/200-character chunks are texts our ingest
never embeds, so the shipped cache (data/embed_cache.sqlite) lacks them and every test run embedded
them again: about two minutes on 2 cores. This file holds their vectors, as the shipped cache holds
ours (same keys, same float32 bytes); a text it lacks is embedded, so a stale file costs time, never
a figure. Run this after a change to the bundled reports or their cleaning.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.evaluation import QUESTIONS_DIR, load_questions
from bench.retrieval import CachedEmbeddings, build_store, run_baseline
from core.settings import get_settings
from ingest.seed_cache import RecordingCache
from store.embed_cache import write_shipped
from store.embedders import embedder_name, load_embeddings

BASELINE_VECTORS = Path(__file__).resolve().parents[1] / "data" / "baseline_vectors.sqlite"


def main() -> int:
    settings = get_settings()
    model = load_embeddings(settings.embedder)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        store = build_store([settings.samples_dir], Path(tmp) / "db", model)
        cache = RecordingCache(Path(tmp) / "cache.sqlite", BASELINE_VECTORS)
        run_baseline(store, load_questions(QUESTIONS_DIR / "dev.jsonl"), CachedEmbeddings(model, cache))
        name = embedder_name(model)
        texts = list(cache.asked.get(name, {}))
        vectors = cache.get_many(name, texts)
    write_shipped(BASELINE_VECTORS, name, texts, [v for v in vectors if v is not None])
    print(f"{BASELINE_VECTORS}: {len(texts)} texts ({cache.embedded} embedded now)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
