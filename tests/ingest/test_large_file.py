"""A 50 MB text file: ingested in a process of its own, with progress all the way, within a memory
bound far below what holding the file's vectors would take (the vectors are written part by part,
the keyword entry is compressed chunk by chunk)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

from store import ReportStore
from tests.conftest import REPO, SAMPLES
from tests.ingest.ingest_child import HashEmbeddings

SIZE = 50 * 2**20
# Peak of the ingesting process's own memory (heap, not the store files SQLite and Chroma map, whose
# resident share is up to the page cache: 1.0 to 1.7 GB of RSS was seen for the same run). Measured:
# 603 MB, about 100 MB of it Python and the libraries. Before the vectors went part by part and the
# keyword entry was compressed chunk by chunk, RSS peaked at 1.7 GB when run alone; with a real
# 384-number embedder the vectors alone would have added about 6 GB.
MEMORY_BOUND_MB = 1000


def write_large_report(path: Path) -> int:
    """Paragraphs of the bundled reports, numbered so that none repeats, until SIZE bytes. Their
    sentences are joined with commas (long sentences, as in legal texts), which keeps the number
    of stored rows, and with it the test's time, moderate; returns the last number written."""
    paragraphs = [
        line.strip().replace("。", "，").rstrip("，")
        for report in sorted(SAMPLES.glob("guowuyuan_*.txt"))
        for line in report.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 40
    ]
    n, size = 0, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("大文件测试报告\n")
        while size < SIZE:
            for p in paragraphs:
                line = f"{p}，编号{n}。\n"
                out.write(line)
                size += len(line.encode())
                n += 1
    return n - 1


def test_a_50_mb_text_file_ingests_with_progress_within_memory_bounds(tmp_path: Path):
    path = tmp_path / "五十兆.txt"
    last = write_large_report(path)
    assert path.stat().st_size >= SIZE
    run = subprocess.run(
        [sys.executable, "-m", "tests.ingest.ingest_child", "--measure", str(path), str(tmp_path / "db")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert "新增 1" in run.stdout
    fractions = [float(line.split()[1]) for line in lines if line.startswith("PROGRESS ")]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    # progress moves all along, not in one jump at the end
    assert len(set(fractions)) > 100 and max(b - a for a, b in itertools.pairwise(fractions)) < 0.05
    peak = int(next(line.split()[1] for line in lines if line.startswith("PEAK_ANON_MB")))
    assert peak < MEMORY_BOUND_MB, f"peak memory {peak} MB"

    store = ReportStore(tmp_path / "db", HashEmbeddings())
    [record] = store.documents()
    text = store.document_text(record.doc_id)
    assert text.startswith("大文件测试报告") and f"编号{last}。" in text  # nothing cut off
    assert record.chunk_count == store.count_chunks() > 10_000
    assert store.keywords.versions() == {record.doc_id: record.version}
