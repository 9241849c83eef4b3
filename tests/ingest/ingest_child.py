"""`python -m ingest` in a process of its own with a fake embedder: what the crash, multi-process
and large-file tests kill, run side by side or measure.

    python -m tests.ingest.ingest_child PATH... --db DIR [-q]     the command line, bigram embedder
    python -m tests.ingest.ingest_child --measure PATH DB         one file; prints PROGRESS lines as
        it goes and PEAK_RSS_MB at the end, with an 8-number hash embedder (vectors cost nothing,
        so what is measured is the pipeline's own memory and progress)
"""

import hashlib
import resource
import sys
from pathlib import Path

from langchain_core.embeddings import Embeddings

import ingest.__main__ as cli
from tests.conftest import BigramEmbeddings


class HashEmbeddings(Embeddings):
    name = "fake-hash8"

    def _vector(self, text: str) -> list[float]:
        return [b / 255 for b in hashlib.blake2b(text.encode(), digest_size=8).digest()]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def measure(path: Path, db: Path) -> int:
    from ingest.pipeline import Ingestor
    from ingest.store import ReportStore

    def heard(fraction: float, message: str) -> None:
        print(f"PROGRESS {fraction:.4f}", flush=True)

    report = Ingestor(ReportStore(db, HashEmbeddings())).ingest([path], on_progress=heard)
    print(report.summary(), flush=True)
    print(f"PEAK_RSS_MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "--measure":
        sys.exit(measure(Path(sys.argv[2]), Path(sys.argv[3])))
    cli.load_embeddings = lambda spec: BigramEmbeddings()
    sys.exit(cli.main(sys.argv[1:]))
