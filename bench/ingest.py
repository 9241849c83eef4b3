"""Ingest throughput against the embedding model alone: python -m bench.ingest [PATH...]

Ingests the files into a fresh store with an empty embedding cache and prints documents/s, chunks/s
and characters/s, then embeds the very same texts (each chunk under its headings, and each of its
sentences, as ingest does) with the bare model and prints the pipeline's overhead over it
(target: under 15%).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.machine import describe_machine
from core.settings import get_settings
from ingest.pipeline import Ingestor, embedding_text
from ingest.split import chunk_sentences
from store import open_store
from store.embedders import load_embeddings


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    p = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    p.add_argument("paths", nargs="*", default=[str(settings.samples_dir)])
    args = p.parse_args(argv)

    embeddings = load_embeddings(settings.embedder)
    embeddings.embed_documents(["预热"])  # load and warm the model outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(settings.model_copy(update={"db_dir": Path(tmp) / "db"}), embeddings)
        # nothing from the shipped cache (data/embed_cache.sqlite): every text is embedded here
        ingestor = Ingestor.from_settings(store, settings.model_copy(update={"shipped_embed_cache": None}))
        t0 = time.perf_counter()
        report = ingestor.ingest(args.paths)
        pipeline_s = time.perf_counter() - t0
        docs = [r for r in report.results if r.status == "added"]
        chunks = [c for d in docs for c in store.chunks_of(str(d.doc_id))]
        texts = [embedding_text(c) for c in chunks]
        texts += list(dict.fromkeys(s for c in chunks for s in chunk_sentences(c)))  # embedded once each

        t0 = time.perf_counter()
        for i in range(0, len(texts), settings.embed_batch):
            embeddings.embed_documents(texts[i : i + settings.embed_batch])
        model_s = time.perf_counter() - t0

    chars = sum(len(t) for t in texts)
    overhead = pipeline_s / model_s - 1
    print(f"machine: {describe_machine()}")
    print(
        f"corpus:  {', '.join(args.paths)}: {len(docs)} documents, {len(chunks)} chunks, "
        f"{len(texts)} texts (chunks and sentences), {chars} characters embedded"
    )
    print(f"embedder: {settings.embedder}; failed files: {len(report.failed)}")
    print(
        f"pipeline: {pipeline_s:.1f} s = {len(docs) / pipeline_s:.2f} documents/s, "
        f"{len(chunks) / pipeline_s:.1f} chunks/s, {chars / pipeline_s:.0f} chars/s"
    )
    print(
        f"model alone on the same texts: {model_s:.1f} s = {len(texts) / model_s:.1f} texts/s, "
        f"{chars / model_s:.0f} chars/s"
    )
    print(f"pipeline overhead over the model: {overhead:.1%} (target < 15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
