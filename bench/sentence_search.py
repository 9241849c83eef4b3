"""How near the sentence search comes to exact: python -m bench.sentence_search --db DIR

For each dev and held-out question (167), the exact nearest sentences of a store (every sentence
vector of its sentence index, scored by brute force) against what the sentence index returns
(store/sentence_index.py) and, unless --no-chroma, what Chroma's HNSW returns for the same query.
Recall@k is the share of the k returned sentences at least as near as the exact k-th (so identical
sentences count alike, whichever copy is returned). Prints the machine, the store and ms a search.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from bench.evaluation import QUESTIONS_DIR, load_questions
from bench.machine import describe_machine

KS = (10, 150)


def recall(found: list[float], exact: np.ndarray, k: int) -> float:
    """Share of the first k found similarities at least the exact k-th (less float32 rounding)."""
    kth = np.sort(exact)[::-1][k - 1]
    return float(np.mean([f >= kth - 1e-5 for f in found[:k]])) if found else 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sentence_search", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, required=True, help="the store")
    p.add_argument("--no-chroma", action="store_true", help="leave out Chroma's HNSW (loads 1 MiB a report)")
    args = p.parse_args(argv)
    from core.settings import get_settings
    from retriever import open_retriever

    retriever = open_retriever(get_settings().model_copy(update={"db_dir": args.db}), with_reranker=False)
    store, index = retriever.store, retriever.store._keeper.sentences
    live = retriever._versions
    rows = index._db.execute(
        "SELECT s.vector FROM sentences s JOIN docs d ON d.doc_id = s.doc_id AND d.version = s.version"
    )
    vectors = np.stack([np.frombuffer(v, dtype=np.float32) for (v,) in rows])
    questions = [
        q["question"]
        for name in ("dev.jsonl", "heldout.jsonl")
        for q in load_questions(QUESTIONS_DIR / name, answerable_only=False)
    ]
    print(f"machine: {describe_machine()}; store: {args.db}, {len(vectors):,} sentences")
    sides = {"sentence index": [], "Chroma HNSW": []}
    times: dict[str, list[float]] = {name: [] for name in sides}
    for text in questions:
        q = retriever.query_vector(text)
        exact = vectors @ q
        t = time.perf_counter()
        ours = [m.similarity for m in store.nearest_sentences(q, max(KS), live)]
        times["sentence index"].append(time.perf_counter() - t)
        sides["sentence index"].append([recall(ours, exact, k) for k in KS])
        if not args.no_chroma:
            t = time.perf_counter()
            got = store.sentences.query(
                query_embeddings=[q.tolist()], n_results=max(KS), include=["distances"]
            )
            times["Chroma HNSW"].append(time.perf_counter() - t)
            theirs = [1.0 - d for d in got["distances"][0]]
            sides["Chroma HNSW"].append([recall(theirs, exact, k) for k in KS])
    for name, found in sides.items():
        if found:
            r = np.mean(found, axis=0)
            ms = np.median(times[name][1:]) * 1000  # (the first search loads what it needs)
            print(f"{name:15s} recall@10 {r[0]:.3f}  recall@150 {r[1]:.3f}  p50 {ms:.0f} ms", end="")
            print(f" ({len(found)} questions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
