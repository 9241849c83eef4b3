"""Ingest killed with SIGKILL at random points, then run again: the store ends exactly as one
uninterrupted run leaves it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import ReportStore
from store.chroma import reopen_embedded
from store.writers import Writers
from tests.conftest import REPO, SAMPLES, BigramEmbeddings

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start_ingest(db: Path, *paths: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ingest.ingest_child", *map(str, paths), "--db", str(db), "-q"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def state(db: Path) -> dict:
    """Everything a reader of the store can see, read by a fresh embedded client."""
    store = ReportStore(db, BigramEmbeddings())
    try:
        docs = {r.doc_id: (r.content_sha256, r.chunk_count, r.version) for r in store.documents()}
        chunks = store.chunks.get(include=["metadatas"])
        sentences = store.sentences.get(include=["metadatas"])
        rows = zip(
            chunks["ids"] + sentences["ids"], chunks["metadatas"] + sentences["metadatas"], strict=True
        )
        # Rows stored but not in the vector index, which searches cannot find.
        found = {name: unindexed(c) for name, c in (("chunks", store.chunks), ("sentences", store.sentences))}
        return {
            "documents": docs,
            "chunks": sorted(chunks["ids"]),
            "sentences": sorted(sentences["ids"]),
            "orphans": [
                i for i, md in rows if docs.get(str(md["doc_id"]), (None, None, None))[2] != md["version"]
            ],
            "pending": store.pending.get()["ids"],
            "keyword_versions": store.keywords.versions() == {d: v[2] for d, v in docs.items()},
            "keyword_chunks": sorted(i for ids in store.keywords.chunk_ids().values() for i in ids),
            "unindexed": found,
        }
    finally:
        store.keywords.close()
        system = reopen_embedded(store.client)
        if system is not None:
            system.stop()


# Chroma's HNSW index does not promise that a query for all rows reaches every row: a clean run
# once (in 23) left one of its 313 chunks out of such a query. One row a collection is let pass;
# a crash that loses rows (5 sentences, seen before repair() put them back) still fails.
HNSW_SLACK = 1


def unindexed(collection) -> int:
    """How many rows a query for all rows does not return, not counting rows whose vector is the
    very vector of one it returns (HNSW leaves such twins unreachable: a heading repeated in two
    reports)."""
    rows = collection.get(include=["embeddings"])
    probe = BigramEmbeddings().embed_query("国内生产总值增长")
    returned = set(collection.query(query_embeddings=[probe], n_results=max(1, len(rows["ids"])))["ids"][0])
    vectors = {i: tuple(v) for i, v in zip(rows["ids"], rows["embeddings"], strict=True)}
    reached = {vectors[i] for i in returned}
    return sum(1 for i, v in vectors.items() if i not in returned and v not in reached)


def same_store(got: dict, expected: dict) -> bool:
    """The same documents, rows, markers and keywords; every row but HNSW_SLACK in the vector index."""
    rest = lambda s: {k: v for k, v in s.items() if k != "unindexed"}  # noqa: E731
    return rest(got) == rest(expected) and all(n <= HNSW_SLACK for n in got["unindexed"].values())


def test_ingest_killed_at_random_points_ends_as_one_run(tmp_path: Path):
    reference = start_ingest(tmp_path / "reference", SAMPLES)
    assert reference.wait(timeout=300) == 0, reference.stdout.read()
    expected = state(tmp_path / "reference")
    assert len(expected["documents"]) == 7 and expected["keyword_chunks"] == expected["chunks"]
    assert all(n <= HNSW_SLACK for n in expected["unindexed"].values()), expected["unindexed"]

    db = tmp_path / "db"
    rng = random.Random(20261125)
    killed_mid_write = 0
    for _ in range(5):
        writers = Writers(db)
        start = writers.generation()
        child = start_ingest(db, SAMPLES)
        # Kill after a random number of write steps (each document bumps the generation as its
        # write begins and again as it ends), plus a random slice of time into the next step.
        steps, delay = rng.randint(1, 8), rng.uniform(0.0, 0.4)
        deadline = time.monotonic() + 120
        while child.poll() is None and writers.generation() < start + steps and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        after = state(db)
        killed_mid_write += bool(after["pending"])
        assert not set(after["documents"]) - set(expected["documents"])

    assert killed_mid_write, "no kill landed inside a document's write: the test proved nothing"
    final = start_ingest(db, SAMPLES)
    assert final.wait(timeout=300) == 0, final.stdout.read()
    got = state(db)
    assert same_store(got, expected), (got["unindexed"], {k: got[k] == expected[k] for k in got})


def test_two_processes_ingesting_into_one_store_at_once_lose_nothing(tmp_path: Path):
    reports = sorted(SAMPLES.glob("*.txt"))
    reference = start_ingest(tmp_path / "reference", *reports)
    assert reference.wait(timeout=300) == 0
    db = tmp_path / "db"
    first, second = start_ingest(db, *reports[:4]), start_ingest(db, *reports[4:])
    for child in (first, second):
        assert child.wait(timeout=300) == 0, child.stdout.read()
    assert same_store(state(db), state(tmp_path / "reference"))


def test_a_reader_sees_what_another_process_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from retriever.hybrid import HybridRetriever

    monkeypatch.setattr("store.report_store.CATCH_UP_SECONDS", 0.0)
    db = tmp_path / "db"
    assert start_ingest(db, SAMPLES / "guowuyuan_2013.txt").wait(timeout=300) == 0
    retriever = HybridRetriever(ReportStore(db, BigramEmbeddings()))
    probe = BigramEmbeddings().embed_query("两委交叉任职比例")

    def dense_docs() -> set[str]:
        got = retriever.store.sentences.query(query_embeddings=[probe], n_results=50, include=["metadatas"])
        return {md["doc_id"] for md in got["metadatas"][0]}

    assert dense_docs() == {"guowuyuan_2013"}
    assert start_ingest(db, SAMPLES / "yutai_xiang_sanji_lianchuang.txt").wait(timeout=300) == 0
    assert dense_docs() == {"guowuyuan_2013"}  # embedded Chroma: this process's index is its own
    hits = retriever.search("两委交叉任职比例是多少", k=3).hits
    assert "yutai_xiang_sanji_lianchuang" in dense_docs()
    assert hits[0].chunk.doc_id == "yutai_xiang_sanji_lianchuang" and "87.7%" in hits[0].chunk.text


def test_processes_opening_one_new_store_together_all_open_it(tmp_path: Path):
    # Chroma creates its tables on a store's first open; processes doing so at once failed with
    # "table collections already exists" (about 4 processes in 36 before open_client took turns).
    for round_ in range(3):  # each round fails about one time in two without the turns
        db, start = tmp_path / f"db{round_}", time.time() + 3.0
        children = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.store.open_child", str(db), str(start)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(6)
        ]
        outputs = [child.communicate(timeout=120)[0] for child in children]
        assert [child.returncode for child in children] == [0] * 6, outputs
        assert all(out.strip() == "0" for out in outputs), outputs
