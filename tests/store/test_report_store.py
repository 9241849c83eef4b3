from pathlib import Path

import numpy as np
import pytest

from core.types import ReportMeta
from ingest.outline import section_paths
from ingest.split import chunk_sentences, split_report
from store import ReportStore, StoreError
from store.ids import content_hash
from store.records import DocumentRecord, SentenceVector
from tests.conftest import BigramEmbeddings

PARAS = [
    "2016年政府工作报告",
    "一、回顾",
    "国内生产总值增长6.9%。城镇新增就业1312万人。",
    "二、任务",
    "国内生产总值增长6.5%-7%。居民消费价格涨幅3%左右。",
]


def write(store: ReportStore, doc_id: str, paras: list[str], source: str = "/x/a.txt") -> DocumentRecord:
    text = "\n".join(paras)
    chunks = split_report(doc_id, paras, section_paths(paras))
    record = DocumentRecord(
        doc_id, source, "f" * 64, content_hash(text), ReportMeta(title="t", year=2016), len(chunks)
    )
    vectors = store.embeddings.embed_documents([c.text for c in chunks])
    sentences = [(c, s) for c in chunks for s in chunk_sentences(c)]
    sentence_vectors = store.embeddings.embed_documents([s for _, s in sentences])
    rows = [SentenceVector(c, s, v) for (c, s), v in zip(sentences, sentence_vectors, strict=True)]
    store.write_document(record, text, chunks, vectors, rows)
    return record


def sentence_chunks(store: ReportStore) -> set[str]:
    """The chunk ids the stored sentence vectors point at."""
    return {md["chunk_id"] for md in store.sentences.get(include=["metadatas"])["metadatas"]}


@pytest.fixture
def store(tmp_path: Path, fake_embeddings: BigramEmbeddings) -> ReportStore:
    return ReportStore(tmp_path / "db", fake_embeddings)


def test_written_document_reads_back_whole(store: ReportStore):
    write(store, "d1", PARAS)
    [record] = store.documents()
    assert record.doc_id == "d1" and record.meta.year == 2016 and record.embedder == "fake-bigram"
    chunks = store.chunks_of("d1")
    assert len(chunks) == record.chunk_count == store.count_chunks()
    text = store.document_text("d1")
    assert all(text[c.char_start : c.char_end] == c.text for c in chunks)
    assert chunks[-1].section_path == ("二、任务",)


def test_new_version_replaces_old_chunks(store: ReportStore):
    write(store, "d1", PARAS)
    old = {c.id for c in store.chunks_of("d1")}
    write(store, "d1", [*PARAS, "三、自身建设", "加强政府自身建设。"])
    new = {c.id for c in store.chunks_of("d1")}
    assert not old & new
    assert store.count_chunks() == len(new)
    assert sentence_chunks(store) == new


def test_interrupted_write_is_invisible_and_repaired(store: ReportStore, monkeypatch: pytest.MonkeyPatch):
    write(store, "d1", PARAS)
    good = store.count_chunks()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # killed after the chunks, before the registry entry

    monkeypatch.setattr(store.registry, "upsert", crash)
    with pytest.raises(KeyboardInterrupt):
        write(store, "d1", [*PARAS, "三、新增", "新的段落。"])
    monkeypatch.undo()
    assert store.count_chunks() > good  # the half-written version's chunks are there...
    assert len(store.chunks_of("d1")) == good  # ...but readers see only the committed one
    assert store.repair() > 0
    assert store.count_chunks() == good
    assert sentence_chunks(store) == {c.id for c in store.chunks_of("d1")}


def test_delete_removes_document_and_chunks(store: ReportStore):
    write(store, "d1", PARAS)
    write(store, "d2", ["另一篇", "一、正文", "内容。"], source="/x/b.txt")
    assert store.delete_document("d1")
    assert [r.doc_id for r in store.documents()] == ["d2"]
    assert all(c.doc_id == "d2" for c in store.chunks_of("d2"))
    assert store.count_chunks() == len(store.chunks_of("d2"))
    # d2's first chunk, a three-character title, is too short to be a sentence of its own
    assert sentence_chunks(store) == {c.id for c in store.chunks_of("d2") if c.index > 0}
    assert not store.delete_document("d1")


def test_metadata_edit_reaches_chunks_and_is_kept_as_override(store: ReportStore):
    write(store, "d1", PARAS)
    store.update_metadata("d1", ReportMeta(issuer="国务院", level="national"))
    record = store.get_document("d1")
    assert record.meta.issuer == "国务院" and record.override.issuer == "国务院"
    got = store.chunks.get(where={"issuer": "国务院"})
    assert len(got["ids"]) == record.chunk_count


def test_store_refuses_to_mix_embedders(tmp_path: Path, fake_embeddings: BigramEmbeddings):
    store = ReportStore(tmp_path / "db", fake_embeddings)
    write(store, "d1", PARAS)

    class Other(BigramEmbeddings):
        name = "other-model"

    with pytest.raises(StoreError, match="fake-bigram"):
        ReportStore(tmp_path / "db", Other())
    # Reading without an embedder (listing, deleting) is still possible.
    assert [r.doc_id for r in ReportStore(tmp_path / "db").documents()] == ["d1"]


