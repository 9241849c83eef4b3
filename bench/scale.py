"""How the store grows: python -m bench.scale [--sizes 100 1000 5000] [--dir DIR]

One store is grown through each size in turn by writing the bundled reports again and again under
distinct ids (`grow_store`: their vectors come from the embedding cache, so the figures are the
store's own cost, not the embedder's; embedding new text adds about 1,500 characters a second on
the reference machine, see bench.ingest). At each size, in a fresh process that loads what the app
loads (embedder, store, keyword index, retriever, extractive answerer), every dev-set question is
asked and timed, retrieval alone and as a full extractive answer. Printed for each size: the time
the growing took, the store's size on disk, the resident memory of that process, and p50/p95 of
both latencies. A re-run resumes: sizes already reached are not grown again.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

from bench.evaluation import QUESTIONS_DIR, load_questions
from bench.machine import describe_machine
from bench.retrieval import CachedEmbeddings, bench_store
from core.settings import REPO_ROOT, get_settings
from ingest.chunk_vectors import part_vectors
from ingest.split import chunk_sentences
from store import ReportStore
from store.embed_cache import embed_with_cache
from store.records import SentenceVector

DEFAULT_DIR = REPO_ROOT / "var" / "bench" / "scale"
TIMINGS = "grow_seconds.json"


def grow_store(
    source: ReportStore, db_dir: Path, embeddings: CachedEmbeddings, target: int, progress: bool = False
) -> ReportStore:
    """A store of `target` documents: copies of the source's documents under distinct ids."""
    big = ReportStore(db_dir, embeddings)
    layout = get_settings().chunk_vectors

    def embed(texts: list[str]) -> list[list[float]]:
        return embed_with_cache(embeddings.inner, embeddings.cache, texts)

    have = {r.doc_id for r in big.documents()}
    payload = [(r, source.document_text(r.doc_id), source.chunks_of(r.doc_id)) for r in source.documents()]
    n = 0
    while len(have) < target:
        for r, text, chunks in payload:
            if len(have) >= target:
                break
            doc_id = f"{r.doc_id}__{n:04d}"
            n += 1
            if doc_id in have:
                continue
            copies = [replace(c, id=f"{doc_id}:{c.id.split(':', 1)[1]}", doc_id=doc_id) for c in chunks]
            sentences = [(c, s) for c in copies for s in chunk_sentences(c)]
            vectors, sentence_vectors = part_vectors(copies, sentences, layout, embed)
            rows = [SentenceVector(c, s, v) for (c, s), v in zip(sentences, sentence_vectors, strict=True)]
            big.write_document(
                replace(r, doc_id=doc_id, source=f"{r.source}#{doc_id}"),
                text,
                copies,
                vectors,
                rows,
            )
            have.add(doc_id)
            if progress and len(have) % 100 == 0:
                print(f"  {len(have)} reports", file=sys.stderr, flush=True)
    return big


def quantiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49], cuts[94]


def rss_mb() -> tuple[float, float]:
    """Resident memory of this process now and at its peak, in MiB."""
    now = 0.0
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return now, peak


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def measure(db_dir: Path) -> dict:
    """What the app process costs at this store size (run in a fresh process)."""
    from qa.service import open_qa

    t0 = time.perf_counter()
    qa = open_qa(get_settings().model_copy(update={"db_dir": db_dir}), with_reranker=False)
    store, retriever, answerer = qa.store, qa.retriever, qa.extractive
    opened = time.perf_counter() - t0
    questions = [q["question"] for q in load_questions(QUESTIONS_DIR / "dev.jsonl", answerable_only=False)]
    for q in questions[:5]:
        answerer.answer(q)  # warm-up: first touches of the indexes
    search, answer = [], []
    for q in questions:
        for step, times in ((partial(retriever.search, k=5), search), (answerer.answer, answer)):
            retriever.forget_questions()  # each timing embeds its question, as a new question would
            t0 = time.perf_counter()
            step(q)
            times.append((time.perf_counter() - t0) * 1000)
    now, peak = rss_mb()
    return {
        "reports": len(retriever.documents),
        "chunks": store.count_chunks(),
        "sentences": int(store.sentences.count()),
        "open_s": opened,
        "questions": len(questions),
        "search_ms": quantiles(search),
        "answer_ms": quantiles(answer),
        "rss_mb": now,
        "peak_rss_mb": peak,
    }


def grow(db_dir: Path, target: int) -> dict:
    """Grow the store at db_dir to `target` reports: the seconds it took and how many it held before."""
    source, embeddings = bench_store([get_settings().samples_dir.resolve()])
    before = len(ReportStore(db_dir, embeddings).documents())
    t0 = time.perf_counter()
    grow_store(source, db_dir, embeddings, target, progress=True)
    return {"seconds": time.perf_counter() - t0, "from": before}


def _child(*args: str) -> dict:
    """Run this module in a fresh process (a step's memory and caches are its own) and read its JSON."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    p.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the growing store is kept")
    p.add_argument("--grow", type=int, help=argparse.SUPPRESS)  # child step: grow to this size
    p.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # child step: measure
    args = p.parse_args(argv)
    db_dir = args.dir / "db"
    if args.grow:
        print(json.dumps(grow(db_dir, args.grow)))
        return 0
    if args.measure:
        print(json.dumps(measure(db_dir)))
        return 0

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    timings_file = args.dir / TIMINGS
    args.dir.mkdir(parents=True, exist_ok=True)
    grown = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    print(f"machine: {describe_machine()}")
    print(f"store: {args.dir} (copies of the bundled reports); embedder: {get_settings().embedder}")
    print("reports | grown in (per report) | disk | app RSS (peak) | retrieval p50/p95 | answer p50/p95")
    for size in sorted(args.sizes):
        step = _child("--dir", str(args.dir), "--grow", str(size))
        if step["from"] < size or str(size) not in grown:
            grown[str(size)] = step
            timings_file.write_text(json.dumps(grown, indent=1))
        g = grown[str(size)]
        m = _child("--dir", str(args.dir), "--measure")
        per = g["seconds"] / max(1, size - g["from"])
        print(
            f"{m['reports']:>5} | {g['seconds']:.0f} s for {size - g['from']} ({per:.2f} s)"
            f" | {disk_mb(db_dir):,.0f} MiB | {m['rss_mb']:,.0f} MiB ({m['peak_rss_mb']:,.0f})"
            f" | {m['search_ms'][0]:.0f}/{m['search_ms'][1]:.0f} ms"
            f" | {m['answer_ms'][0]:.0f}/{m['answer_ms'][1]:.0f} ms"
            f"   [{m['chunks']:,} chunks, {m['sentences']:,} sentence vectors,"
            f" opened in {m['open_s']:.1f} s]",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
