"""The searched copy of the sentence vectors (store/sentence_index.py): the same nearest sentences
as an exact search, only live and allowed documents, written with the store and rebuilt from it."""

from pathlib import Path

import numpy as np
import pytest

from store import ReportStore, keyword_sync, sentence_index
from store.sentence_index import SentenceIndex, SentenceRow
from tests.conftest import BigramEmbeddings
from tests.store.test_report_store import PARAS, write


def unit(m: np.ndarray) -> np.ndarray:
    return m / np.linalg.norm(m, axis=-1, keepdims=True)


def clustered(n: int, dims: int = 96, seed: int = 0) -> np.ndarray:
    """Unit vectors like a sentence embedder's: a large shared part (every cosine is high, as with
    e5), topics, and noise."""
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(40, dims))
    common = rng.normal(size=dims) * 3
    return unit(common + topics[rng.integers(0, 40, n)] + rng.normal(size=(n, dims)) * 0.8)


def fill(index: SentenceIndex, vectors: np.ndarray, docs: int) -> list[str]:
    names = [f"d{k}" for k in range(docs)]
    for k, name in enumerate(names):
        rows = [
            SentenceRow(f"{name}:v1:{i:05d}", i, f"句{i}", vectors[i]) for i in range(k, len(vectors), docs)
        ]
        index.upsert_document(name, "v1", rows)
    index.refresh()
    return names


def test_few_rows_are_all_scored_exactly(tmp_path: Path):
    vectors = clustered(300)
    index = SentenceIndex(tmp_path / "s.sqlite")
    names = fill(index, vectors, 3)
    query = unit(vectors[7] + vectors[200])
    found = index.search(query, 20, dict.fromkeys(names, "v1"))
    exact = np.sort(vectors @ query)[::-1][:20]
    assert np.allclose([m.similarity for m in found], exact, atol=1e-6)


