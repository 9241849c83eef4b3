"""Ingest throughput against the model alone and the plain LangChain recipe: python -m bench.ingest

    python -m bench.ingest [PATH...] [--layouts embedded derived]

For each vector layout (ingest/chunk_vectors.py), the files are ingested into a fresh store with an
empty embedding cache: documents/s, chunks/s and characters/s; then the very texts that layout
embeds are embedded again with the bare model, and the pipeline's overhead over it is printed
(target: under 15%). Last, the plain LangChain recipe (bench.recipe: 500/100 character splits into
Chroma, no cache) ingests the same files with the same warmed embedder, and each layout's wall time
is printed against the recipe's (target: at most 1.2 times) and against the embedded layout's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from bench.machine import describe_machine
from bench.recipe import recipe_ingest
from core.settings import Settings, get_settings
from core.types import Layout
from ingest.chunk_vectors import LAYOUTS, part_vectors
from ingest.pipeline import Ingestor
from ingest.split import chunk_sentences
from store import open_store
from store.embedders import load_embeddings


@dataclass(frozen=True)
class Timed:
    """One layout's ingest: wall time (s), documents, chunks, the texts it embedded, the model's time
    on those texts alone (s)."""

    layout: Layout
    seconds: float
    documents: int
    chunks: int
    texts: list[str]
    model_seconds: float

    @property
    def chars(self) -> int:
        return sum(map(len, self.texts))


def time_layout(
    paths: list[str], layout: Layout, embeddings: Embeddings, settings: Settings, tmp: Path
) -> Timed:
    """Ingest the paths in one layout into a fresh store under tmp, then time the model alone on the
    texts that layout embedded (each distinct text once, as the cache makes ingest do)."""
    store = open_store(settings.model_copy(update={"db_dir": tmp / f"db-{layout}"}), embeddings)
    # nothing from the shipped cache (data/embed_cache.sqlite): every text is embedded here
    without = settings.model_copy(update={"shipped_embed_cache": None, "chunk_vectors": layout})
    ingestor = Ingestor.from_settings(store, without)
    t0 = time.perf_counter()
    report = ingestor.ingest(paths)
    seconds = time.perf_counter() - t0
    if report.failed:
        raise SystemExit("\n".join(f"{r.path}: {r.message}" for r in report.failed))
    docs = [r for r in report.results if r.status == "added"]
    chunks = [c for d in docs for c in store.chunks_of(str(d.doc_id))]
    texts: list[str] = []

    def record(batch: list[str]) -> list[list[float]]:
        texts.extend(batch)
        return [[0.0]] * len(batch)

    part_vectors(chunks, [(c, s) for c in chunks for s in chunk_sentences(c)], layout, record)
    texts = list(dict.fromkeys(texts))
    t0 = time.perf_counter()
    for i in range(0, len(texts), settings.embed_batch):
        embeddings.embed_documents(texts[i : i + settings.embed_batch])
    return Timed(layout, seconds, len(docs), len(chunks), texts, time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    p = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__.split("\n\n")[0])
    p.add_argument("paths", nargs="*", default=[str(settings.samples_dir)])
    p.add_argument("--layouts", nargs="+", choices=LAYOUTS, default=list(LAYOUTS))
    args = p.parse_args(argv)

    embeddings = load_embeddings(settings.embedder)
    embeddings.embed_documents(["预热"])  # load and warm the model outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        runs = [time_layout(args.paths, layout, embeddings, settings, Path(tmp)) for layout in args.layouts]
        t0 = time.perf_counter()
        _, recipe_chunks = recipe_ingest(args.paths, embeddings, Path(tmp) / "recipe")
        recipe_s = time.perf_counter() - t0
    recipe_chars = sum(len(c.page_content) for c in recipe_chunks)

    print(f"machine: {describe_machine()}")
    print(f"corpus:  {', '.join(args.paths)}: {runs[0].documents} documents, {runs[0].chunks} chunks")
    print(f"embedder: {settings.embedder}")
    for r in runs:
        print(
            f"{r.layout:>8}: {r.seconds:.1f} s = {r.documents / r.seconds:.2f} documents/s, "
            f"{r.chunks / r.seconds:.1f} chunks/s; {len(r.texts)} texts, {r.chars} characters embedded "
            f"({r.chars / r.seconds:.0f}/s); model alone on them {r.model_seconds:.1f} s, pipeline "
            f"overhead {r.seconds / r.model_seconds - 1:.1%} (target < 15%)"
        )
    print(
        f"plain LangChain recipe (500/100 splits, Chroma, no cache): {recipe_s:.1f} s, "
        f"{len(recipe_chunks)} chunks, {recipe_chars} characters embedded (overlaps twice)"
    )
    for r in runs:
        print(f"{r.layout:>8} / recipe wall time: {r.seconds / recipe_s:.2f} (target <= 1.2)")
    by = {r.layout: r for r in runs}
    if "embedded" in by and "derived" in by:
        ratio = by["derived"].seconds / by["embedded"].seconds
        print(f"derived / embedded wall time: {ratio:.2f} (target <= 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
