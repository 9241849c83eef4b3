import sqlite3
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from retriever.hybrid import HybridRetriever
from store import ReportStore
from store.keyword_sync import KEYWORDS_FILE
from store.keywords import IndexedChunk, KeywordIndex
from tests.conftest import SAMPLES, BigramEmbeddings
from text.tokens import tokenize


def _index(tmp_path: Path) -> KeywordIndex:
    index = KeywordIndex(tmp_path / "kw.sqlite")
    index.upsert_document(
        "a",
        "v1",
        [
            IndexedChunk("a:1", tokenize("村两委交叉任职比例达到87.7%。")),
            IndexedChunk("a:2", tokenize("加强农村基层组织建设，提高干部素质。")),
        ],
    )
    index.upsert_document("b", "v1", [IndexedChunk("b:1", tokenize("国内生产总值增长7.5%左右。"))])
    return index


def test_bm25_ranks_the_chunk_with_the_terms_first_and_filters_by_document(tmp_path: Path):
    index = _index(tmp_path)
    index.refresh()
    hits = index.search(tokenize("两委交叉任职比例"), k=5)
    assert hits[0][0] == "a:1" and all(score > 0 for _, score in hits)
    assert index.search(tokenize("国内生产总值增长"), k=5)[0][0] == "b:1"
    assert index.search(tokenize("国内生产总值增长"), k=5, doc_ids={"a"}) == []
    assert index.search(tokenize("完全无关的词语"), k=5) == []


def test_a_reader_sees_another_writers_changes_only_after_refresh(tmp_path: Path):
    writer = _index(tmp_path)
    reader = KeywordIndex(tmp_path / "kw.sqlite")
    assert reader.refresh() is True and reader.refresh() is False
    writer.delete_document("a")
    writer.upsert_document("c", "v1", [IndexedChunk("c:1", tokenize("三级联创活动"))])
    assert reader.refresh() is True
    assert reader.search(tokenize("两委交叉任职"), k=5) == []
    assert reader.search(tokenize("三级联创"), k=5)[0][0] == "c:1"


def test_ingest_updates_the_index_and_a_reopened_store_does_not_rebuild_it(
    tmp_path: Path, fake_embeddings: BigramEmbeddings
):
    store = ReportStore(tmp_path / "db", fake_embeddings)
    Ingestor(store).ingest([SAMPLES / "yutai_xiang_sanji_lianchuang.txt", SAMPLES / "guowuyuan_2016.txt"])
    store.keywords.refresh()
    [(top, _)] = store.keywords.search(tokenize("两委交叉任职比例"), k=1)
    assert "87.7%" in next(c.text for c in store.chunks_of("yutai_xiang_sanji_lianchuang") if c.id == top)

    reopened = ReportStore(tmp_path / "db", fake_embeddings)
    assert reopened.sync_keywords() == 0  # nothing to index again
    assert reopened.delete_document("yutai_xiang_sanji_lianchuang")
    reopened.keywords.refresh()
    assert not reopened.keywords.search(tokenize("两委交叉任职"), k=5)


def closed_store_with_samples(db: Path, embeddings: BigramEmbeddings) -> Path:
    """Two reports ingested, the keyword index checkpointed and closed; its path."""
    store = ReportStore(db, embeddings)
    Ingestor(store).ingest([SAMPLES / "yutai_xiang_sanji_lianchuang.txt", SAMPLES / "guowuyuan_2013.txt"])
    store.keywords._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.keywords.close()
    return db / KEYWORDS_FILE


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def scribble_in_the_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = bytes(range(256)) * 32
    path.write_bytes(bytes(data))


