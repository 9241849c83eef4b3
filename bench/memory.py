"""Where the app's memory goes: python -m bench.memory --db DIR

Loads what the app loads, one part at a time, in this process, and prints the resident size (RSS,
MiB) after each part and the Python objects' share of it (`tracemalloc`): imports, the embedder,
the store, the keyword index, the sentence index's codes and document list (the retriever), the
chunk vector index (Chroma loads it on its first search), the sentence index's first search (its
codes; store/sentence_index.py), the answerer, the dev questions answered, and what is left once
freed memory is handed back (glibc `malloc_trim`, where there is one). A store opened for the
first time since the sentence index came is copied into it first (Chroma's sentence HNSW is loaded
to read it, and freed 10 s later): run twice to see the app's usual start.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import gc
import sys
import tracemalloc
from pathlib import Path

from bench.evaluation import QUESTIONS_DIR, load_questions
from bench.machine import describe_machine


def rss_mib() -> float:
    """This process's resident size now, in MiB (0 where /proc is missing)."""
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, required=True, help="the store to load")
    args = p.parse_args(argv)
    tracemalloc.start()
    last = [rss_mib()]

    def step(name: str) -> None:
        now = rss_mib()
        python = tracemalloc.get_traced_memory()[0] / 2**20
        print(f"{name:44s} RSS {now:7,.0f} MiB ({now - last[0]:+7,.0f})   Python objects {python:6,.0f} MiB")
        last[0] = now

    print(f"machine: {describe_machine()}; store: {args.db}")
    from core.settings import get_settings
    from qa.service import open_qa

    step("imports")
    qa = open_qa(get_settings().model_copy(update={"db_dir": args.db}), with_reranker=False)
    step("embedder, store, keyword index, answerer")
    retriever = qa.retriever
    vector = retriever.query_vector("经济增长")
    qa.store.nearest_chunks(vector, 40, retriever._versions)
    step("chunk vector index (first search)")
    qa.store.nearest_sentences(vector, 150, retriever._versions)
    step("sentence index (first search)")
    for q in load_questions(QUESTIONS_DIR / "dev.jsonl", answerable_only=False):
        qa.extractive.answer(q["question"])
    step("98 dev questions answered")
    gc.collect()
    libc = ctypes.util.find_library("c")
    if libc and hasattr(ctypes.CDLL(libc), "malloc_trim"):
        ctypes.CDLL(libc).malloc_trim(0)
        step("freed memory handed back (malloc_trim)")
    print(f"store: {qa.store.count_chunks():,} chunks, {int(qa.store.sentences.count()):,} sentence vectors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
