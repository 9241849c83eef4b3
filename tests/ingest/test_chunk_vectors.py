"""The vector layouts: what is embedded for a report's chunks, and how chunk vectors are made."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from core.types import Chunk
from ingest.chunk_vectors import HEADINGS_WEIGHT, part_vectors
from ingest.pipeline import Ingestor
from ingest.split import chunk_sentences
from retriever.hybrid import HybridRetriever
from store import ReportStore
from store.records import embedding_text, pipeline_version
from tests.conftest import SAMPLES, BigramEmbeddings


class Recording(BigramEmbeddings):
    """The fake embedder, keeping every text it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.seen += texts
        return super().embed_documents(texts)


def _chunk(i: int, text: str, path: tuple[str, ...]) -> Chunk:
    return Chunk(f"d:{i}", "d", i, text, path, i, 0, len(text))


CHUNKS = [
    _chunk(0, "今年粮食产量达到6.9亿吨。农村居民收入增长8%。", ("一、过去一年工作回顾", "（一）农业")),
    _chunk(1, "高标准农田建设1亿亩。耕地保护制度全面落实。", ("一、过去一年工作回顾", "（一）农业")),
    _chunk(2, "城镇新增就业1200万人。失业率控制在5.5%左右。", ("二、今年工作安排",)),
]


def _sentences(chunks: list[Chunk]) -> list[tuple[Chunk, str]]:
    return [(c, s) for c in chunks for s in chunk_sentences(c)]


def test_derived_embeds_each_sentence_once_and_each_heading_path_once():
    fake = Recording()
    sentences = _sentences(CHUNKS)
    chunk_vectors, sentence_vectors = part_vectors(CHUNKS, sentences, "derived", fake.embed_documents)
    assert len(chunk_vectors) == 3 and len(sentence_vectors) == len(sentences) == 6
    # no chunk's text is embedded: every character of the body once, each heading path once
    assert sorted(fake.seen) == sorted(
        [s for _, s in sentences] + ["一、过去一年工作回顾\n（一）农业", "二、今年工作安排"]
    )
    assert sum(map(len, fake.seen)) < sum(len(embedding_text(c)) + len(c.text) for c in CHUNKS) * 0.6
    # the chunk's vector: the length-weighted mean of its sentences', plus its heading path's
    v = [np.asarray(x) for x in sentence_vectors[:2]]
    mean = len(sentences[0][1]) * v[0] + len(sentences[1][1]) * v[1]
    mean /= np.linalg.norm(mean)
    expected = mean + HEADINGS_WEIGHT * np.asarray(fake._vector("一、过去一年工作回顾\n（一）农业"))
    expected /= np.linalg.norm(expected)
    assert np.allclose(chunk_vectors[0], expected, atol=1e-6)
    assert all(math.isclose(float(np.linalg.norm(c)), 1.0, rel_tol=1e-5) for c in chunk_vectors)


def test_embedded_embeds_each_chunk_under_its_headings_and_each_sentence():
    fake = Recording()
    sentences = _sentences(CHUNKS)
    chunk_vectors, _ = part_vectors(CHUNKS, sentences, "embedded", fake.embed_documents)
    assert fake.seen == [embedding_text(c) for c in CHUNKS] + [s for _, s in sentences]
    assert chunk_vectors[2] == fake._vector(embedding_text(CHUNKS[2]))


def test_a_chunk_without_a_sentence_of_its_own_is_embedded_whole():
    fake = Recording()
    short = _chunk(9, "附：", ("三、附件",))
    chunk_vectors, _ = part_vectors(
        [short, *CHUNKS], _sentences([short, *CHUNKS]), "derived", fake.embed_documents
    )
    assert chunk_vectors[0] == fake._vector(embedding_text(short))


def test_an_unknown_layout_is_refused_in_chinese():
    with pytest.raises(ValueError, match="未知的向量布局"):
        part_vectors(CHUNKS, _sentences(CHUNKS), "mean", BigramEmbeddings().embed_documents)  # type: ignore[arg-type]


def test_changing_the_layout_rewrites_each_report_from_the_cache(tmp_path: Path):
    """A store written in one layout, ingested again in the other: every report is written again,
    only the heading paths are embedded (the sentences come from the cache), and search works on
    the store before and after."""
    reports = tmp_path / "in"
    reports.mkdir()
    for name in ("guowuyuan_2016.txt", "yutai_xiang_sanji_lianchuang.txt"):
        shutil.copy(SAMPLES / name, reports / name)
    fake = Recording()
    store = ReportStore(tmp_path / "db", fake)
    assert Ingestor(store).ingest([reports]).counts["added"] == 2
    question = "两委交叉任职比例是多少"
    before = HybridRetriever(store).search(question, k=3).hits
    assert "87.7%" in before[0].chunk.text
    fake.seen.clear()

    again = Ingestor(store, layout="derived").ingest([reports])
    assert again.counts["updated"] == 2
    assert {r.pipeline for r in store.documents()} == {pipeline_version("derived")}
    heads = {"\n".join(c.section_path) for r in store.documents() for c in store.chunks_of(r.doc_id)}
    assert fake.seen and set(fake.seen) <= heads  # nothing but heading paths embedded anew
    after = HybridRetriever(store).search(question, k=3).hits
    assert "87.7%" in after[0].chunk.text
    assert Ingestor(store, layout="derived").ingest([reports]).counts["unchanged"] == 2


def test_the_command_line_names_reports_of_another_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    from core.settings import get_settings
    from ingest.__main__ import main as ingest_main

    monkeypatch.setattr("store.load_embeddings", lambda spec: BigramEmbeddings())
    report = tmp_path / "guowuyuan_2016.txt"
    shutil.copy(SAMPLES / "guowuyuan_2016.txt", report)
    assert ingest_main([str(report), "--db", str(tmp_path / "db"), "-q"]) == 0
    assert "仍可检索" not in capsys.readouterr().out
    monkeypatch.setenv("POLICYQA_CHUNK_VECTORS", "derived")
    get_settings.cache_clear()
    assert ingest_main(["--list", "--db", str(tmp_path / "db")]) == 0
    note = capsys.readouterr().err
    assert "1 篇报告（guowuyuan_2016）按 embedded 向量布局导入（当前设置为 derived），仍可检索" in note
    assert f"POLICYQA_CHUNK_VECTORS=derived python -m ingest 原文件或文件夹 --db {tmp_path / 'db'}" in note
    assert ingest_main([str(report), "--db", str(tmp_path / "db"), "-q"]) == 0  # updated from the cache
    assert ingest_main(["--list", "--db", str(tmp_path / "db")]) == 0
    assert "仍可检索" not in capsys.readouterr().err
    monkeypatch.delenv("POLICYQA_CHUNK_VECTORS")
    get_settings.cache_clear()


def test_the_note_names_old_versions_and_the_other_layout_apart():
    from core.types import ReportMeta
    from store.records import DocumentRecord, outdated_note

    def record(doc_id: str, pipeline: str) -> DocumentRecord:
        return DocumentRecord(doc_id, f"{doc_id}.txt", "", "", ReportMeta(), 1, pipeline=pipeline)

    now = [record("a", pipeline_version("embedded"))]
    assert outdated_note(now) is None
    note = outdated_note([*now, record("b", "6"), record("c", pipeline_version("derived"))], db="/d")
    assert note is not None and "2 篇报告（b、c）" in note
    assert "按 derived 向量布局导入（当前设置为 embedded）或由旧版本导入" in note
    assert note.endswith("python -m ingest 原文件或文件夹 --db /d（已算过的向量取自缓存）")
    assert "POLICYQA_CHUNK_VECTORS" not in note
