"""The pipeline's own time on one large report: python -m bench.large_report [--mib 2] [--keep DIR]

Writes a report of MiB mebibytes from the bundled reports' paragraphs (numbered so that none
repeats; tests/ingest/test_large_file.py ingests 50 MiB of the same), then ingests it into a fresh
store twice with an embedder that costs nothing (an 8-number hash), so that what is timed is
cleaning, splitting, facts, keyword tokens and the writes to Chroma and the indexes: once with the
tokens and facts read in this process, once in worker processes (core/parallel.py).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings

import core.parallel as parallel
from bench.machine import describe_machine
from core.settings import get_settings


class HashEmbeddings(Embeddings):
    """8 numbers from a text's BLAKE2 hash: vectors that cost nothing (for the pipeline's own time
    and memory, not for retrieval)."""

    name = "fake-hash8"

    def _vector(self, text: str) -> list[float]:
        return [b / 255 for b in hashlib.blake2b(text.encode(), digest_size=8).digest()]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def write_large_report(path: Path, size: int, samples: Path | None = None) -> int:
    """Paragraphs of the bundled national reports, numbered so that none repeats, until `size`
    bytes of UTF-8. Their sentences are joined with commas (long sentences, as in legal texts),
    which keeps the number of stored rows moderate; returns the last number written."""
    paragraphs = [
        line.strip().replace("。", "，").rstrip("，")
        for report in sorted((samples or get_settings().samples_dir).glob("guowuyuan_*.txt"))
        for line in report.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 40
    ]
    n, written = 0, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("大文件测试报告\n")
        while written < size:
            for p in paragraphs:
                line = f"{p}，编号{n}。\n"
                out.write(line)
                written += len(line.encode())
                n += 1
    return n - 1


def timed_ingest(path: Path, db: Path) -> tuple[float, int]:
    """(seconds, chunks) of one ingest of `path` into a new store at `db` with HashEmbeddings."""
    from ingest.pipeline import Ingestor
    from store import ReportStore

    start = time.perf_counter()
    report = Ingestor(ReportStore(db, HashEmbeddings())).ingest([path])
    if report.failed:
        raise SystemExit(report.summary())
    return time.perf_counter() - start, report.results[0].chunks


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.large_report", description=__doc__.split("\n\n")[0])
    p.add_argument("--mib", type=float, default=2.0, help="the report's size in MiB (default 2)")
    args = p.parse_args(argv)
    print(f"machine: {describe_machine()}")
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        path = Path(tmp) / "large.txt"
        write_large_report(path, int(args.mib * 2**20))
        chars = len(path.read_text(encoding="utf-8"))
        print(f"corpus: one report of {args.mib:g} MiB ({chars:,} characters), paragraphs of data/reports")
        alone = parallel.PARALLEL_CHUNKS
        for label, threshold in (("tokens and facts in this process", 10**12), ("in workers", alone)):
            parallel.PARALLEL_CHUNKS = threshold
            seconds, chunks = timed_ingest(path, Path(tmp) / f"db-{threshold}")
            workers = parallel.cores() if chunks >= threshold and parallel.cores() > 1 else 0
            print(f"{label}: {seconds:.1f} s, {chunks:,} chunks, {chars / seconds:,.0f} characters/s", end="")
            print(f" ({workers} workers)" if workers else "")
        parallel.PARALLEL_CHUNKS = alone
    return 0


if __name__ == "__main__":
    sys.exit(main())
