"""A large report's keyword tokens and facts, read in worker processes (core/parallel.py): the same
entries and facts, in the same order, as read in one process; a dead worker loses nothing."""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import sqlite3
import zlib
from pathlib import Path

import pytest

import core.parallel as parallel
from store import ReportStore
from store.keyword_sync import KEYWORDS_FILE
from tests.conftest import BigramEmbeddings
from tests.store.test_report_store import write
from text.tokens import tokenize, tokenize_all

# Paragraphs of two kinds of figure, numbered so that no chunk repeats another
PARAS = ["2016年政府工作报告", "一、回顾"] + [
    f"第{n}项：城镇新增就业{1300 + n}万人，国内生产总值增长{n % 9}.{n % 7}%。"
    f"居民消费价格涨幅{n % 4}%左右，粮食产量{6 + n % 3}亿吨以上。"
    for n in range(120)
]


def _dies_in_a_worker(texts: list[str]) -> list[list[str]]:
    """tokenize_all, except that a worker process running it dies at once."""
    if multiprocessing.parent_process() is not None:
        os._exit(3)
    return tokenize_all(texts)


def stored_entry(db: Path, doc_id: str) -> list:
    """A document's keyword index entry as the file holds it: [chunk id, {token: count}] a chunk."""
    with sqlite3.connect(db / KEYWORDS_FILE) as con:
        [(payload,)] = con.execute("SELECT payload FROM docs WHERE doc_id = ?", (doc_id,)).fetchall()
    return json.loads(zlib.decompress(payload))


def test_a_large_reports_tokens_and_facts_are_the_same_read_by_workers(
    tmp_path: Path, fake_embeddings: BigramEmbeddings, monkeypatch: pytest.MonkeyPatch
):
    alone = ReportStore(tmp_path / "alone", fake_embeddings)
    write(alone, "d1", PARAS)
    monkeypatch.setattr(parallel, "PARALLEL_CHUNKS", 5)
    monkeypatch.setattr(parallel, "BATCH", 3)  # many tasks, more than are let run ahead
    started: list[int] = []
    real_pool = parallel.ProcessPoolExecutor
    monkeypatch.setattr(
        parallel, "ProcessPoolExecutor", lambda n, **k: started.append(n) or real_pool(n, **k)
    )
    shared = ReportStore(tmp_path / "shared", fake_embeddings)
    record = write(shared, "d1", PARAS)
    assert started == [parallel.cores()] if parallel.cores() > 1 else started == []
    assert record.chunk_count > 5 * 3
    entries = stored_entry(tmp_path / "shared", "d1")
    assert entries == stored_entry(tmp_path / "alone", "d1") and len(entries) == record.chunk_count
    assert shared.keywords.versions() == {"d1": record.version}
    got = [f.to_dict() for f in shared.facts.facts_of("d1")]
    assert got == [f.to_dict() for f in alone.facts.facts_of("d1")]
    assert len(got) > 200 and {"城镇新增就业", "国内生产总值"} <= {f["indicator"] for f in got}


def test_results_come_in_order_and_a_dead_worker_leaves_the_rest_to_the_caller(
    caplog: pytest.LogCaptureFixture,
):
    texts = [f"第{n}条：推进简政放权，城镇新增就业{n}万人。" for n in range(40)]
    with parallel.chunk_workers(10**6, workers=2) as pool:
        assert pool is not None
        assert list(parallel.ordered_map(tokenize_all, texts, pool, batch=3)) == [tokenize(t) for t in texts]
        with caplog.at_level(logging.WARNING, logger="core.parallel"):
            got = list(parallel.ordered_map(_dies_in_a_worker, texts, pool, batch=3))
    assert got == [tokenize(t) for t in texts]
    assert "worker processes stopped" in caplog.text


def test_a_small_report_or_one_core_starts_no_worker():
    with parallel.chunk_workers(parallel.PARALLEL_CHUNKS - 1) as pool:
        assert pool is None
    with parallel.chunk_workers(10**6, workers=1) as pool:
        assert pool is None
    assert list(parallel.ordered_map(tokenize_all, ["城镇新增就业"], None)) == [tokenize("城镇新增就业")]
