"""`python -m ingest` in a process of its own with a fake embedder: what the crash, multi-process
and large-file tests kill, run side by side or measure.

    python -m tests.ingest.ingest_child PATH... --db DIR [-q]     the command line, bigram embedder
    python -m tests.ingest.ingest_child --measure PATH DB         one file; prints PROGRESS lines
        as it goes and PEAK_ANON_MB / PEAK_RSS_MB at the end, with an 8-number hash embedder
        (vectors cost nothing, so what is measured is the pipeline's own memory and progress)
"""

import hashlib
import resource
import sys
import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings

import ingest.__main__ as cli
import store
from tests.conftest import BigramEmbeddings


class HashEmbeddings(Embeddings):
    name = "fake-hash8"

    def _vector(self, text: str) -> list[float]:
        return [b / 255 for b in hashlib.blake2b(text.encode(), digest_size=8).digest()]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def anonymous_mb() -> float:
    """This process's own memory (heap and stacks), without the pages of files it maps: SQLite and
    Chroma map the store's files, and how much of those is resident is the page cache's choice."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: all of it


def measure(path: Path, db: Path) -> int:
    from ingest.pipeline import Ingestor
    from store import ReportStore

    peak = anonymous_mb()
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, anonymous_mb())

    def heard(fraction: float, message: str) -> None:
        print(f"PROGRESS {fraction:.4f}", flush=True)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    report = Ingestor(ReportStore(db, HashEmbeddings())).ingest([path], on_progress=heard)
    done.set()
    sampler.join()
    print(report.summary(), flush=True)
    print(f"PEAK_ANON_MB {peak:.0f}", flush=True)
    print(f"PEAK_RSS_MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "--measure":
        sys.exit(measure(Path(sys.argv[2]), Path(sys.argv[3])))
    store.load_embeddings = lambda spec: BigramEmbeddings()
    sys.exit(cli.main(sys.argv[1:]))