def test_many_rows_find_the_exact_nearest_through_their_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Beyond CANDIDATES rows the codes pick the candidates: the nearest sentences are still found
    (0.99 of the exact 10 on the 1,000-report store, by bench.sentence_search; here at least 0.9)."""
    monkeypatch.setattr(sentence_index, "CANDIDATES", 400)
    vectors = clustered(6000)
    index = SentenceIndex(tmp_path / "s.sqlite")
    names = fill(index, vectors, 12)
    live = dict.fromkeys(names, "v1")
    recalls = []
    for q in unit(clustered(30, seed=1) * 0.5 + vectors[:30]):
        found = index.search(q, 10, live)
        tenth = np.sort(vectors @ q)[::-1][9]
        recalls.append(np.mean([m.similarity >= tenth - 1e-6 for m in found]))
        assert [m.similarity for m in found] == sorted((m.similarity for m in found), reverse=True)
    assert np.mean(recalls) >= 0.9


def test_only_live_versions_of_allowed_documents_are_searched(tmp_path: Path):
    vectors = clustered(90)
    index = SentenceIndex(tmp_path / "s.sqlite")
    fill(index, vectors, 3)
    found = index.search(vectors[0], 90, {"d0": "v1", "d1": "v2", "d2": "v1"}, allowed={"d0", "d1"})
    assert found and {m.chunk_id.split(":")[0] for m in found} == {"d0"}
    assert index.search(vectors[0], 5, {"d0": "v1"}, allowed=set()) == []


def test_rows_are_seen_only_once_committed_and_old_versions_go(tmp_path: Path):
    vectors = clustered(20)
    index = SentenceIndex(tmp_path / "s.sqlite")
    index.upsert_document("d", "v1", [SentenceRow("d:v1:0", 0, "旧", vectors[0])])
    index.add("d", "v2", [SentenceRow("d:v2:0", 0, "新", vectors[1])])  # an ingest under way
    reader = SentenceIndex(tmp_path / "s.sqlite")  # another process
    reader.refresh()
    assert [m.text for m in reader.search(vectors[1], 5, {"d": "v1"})] == ["旧"]
    index.commit("d", "v2")
    assert reader.refresh()
    assert [m.text for m in reader.search(vectors[1], 5, {"d": "v2"})] == ["新"]
    assert [r.text for r in reader.of_chunks(["d:v1:0", "d:v2:0"])] == ["新"]


@pytest.fixture
def two_reports(tmp_path: Path, fake_embeddings: BigramEmbeddings) -> ReportStore:
    store = ReportStore(tmp_path / "db", fake_embeddings)
    write(store, "d1", PARAS)
    write(store, "d2", [*PARAS[:3], "三、其他", "继续推进简政放权。加强生态环境保护。"])
    return store


def nearest(store: ReportStore, text: str) -> list[tuple[str, str, float]]:
    store.refresh_keywords()  # what the retriever does before its searches
    vector = unit(np.asarray(store.embeddings.embed_query(text), dtype=np.float32))
    live = {r.doc_id: r.version for r in store.documents()}
    return [(m.chunk_id, m.text, round(m.similarity, 5)) for m in store.nearest_sentences(vector, 8, live)]


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_missing_or_damaged_file_is_rebuilt_from_chroma(
    two_reports: ReportStore, tmp_path: Path, fake_embeddings: BigramEmbeddings, damage: str
):
    """A store made before this index (or whose file was damaged) gets it from Chroma's rows, with
    the same nearest sentences, and says so when the file was damaged."""
    before = nearest(two_reports, "生态环境保护")
    path = tmp_path / "db" / sentence_index.SENTENCES_FILE
    two_reports._keeper.sentences.close()  # as when its process ended
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(b"not a database" * 100)
    store = ReportStore(tmp_path / "db", fake_embeddings)
    assert nearest(store, "生态环境保护") == before
    assert ("句子向量索引" in " ".join(store.notices)) == (damage == "damaged")


def test_chromas_sentence_rows_point_into_their_chunk_and_older_rows_with_text_still_read(
    two_reports: ReportStore, tmp_path: Path, fake_embeddings: BigramEmbeddings
):
    """Chroma's sentence rows hold no text of their own (Chroma indexes every document's text for
    full-text search: a fifth of a large report's ingest), only where it stands in its chunk's; rows
    written with their text, by stores made before, are read with it."""
    before = nearest(two_reports, "生态环境保护")
    stored = two_reports.sentences.get(include=["documents", "metadatas", "embeddings"])
    assert stored["ids"] and all(t is None for t in stored["documents"])
    chunks = {c.id: c.text for d in ("d1", "d2") for c in two_reports.chunks_of(d)}
    texts = [chunks[md["chunk_id"]][md["start"] : md["end"]] for md in stored["metadatas"]]
    assert all(texts) and "加强生态环境保护。" in texts
    # as an older store wrote them: the text beside the vector, and no place in the chunk
    two_reports.sentences.update(
        ids=stored["ids"],
        documents=texts,
        embeddings=stored["embeddings"],
        metadatas=[
            {"doc_id": md["doc_id"], "version": md["version"], "chunk_id": md["chunk_id"]}
            for md in stored["metadatas"]
        ],
    )
    two_reports._keeper.sentences.close()
    (tmp_path / "db" / sentence_index.SENTENCES_FILE).unlink()
    assert nearest(ReportStore(tmp_path / "db", fake_embeddings), "生态环境保护") == before


def test_searches_never_read_chromas_sentence_collection(
    two_reports: ReportStore, monkeypatch: pytest.MonkeyPatch
):
    """Chroma loads a collection's whole HNSW on any read of it: a search and the answerer's
    sentence rows must not touch the sentence collection."""
    from chromadb.api.models.Collection import Collection

    reads: list[str] = []
    for method in ("get", "query"):
        original = getattr(Collection, method)
        monkeypatch.setattr(
            Collection,
            method,
            lambda self, *a, _o=original, **k: reads.append(self.name) or _o(self, *a, **k),
        )
    found = nearest(two_reports, "国内生产总值")
    assert found and "国内生产总值" in found[0][1]
    assert two_reports.sentence_rows([found[0][0]])
    assert "sentences" not in reads


def test_a_deleted_report_leaves_the_sentence_index(two_reports: ReportStore):
    two_reports.delete_document("d2")
    assert {c.split(":")[0] for c, _, _ in nearest(two_reports, "简政放权")} == {"d1"}
    assert set(two_reports._keeper.sentences.versions()) == {"d1"}


def test_many_reports_lacking_the_index_are_copied_in_one_pass_over_chroma(
    tmp_path: Path,
    fake_embeddings: BigramEmbeddings,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
):
    """A store made before the sentence index gets it at its first open; with many reports, in one
    read over Chroma's rows rather than a filtered read per report (7 min against about 1 at 1,000
    reports)."""
    from chromadb.api.models.Collection import Collection

    store = ReportStore(tmp_path / "db", fake_embeddings)
    for k in range(12):
        write(store, f"r{k:02d}", [*PARAS[:2], f"第{k}项：城镇新增就业{k + 100}万人。", *PARAS[3:]])
    before = nearest(store, "城镇新增就业105万人")
    store._keeper.sentences.close()
    (tmp_path / "db" / sentence_index.SENTENCES_FILE).unlink()

    filters: list[object] = []
    original = Collection.get

    def spy(self, *a, **k):
        if self.name == "sentences":
            filters.append(k.get("where"))
        return original(self, *a, **k)

    monkeypatch.setattr(Collection, "get", spy)
    monkeypatch.setattr(keyword_sync, "_SAY_COPY_FROM", 10)
    reopened = ReportStore(tmp_path / "db", fake_embeddings)
    assert nearest(reopened, "城镇新增就业105万人") == before
    assert filters == [None]
    assert "正在把 12 篇报告的句子向量复制到" in caplog.text  # the wait is said
    assert len(reopened._keeper.sentences.versions()) == 12


def test_a_file_of_another_layout_is_emptied_and_filled_again(
    two_reports: ReportStore, tmp_path: Path, fake_embeddings: BigramEmbeddings
):
    import sqlite3

    before = nearest(two_reports, "生态环境保护")
    two_reports._keeper.sentences.close()
    db = sqlite3.connect(tmp_path / "db" / sentence_index.SENTENCES_FILE)
    db.execute("DROP TABLE sentences")  # the first layout: no sentence numbers, no user_version
    db.execute(
        "CREATE TABLE sentences (id INTEGER PRIMARY KEY, doc_id TEXT, version TEXT, chunk_id TEXT, "
        "text TEXT, vector BLOB)"
    )
    db.execute("PRAGMA user_version = 0")
    db.commit()
    db.close()
    reopened = ReportStore(tmp_path / "db", fake_embeddings)
    assert nearest(reopened, "生态环境保护") == before
    assert reopened.sentence_rows([before[0][0]])


def test_rows_an_interrupted_write_left_go_at_the_next_repair(two_reports: ReportStore):
    """A writer killed before its commit leaves sentence rows of a version never committed; the
    repair at the next ingest drops them, as it drops the chunks."""
    index = two_reports._keeper.sentences
    kept = len(index.of_chunks([c.id for c in two_reports.chunks_of("d1")]))
    index.add("d1", "never", [SentenceRow("d1:never:00000", 0, "半途", np.ones(8, dtype=np.float32))])
    two_reports.pending.upsert(ids=["d1"], embeddings=[[1.0]], metadatas=[{"version": "never"}])
    two_reports.repair()
    assert index.of_chunks(["d1:never:00000"]) == []
    assert len(index.of_chunks([c.id for c in two_reports.chunks_of("d1")])) == kept