def not_a_database(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


@pytest.mark.parametrize("damage", [cut_short, scribble_in_the_middle, not_a_database])
def test_a_damaged_or_partly_written_index_is_rebuilt_at_start_with_a_message(
    tmp_path: Path, fake_embeddings: BigramEmbeddings, damage
):
    path = closed_store_with_samples(tmp_path / "db", fake_embeddings)
    damage(path)
    reopened = ReportStore(tmp_path / "db", fake_embeddings)
    retriever = HybridRetriever(reopened)  # what the app and the command line open at start
    assert any("关键词索引" in n and "重建" in n for n in reopened.notices), reopened.notices
    assert reopened.keywords.versions() == {r.doc_id: r.version for r in reopened.documents()}
    [(top, _)] = reopened.keywords.search(tokenize("两委交叉任职比例"), k=1)
    assert top.startswith("yutai_xiang_sanji_lianchuang:")
    assert "87.7%" in retriever.search("两委交叉任职比例是多少", k=1).hits[0].chunk.text


def test_a_sound_index_opens_without_a_message(tmp_path: Path, fake_embeddings: BigramEmbeddings):
    closed_store_with_samples(tmp_path / "db", fake_embeddings)
    reopened = ReportStore(tmp_path / "db", fake_embeddings)
    HybridRetriever(reopened)
    assert reopened.notices == []


def test_a_damaged_entry_is_indexed_again_when_read(tmp_path: Path, fake_embeddings: BigramEmbeddings):
    path = closed_store_with_samples(tmp_path / "db", fake_embeddings)
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE docs SET payload = ? WHERE doc_id = ?", (b"garbage", "yutai_xiang_sanji_lianchuang")
        )
    reopened = ReportStore(tmp_path / "db", fake_embeddings)
    retriever = HybridRetriever(reopened)
    assert any("yutai_xiang_sanji_lianchuang" in n for n in reopened.notices), reopened.notices
    assert "87.7%" in retriever.search("两委交叉任职比例是多少", k=1).hits[0].chunk.text
    assert reopened.keywords.search(tokenize("两委交叉任职比例"), k=1)[0][0].startswith("yutai")


def test_scores_are_bm25_as_written_after_documents_come_and_go(tmp_path: Path):
    """Every score equals Robertson & Zaragoza's BM25 (k1 1.2, b 0.75) computed here from the raw
    term counts, after documents were added, replaced and deleted (the index keeps its entries
    compressed and builds its arrays from them)."""
    import math
    import random

    from store.keywords import K1, B

    rng = random.Random(16)
    words = [f"词{i}" for i in range(40)]
    index = KeywordIndex(tmp_path / "kw.sqlite")
    docs: dict[str, dict[str, list[str]]] = {}
    for step in range(30):
        d = f"d{rng.randrange(8)}"
        if d in docs and step % 4 == 0:
            index.delete_document(d)
            docs.pop(d)
            continue
        chunks = {
            f"{d}:{step}:{j}": rng.choices(words, k=rng.randint(3, 30)) for j in range(rng.randint(1, 5))
        }
        index.upsert_document(d, f"v{step}", [IndexedChunk(c, t) for c, t in chunks.items()])
        docs[d] = chunks
        index.refresh()
    index.refresh()
    everything = {c: t for chunks in docs.values() for c, t in chunks.items()}
    n, avgdl = len(everything), sum(map(len, everything.values())) / len(everything)
    for query in (["词1"], ["词2", "词3", "词39"], ["词5", "词5", "不在其中"]):
        expected = {}
        for c, tokens in everything.items():
            score = 0.0
            for term in dict.fromkeys(query):
                df = sum(term in t for t in everything.values())
                tf = tokens.count(term)
                if tf:
                    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                    score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(tokens) / avgdl))
            if score > 0:
                expected[c] = score
        got = dict(index.search(query, k=n))
        assert got.keys() == expected.keys()
        assert all(math.isclose(got[c], expected[c], rel_tol=1e-5) for c in got)


def test_refresh_reads_the_versions_only_after_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A question refreshes every derived index; at 5,000 reports reading their versions cost 17 ms
    a question, so a refresh with nothing written since (SQLite's write mark) reads nothing."""
    index = _index(tmp_path)
    assert index.refresh() is True
    with monkeypatch.context() as m:
        m.setattr(index, "versions", lambda: pytest.fail("versions read with nothing written"))
        assert index.refresh() is False
    index.upsert_document("c", "v1", [IndexedChunk("c:1", tokenize("三级联创活动"))])  # this connection
    assert index.refresh() is True and index.search(tokenize("三级联创"), k=5)[0][0] == "c:1"
    KeywordIndex(tmp_path / "kw.sqlite").delete_document("c")  # another connection
    assert index.refresh() is True and index.search(tokenize("三级联创"), k=5) == []