def test_touch_keeps_other_fields(store: ReportStore):
    write(store, "d1", PARAS)
    store.touch_document("d1", "/y/a.txt", "e" * 64)
    record = store.get_document("d1")
    assert record.source == "/y/a.txt" and record.file_sha256 == "e" * 64 and record.meta.year == 2016


def test_a_store_made_with_chromas_default_registry_settings_is_moved_to_frequent_syncs(
    tmp_path: Path, fake_embeddings: BigramEmbeddings, monkeypatch: pytest.MonkeyPatch
):
    """Registry rows carry whole texts: a registry syncing its index every 1,000 writes (Chroma's
    default, what stores made before had) made each write re-read up to 1,000 reports."""
    import chromadb

    from store.vectors import _REGISTRY_HNSW, PENDING, REGISTRY

    old = chromadb.PersistentClient(path=str(tmp_path / "db" / "chroma"))
    for name in (REGISTRY, PENDING):
        assert old.create_collection(name).configuration["hnsw"]["sync_threshold"] == 1000
    del old
    store = ReportStore(tmp_path / "db", fake_embeddings)
    for collection in (store.registry, store.pending):
        assert collection.configuration["hnsw"]["sync_threshold"] == _REGISTRY_HNSW["sync_threshold"]
    from chromadb.api.models.Collection import Collection

    changed: list[str] = []
    modify = Collection.modify
    monkeypatch.setattr(
        Collection, "modify", lambda self, *a, **k: changed.append(self.name) or modify(self, *a, **k)
    )
    ReportStore(tmp_path / "db", fake_embeddings)  # moved once: opening it again changes nothing
    assert changed == []
    write(store, "d1", PARAS)
    assert [r.doc_id for r in ReportStore(tmp_path / "db", fake_embeddings).documents()] == ["d1"]


def test_a_settings_change_that_finds_chromas_database_locked_is_tried_again(
    tmp_path: Path, fake_embeddings: BigramEmbeddings, monkeypatch: pytest.MonkeyPatch
):
    """Embedded Chroma answers "database is locked" at once when a settings change meets the write
    the change before it set off (CI's run of a504efb: opening a store made with Chroma's default
    registry settings failed so). The change is tried again; any other fault is not."""
    import chromadb
    from chromadb.api.models.Collection import Collection
    from chromadb.errors import InternalError

    import store.chroma
    from store.vectors import PENDING, REGISTRY

    old = chromadb.PersistentClient(path=str(tmp_path / "db" / "chroma"))
    for name in (REGISTRY, PENDING):
        old.create_collection(name)
    del old
    monkeypatch.setattr(store.chroma, "_LOCKED_WAITS", (0.0, 0.0))
    faults = ["database is locked", "database is locked"]
    modify = Collection.modify

    def locked_at_first(self, *a, **k):
        if faults:
            raise InternalError(f"Database error: error returned from database: (code: 5) {faults.pop()}")
        return modify(self, *a, **k)

    monkeypatch.setattr(Collection, "modify", locked_at_first)
    opened = ReportStore(tmp_path / "db", fake_embeddings)
    assert faults == []
    assert opened.pending.configuration["hnsw"]["sync_threshold"] == 10
    faults[:] = ["database is locked"] * 3  # one more than the tries
    with pytest.raises(InternalError, match="locked"):
        store.chroma.modify_configuration(opened.registry, {"hnsw": {"sync_threshold": 10}})
    faults[:] = ["disk I/O error"]
    with pytest.raises(InternalError, match="disk I/O"):
        store.chroma.modify_configuration(opened.registry, {"hnsw": {"sync_threshold": 10}})
    assert faults == []


def test_a_chunks_sentences_read_back_as_chroma_holds_them(store: ReportStore):
    """The answerer reads the hit chunks' sentences with their vectors: the rows Chroma holds, read
    from the sentence index beside the store, in their documents' order."""
    write(store, "d1", PARAS)
    write(store, "d2", [*PARAS[:3], "三、其他", "继续推进简政放权。加强生态环境保护。"])
    store.update_metadata("d1", ReportMeta(issuer="国务院"))
    chunks = store.chunks_of("d1")[1:] + store.chunks_of("d2")[:2]
    versions = {r.doc_id: r.version for r in store.documents()}
    wanted = {c.id for c in chunks}
    expected = {
        (r.chunk_id, r.text): r.vector
        for _, _, found in store.stored_sentences(versions)
        for r in found
        if r.chunk_id in wanted
    }
    assert len(expected) > len(chunks)

    rows = store.sentence_rows([c.id for c in chunks])  # (not from Chroma: test_sentence_index.py)
    assert sorted((r.chunk_id, r.text) for r in rows) == sorted(expected)
    for r in rows:
        assert np.allclose(r.vector, expected[(r.chunk_id, r.text)], atol=1e-6)
    order = {c.id: n for n, c in enumerate(chunks)}
    assert [order[r.chunk_id] for r in rows] == sorted(order[r.chunk_id] for r in rows)
