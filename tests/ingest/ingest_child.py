"""`python -m ingest` in a process of its own with a fake embedder: what the crash, multi-process
and large-file tests kill, run side by side or measure.

    python -m tests.ingest.ingest_child PATH... --db DIR [-q]     the command line, bigram embedder
    python -m tests.ingest.ingest_child --measure PATH DB         one file; prints PROGRESS lines
        as it goes and PEAK_ANON_MB / PEAK_WITH_WORKERS_MB / PEAK_RSS_MB at the end, with an 8-number
        hash embedder
        (vectors cost nothing, so what is measured is the pipeline's own memory and progress)
"""

import resource
import sys
import threading
from pathlib import Path

import ingest.__main__ as cli
import store
from bench.large_report import HashEmbeddings
from tests.conftest import BigramEmbeddings


def _rss_anon_mb(pid: str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # (the process has ended)
        return 0.0
    return next(
        (int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("RssAnon:")), 0.0
    )


def anonymous_mb(children: bool = False) -> float:
    """The memory (heap and stacks) of this process, and with `children` of its child processes
    too (the workers that read a large report's tokens and facts), without the pages of files they
    map: SQLite and Chroma map the store's files, and how much of those is resident is the page
    cache's choice."""
    if not Path("/proc/self/status").exists():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: all of it
    pids = [pid for task in Path("/proc/self/task").iterdir() for pid in _children(task)] if children else []
    return _rss_anon_mb("self") + sum(_rss_anon_mb(pid) for pid in pids)


def _children(task: Path) -> list[str]:
    try:
        return (task / "children").read_text().split()
    except OSError:
        return []


def measure(path: Path, db: Path) -> int:
    from ingest.pipeline import Ingestor
    from store import ReportStore

    peak = anonymous_mb()
    peak_all = peak
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_all
        while not done.wait(0.05):
            peak, peak_all = max(peak, anonymous_mb()), max(peak_all, anonymous_mb(children=True))

    def heard(fraction: float, message: str) -> None:
        print(f"PROGRESS {fraction:.4f}", flush=True)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    report = Ingestor(ReportStore(db, HashEmbeddings())).ingest([path], on_progress=heard)
    done.set()
    sampler.join()
    print(report.summary(), flush=True)
    print(f"PEAK_ANON_MB {peak:.0f}", flush=True)
    print(f"PEAK_WITH_WORKERS_MB {peak_all:.0f}", flush=True)
    print(f"PEAK_RSS_MB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "--measure":
        sys.exit(measure(Path(sys.argv[2]), Path(sys.argv[3])))
    store.load_embeddings = lambda spec: BigramEmbeddings()
    sys.exit(cli.main(sys.argv[1:]))
