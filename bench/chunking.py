"""How chunk size changes dense retrieval: python -m bench.chunking [--targets 150,300,...]

Splits the bundled reports at several chunk targets, embeds the chunks (under their section
headings, as ingest does) and ranks them for the answerable dev questions by cosine similarity.
A hit is a chunk that contains the gold quote. Prints hit@1, hit@5 and MRR per target, so that
the default size is chosen by measurement rather than habit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from bench.evaluation import load_questions, squash
from bench.machine import describe_machine
from core.settings import get_settings
from core.types import Chunk
from ingest.prepare import prepare_report
from ingest.split import SplitConfig, split_report
from store.embed_cache import EmbeddingCache, embed_with_cache
from store.embedders import load_embeddings
from store.records import embedding_text

QUESTIONS = Path(__file__).parent / "questions" / "dev.jsonl"


def contains_quote(chunk: Chunk, quote: str) -> bool:
    return squash(quote) in squash(chunk.text)


def evaluate(chunks: list[Chunk], vectors: np.ndarray, questions: list[dict], embeddings) -> dict[str, float]:
    ranks = []
    for q in questions:
        qv = np.asarray(embeddings.embed_query(q["question"]))
        order = np.argsort(-(vectors @ qv))
        rank = next(
            (
                r
                for r, i in enumerate(order[:20], 1)
                if chunks[i].doc_id == q["doc"] and contains_quote(chunks[i], q["quote"])
            ),
            None,
        )
        ranks.append(rank)
    n = len(ranks)
    return {
        "hit@1": sum(r == 1 for r in ranks if r) / n,
        "hit@5": sum(r <= 5 for r in ranks if r) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    p = argparse.ArgumentParser(prog="python -m bench.chunking", description=__doc__)
    p.add_argument("--targets", default="150,200,300,400,600")
    p.add_argument("--questions", type=Path, default=QUESTIONS)
    p.add_argument("--reports", type=Path, default=settings.samples_dir)
    args = p.parse_args(argv)

    questions = load_questions(args.questions)
    embeddings = load_embeddings(settings.embedder)
    cache = EmbeddingCache(settings.db_dir / "embed_cache.sqlite")
    prepared = {f.stem: prepare_report(f) for f in sorted(args.reports.glob("*.txt"))}
    print(f"machine: {describe_machine()}")
    print(
        f"corpus: {args.reports} ({len(prepared)} reports); "
        f"questions: {args.questions} ({len(questions)} answerable)"
    )
    print(f"{'target':>6} {'max':>5} {'chunks':>6} {'median':>6} {'hit@1':>6} {'hit@5':>6} {'mrr':>6}")
    for target in [int(t) for t in args.targets.split(",")]:
        cfg = SplitConfig(target=target, max=max(2 * target, 200))
        chunks = [
            c
            for doc_id, pr in prepared.items()
            for c in split_report(doc_id, pr.paragraphs, pr.paths, cfg=cfg)
        ]
        vectors = np.asarray(embed_with_cache(embeddings, cache, [embedding_text(c) for c in chunks]))
        m = evaluate(chunks, vectors, questions, embeddings)
        median = int(np.median([len(c.text) for c in chunks]))
        print(
            f"{target:>6} {cfg.max:>5} {len(chunks):>6} {median:>6} "
            f"{m['hit@1']:>6.3f} {m['hit@5']:>6.3f} {m['mrr']:>6.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
