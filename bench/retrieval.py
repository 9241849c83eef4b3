"""Retrieval quality against the plain LangChain recipe: python -m bench.retrieval [options]

Ingests the reports (default: the bundled samples) into a store under var/bench, asks every
answerable question of a question file, and prints hit@1/3/5 and MRR overall and per question type
for our hybrid retriever and for the recipe most users start from (RecursiveCharacterTextSplitter
1000/200, the same embedding model, Chroma similarity search, top 5), with the ratio between them,
the per-query latency and the questions missed. A hit is a retrieved chunk of the right report that
holds the answering quote.

    python -m bench.retrieval                                   # dev set on the bundled reports
    python -m bench.retrieval --questions bench/questions/heldout.jsonl --reports ../shared/corpus/reports \
        --reports ../shared/corpus/partial --reports ../shared/corpus/noisy/sichuan_2026_raw_webpage_text.txt
    python -m bench.retrieval --grid                            # fusion weights side by side
    python -m bench.retrieval --set sentence_candidates=0       # one setting changed (no sentence index)
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from bench.evaluation import (
    Evaluation,
    Retrieved,
    add_corpus_options,
    evaluate,
    load_questions,
)
from bench.machine import describe_machine
from core.settings import REPO_ROOT, get_settings
from ingest.pipeline import Ingestor
from retriever.config import RetrieverConfig
from retriever.hybrid import HybridRetriever
from store import ReportStore, open_store
from store.embed_cache import EmbeddingCache, embed_with_cache
from store.embedders import load_embeddings

BASELINE_CHUNK, BASELINE_OVERLAP, BASELINE_K = 1000, 200, 5


class CachedEmbeddings(Embeddings):
    """An embedder whose passages go through the embedding cache and whose queries are memoised,
    so that repeated benchmark runs and grid searches embed nothing twice."""

    def __init__(self, inner: Embeddings, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.cache = cache
        self.name = getattr(inner, "name", type(inner).__name__)
        self._query = lru_cache(maxsize=4096)(inner.embed_query)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return embed_with_cache(self.inner, self.cache, texts)

    def embed_query(self, text: str) -> list[float]:
        return self._query(text)


def bench_dir(reports: list[Path], embedder: str) -> Path:
    """Where the benchmark stores of these reports live (one per vector layout, sharing one
    embedding cache): one folder per embedder and set of reports."""
    key = hashlib.sha1("|".join([embedder, *map(str, reports)]).encode()).hexdigest()[:10]
    return REPO_ROOT / "var" / "bench" / key


def build_store(reports: list[Path], db_dir: Path, embeddings: Embeddings) -> ReportStore:
    """The reports ingested (idempotently) into a store at db_dir."""
    settings = get_settings()
    store = open_store(settings.model_copy(update={"db_dir": db_dir}), embeddings)
    # Copies of one report in other formats are kept (the shared corpus has several): a question is
    # answered by either copy (run_ours reads a hit on a copy as a hit on its report).
    report = Ingestor.from_settings(store, settings).ingest(reports, near_duplicates="keep")
    if report.failed:
        raise SystemExit("\n".join(f"{r.path}: {r.message}" for r in report.failed))
    return store


def bench_store(reports: list[Path]) -> tuple[ReportStore, CachedEmbeddings]:
    """The benchmark store of these reports with the configured embedder, built once and kept
    under var/bench/ (re-running ingests nothing that is unchanged)."""
    settings = get_settings()
    db_dir = bench_dir(reports, settings.embedder)
    cache = EmbeddingCache(db_dir / "embed_cache.sqlite")
    embeddings = CachedEmbeddings(load_embeddings(settings.embedder), cache)
    layout = settings.chunk_vectors
    return build_store(
        reports, db_dir / ("db" if layout == "embedded" else f"db-{layout}"), embeddings
    ), embeddings


def run_ours(retriever: HybridRetriever, questions: list[dict], k: int = 5) -> Evaluation:
    """Our retriever on the questions; a report and the copies kept beside it count as one."""
    report = {d: r.duplicate_of or d for d, r in retriever.documents.items()}

    def search(q: str) -> list[Retrieved]:
        hits = retriever.search(q, k=k).hits
        return [Retrieved(report.get(h.chunk.doc_id, h.chunk.doc_id), h.chunk.text) for h in hits]

    asked = [{**q, "doc": report.get(q["doc"], q["doc"])} for q in questions]
    return evaluate(asked, search, time.perf_counter)


def run_baseline(store: ReportStore, questions: list[dict], embeddings: Embeddings) -> Evaluation:
    """The plain recipe on the same cleaned texts: 1000/200 character splits, Chroma top 5."""
    import chromadb
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=BASELINE_CHUNK, chunk_overlap=BASELINE_OVERLAP)
    docs = splitter.create_documents(
        [store.document_text(r.doc_id) for r in store.documents()],
        metadatas=[{"doc_id": r.doc_id} for r in store.documents()],
    )
    client = chromadb.EphemeralClient(settings=chromadb.config.Settings(anonymized_telemetry=False))
    vs = Chroma.from_documents(
        docs,
        embeddings,
        client=client,
        collection_name="baseline",
        collection_metadata={"hnsw:space": "cosine"},
    )

    def search(q: str) -> list[Retrieved]:
        return [
            Retrieved(d.metadata["doc_id"], d.page_content) for d in vs.similarity_search(q, k=BASELINE_K)
        ]

    return evaluate(questions, search, time.perf_counter)


def print_comparison(ours: Evaluation, base: Evaluation | None) -> None:
    cols = ("hit@1", "hit@3", "hit@5", "mrr")
    print(
        f"{'type':<11}{'n':>4}  "
        + " ".join(f"{c:>7}" for c in cols)
        + ("   baseline: " + " ".join(f"{c:>7}" for c in cols) if base else "")
    )
    rows = [("all", {"n": len(ours.ranks), **ours.overall()}, base.overall() if base else None)]
    base_types = base.by_type() if base else {}
    rows += [(t, f, base_types.get(t)) for t, f in ours.by_type().items()]
    for name, f, b in rows:
        line = f"{name:<11}{int(f['n']):>4}  " + " ".join(f"{f[c]:>7.3f}" for c in cols)
        if b:
            line += "             " + " ".join(f"{b[c]:>7.3f}" for c in cols)
        print(line)
    if base:
        o, b = ours.overall(), base.overall()
        ratio = lambda c: o[c] / b[c] if b[c] else float("inf")  # noqa: E731
        print(
            f"ours/baseline: hit@1 x{ratio('hit@1'):.2f}, "
            f"hit@5 x{ratio('hit@5'):.2f}, mrr x{ratio('mrr'):.2f}"
        )
    print(f"latency per query (ms): ours p50 {ours.p(50):.0f} p95 {ours.p(95):.0f}", end="")
    print(f"; baseline p50 {base.p(50):.0f} p95 {base.p(95):.0f}" if base else "")


def print_failures(ev: Evaluation, retriever: HybridRetriever, limit: int) -> None:
    misses = ev.failures(k=1)
    print(f"\nnot at rank 1 ({len(misses)}):")
    for q, rank in misses[:limit]:
        res = retriever.search(q["question"], k=1)
        top = res.hits[0].chunk if res.hits else None
        got = f"{top.doc_id} {top.text[:50]}" if top else "(nothing)"
        print(
            f"  [{q['id']} {q['type']}] {q['question']}  rank={rank or '>5'}  "
            f"want {q['doc']}: {q['quote'][:40]}"
        )
        print(f"      got {got}")


GRID = {
    "bm25_weight": (0.0, 0.25),
    "bm25_weight_full": (0.5, 1.0),
    "chunk_weight": (0.5, 1.0),
    "rrf_k": (20, 60),
    "phrase_bonus": (0.0, 0.05, 0.1, 0.2),
}


def grid(store: ReportStore, questions: list[dict]) -> None:
    """Every combination of the fusion settings in GRID, with paraphrased questions apart."""
    names = list(GRID)
    print("".join(f"{n:>13}" for n in names) + "   hit@1  hit@5    mrr  para@1  para@5")
    para = [q for q in questions if q["type"] == "paraphrase"]
    for values in itertools.product(*GRID.values()):
        settings: dict[str, Any] = dict(zip(names, values, strict=True))
        config = replace(RetrieverConfig(), **settings)
        r = HybridRetriever(store, config)
        ev = run_ours(r, questions)
        o = ev.overall()
        p = (
            ev.by_type().get("paraphrase", {"hit@1": 0.0, "hit@5": 0.0})
            if para
            else {"hit@1": 0.0, "hit@5": 0.0}
        )
        print(
            "".join(f"{v:>13}" for v in values)
            + f"   {o['hit@1']:.3f}  {o['hit@5']:.3f}  {o['mrr']:.3f}  {p['hit@1']:.3f}  {p['hit@5']:.3f}",
            flush=True,
        )


def config_with(changes: list[str]) -> RetrieverConfig:
    """RetrieverConfig with NAME=VALUE changes, each value read as its field's default's type.
    Raises SystemExit naming an unknown setting or a value of the wrong type."""
    config = RetrieverConfig()
    for change in changes:
        name, _, value = change.partition("=")
        if not hasattr(config, name):
            raise SystemExit(f"--set {change}: no such setting in RetrieverConfig")
        kind = type(getattr(config, name))
        try:
            if kind is bool and value.lower() not in ("true", "false"):
                raise ValueError(f"{value!r} is not true or false")
            read = value.lower() == "true" if kind is bool else kind(value)
            config = replace(config, **{name: read})
        except ValueError as e:
            raise SystemExit(f"--set {change}: {e}") from e
    return config


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    p = argparse.ArgumentParser(prog="python -m bench.retrieval", description=__doc__.split("\n\n")[0])
    add_corpus_options(p)
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--grid", action="store_true", help="compare fusion settings instead")
    p.add_argument("--failures", type=int, default=30, help="how many misses to print")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="a retriever setting")
    args = p.parse_args(argv)
    config = config_with(args.set)

    reports = [r.resolve() for r in (args.reports or [settings.samples_dir])]
    store, embeddings = bench_store(reports)
    questions = load_questions(args.questions)
    stored = {r.doc_id for r in store.documents()}
    unknown = sorted({q["doc"] for q in questions} - stored)
    if unknown:
        print(f"questions name documents not in the store: {', '.join(unknown)}", file=sys.stderr)
        return 2
    print(f"machine: {describe_machine()}")
    print(f"corpus: {', '.join(map(str, reports))}: {len(stored)} reports, {store.count_chunks()} chunks")
    print(f"questions: {args.questions} ({len(questions)} answerable); embedder: {settings.embedder}")
    if args.grid:
        grid(store, questions)
        return 0
    retriever = HybridRetriever(store, config)
    print(f"config: {retriever.config}")
    ours = run_ours(retriever, questions)
    base = None if args.no_baseline else run_baseline(store, questions, embeddings)
    print()
    print_comparison(ours, base)
    print_failures(ours, retriever, args.failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
