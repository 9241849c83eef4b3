import json
import shutil
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from retriever.__main__ import main as retriever_main
from retriever.config import RetrieverConfig
from retriever.hybrid import HybridRetriever
from retriever.query import Filters
from store import ReportStore
from store.vectors import NearestConfig
from tests.conftest import BigramEmbeddings


@pytest.fixture
def retriever(sample_db: Path) -> HybridRetriever:
    return HybridRetriever(ReportStore(sample_db, BigramEmbeddings()))


def test_finds_the_sentence_with_the_number(retriever: HybridRetriever):
    result = retriever.search("两委交叉任职比例是多少", k=5)
    top = result.hits[0]
    assert top.chunk.doc_id == "yutai_xiang_sanji_lianchuang" and "87.7%" in top.chunk.text
    assert top.chunk.section.startswith("六、夯实基础")
    assert set(top.sources) == {"dense", "bm25"}
    assert result.documents["yutai_xiang_sanji_lianchuang"].meta.issuer == "中共××乡委员会"
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)


def test_a_year_in_the_question_filters_when_the_store_has_that_year(retriever: HybridRetriever):
    result = retriever.search("2016年国内生产总值增长目标", k=5)
    assert result.years_from_question == (2016, 2016)
    assert result.applied() == "年份 2016（年份取自问题）"
    assert {h.chunk.doc_id for h in result.hits} == {"guowuyuan_2016"}
    assert any("6.5%－7%" in h.chunk.text for h in result.hits[:3])

    ranged = retriever.search("2013到2015年的国内生产总值增长目标", k=10)
    assert {h.chunk.doc_id for h in ranged.hits} <= {"guowuyuan_2013", "guowuyuan_2014", "guowuyuan_2015"}

    # No report of 2030 in the store: the year is not a filter, the search is not emptied.
    future = retriever.search("2030年国内生产总值增长目标", k=5)
    assert future.years_from_question is None and future.applied() == "" and future.hits

    # What happened in 2015 is told by the 2016 report as well.
    review = retriever.search("2015年国内生产总值实际增长了多少", k=5)
    assert review.filters.year_to == 2016


def test_a_question_about_what_happened_in_a_year_also_reads_the_next_report(retriever: HybridRetriever):
    result = retriever.search("2015年服务业占国内生产总值比重是多少", k=5)
    assert (result.filters.year_from, result.filters.year_to) == (2015, 2016)
    assert {h.chunk.doc_id for h in result.hits} <= {"guowuyuan_2015", "guowuyuan_2016"}


def test_every_sentence_of_every_live_chunk_has_its_own_vector(sample_db: Path):
    store = ReportStore(sample_db, BigramEmbeddings())
    chunks = {c.id: c for r in store.documents() for c in store.chunks_of(r.doc_id)}
    versions = {r.doc_id: r.version for r in store.documents()}
    rows = [row for _, _, found in store.stored_sentences(versions) for row in found]
    assert len(rows) == len(store.sentences.get(include=[])["ids"]) > 3 * len(chunks)
    for row in rows:
        assert row.text and row.text in chunks[row.chunk_id].text


def test_explicit_filters(retriever: HybridRetriever):
    only = retriever.search("国内生产总值", k=5, filters=Filters(doc_ids=frozenset({"guowuyuan_2014"})))
    assert {h.chunk.doc_id for h in only.hits} == {"guowuyuan_2014"}
    assert retriever.search("干部", k=5, filters=Filters(level="township")).hits[0].chunk.doc_id == (
        "yutai_xiang_sanji_lianchuang"
    )
    assert not retriever.search("干部", k=5, filters=Filters(issuer="四川省人民政府")).hits
    # An explicit year filter wins over the year in the question.
    r = retriever.search("2016年国内生产总值", k=5, filters=Filters(year_from=2014, year_to=2014))
    assert r.years_from_question is None and {h.chunk.doc_id for h in r.hits} == {"guowuyuan_2014"}


def test_full_width_question_matches_half_width_text(retriever: HybridRetriever):
    half = retriever.search("两委成员交叉任职达到87.7%", k=1).hits[0]
    full = retriever.search("两委成员交叉任职达到８７．７％", k=1).hits[0]
    assert half.chunk.id == full.chunk.id and "87.7%" in full.chunk.text


def test_number_questions_prefer_chunks_with_numbers(sample_db: Path):
    store = ReportStore(sample_db, BigramEmbeddings())
    plain = HybridRetriever(store, RetrieverConfig(number_bonus=0.0))
    prefer = HybridRetriever(store, RetrieverConfig(number_bonus=0.5))
    q = "加强农村基层组织建设的比例是多少"
    with_digits = lambda hits: sum(any(ch.isdigit() for ch in h.chunk.text) for h in hits)  # noqa: E731
    assert with_digits(prefer.search(q, k=5).hits) >= with_digits(plain.search(q, k=5).hits)
    assert any(ch.isdigit() for ch in prefer.search(q, k=1).hits[0].chunk.text)


def test_sees_another_processes_ingest_and_delete_without_rebuilding(sample_db: Path, tmp_path: Path):
    db = tmp_path / "db"
    shutil.copytree(sample_db, db)
    reader = HybridRetriever(ReportStore(db, BigramEmbeddings()))
    reader.search("国内生产总值", k=1)
    arrays = reader.store.keywords._arrays
    reader.search("城镇新增就业", k=1)
    assert reader.store.keywords._arrays is arrays  # nothing rebuilt between queries

    writer = ReportStore(db, BigramEmbeddings())
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "某县情况汇报\n全县共有光伏扶贫电站一百二十座，年发电收益全部用于贫困户。\n", encoding="utf-8"
    )
    Ingestor(writer).ingest([extra])
    assert reader.search("光伏扶贫电站有多少座", k=1).hits[0].chunk.doc_id == "extra"
    writer.delete_document("yutai_xiang_sanji_lianchuang")
    hits = reader.search("两委交叉任职比例是多少", k=5).hits
    assert all(h.chunk.doc_id != "yutai_xiang_sanji_lianchuang" for h in hits)


def test_hits_carry_what_a_citation_needs(retriever: HybridRetriever):
    result = retriever.search("两委交叉任职比例是多少", k=3)
    assert len(result.hits) == 3 and "87.7%" in result.hits[0].chunk.text
    hit = result.hits[0]
    record = result.documents[hit.chunk.doc_id]
    assert hit.chunk.doc_id == "yutai_xiang_sanji_lianchuang" and hit.chunk.section.startswith("六、")
    assert record.meta.title == "开展三级联创活动的情况汇报" and hit.score > 0 and hit.sources
    text = retriever.store.document_text(hit.chunk.doc_id)
    assert text[hit.chunk.char_start : hit.chunk.char_end] == hit.chunk.text
    dated = retriever.search("2014年国内生产总值增长目标", k=3)
    assert {dated.documents[h.chunk.doc_id].meta.year for h in dated.hits} == {2014}
    assert dated.applied().startswith("年份 2014")


@pytest.fixture
def cli_db(sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("store.load_embeddings", lambda spec: BigramEmbeddings())
    monkeypatch.setenv("POLICYQA_EMBEDDER", "fake-bigram")
    return sample_db


def test_cli_json_and_batch(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert retriever_main(["两委交叉任职比例是多少", "--k", "2", "--db", str(cli_db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["hits"]) == 2 and "87.7%" in out["hits"][0]["text"]
    assert set(out["hits"][0]) >= {"doc_id", "title", "year", "section", "score", "text"}

    batch = tmp_path / "q.jsonl"
    batch.write_text(
        '{"id": "a", "question": "两委交叉任职比例是多少"}\nnot json\n'
        '{"id": "b", "question": "2016年国内生产总值增长目标"}\n',
        encoding="utf-8",
    )
    assert retriever_main(["--batch", str(batch), "--db", str(cli_db), "--k", "1"]) == 1  # one bad line
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x.get("id") for x in lines] == ["a", None, "b"]
    assert "第 2 行" in lines[1]["error"] and lines[2]["filter"].startswith("年份 2016")


def test_cli_text_output_and_errors(cli_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert retriever_main(["2016年国内生产总值增长目标", "--k", "1", "--db", str(cli_db)]) == 0
    out = capsys.readouterr().out
    assert "筛选：年份 2016" in out and "章节：" in out and "2016年国务院政府工作报告" in out
    assert retriever_main(["问题", "--db", str(tmp_path / "typo")]) == 2
    assert "找不到知识库" in capsys.readouterr().err and not (tmp_path / "typo").exists()
    ReportStore(tmp_path / "empty", BigramEmbeddings())
    assert retriever_main(["问题", "--db", str(tmp_path / "empty")]) == 2
    assert "还没有文档" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        retriever_main(["问题", "--year", "去年"])
    assert "年份应写作" in capsys.readouterr().err


def _queries(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Every Chroma query the retriever makes from now on (its arguments)."""
    from chromadb.api.models.Collection import Collection

    seen: list[dict] = []
    query = Collection.query

    def spy(self, *args, **kwargs):
        seen.append(kwargs)
        return query(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "query", spy)
    return seen


@pytest.mark.parametrize(
    "question",
    ["2016年国内生产总值增长目标", "2015年服务业占国内生产总值比重是多少", "2013到2015年的粮食产量"],
)
def test_a_search_within_some_reports_finds_what_chromas_filter_finds(
    retriever: HybridRetriever, monkeypatch: pytest.MonkeyPatch, question: str
):
    """Within the reports of a year, the nearest rows of the whole store are asked for and those of
    the allowed reports kept; that gives the hits Chroma's own filtered search gives, in order."""
    seen = _queries(monkeypatch)
    fast = retriever.search(question, k=10)
    assert fast.filters.year_from is not None and fast.hits
    assert seen and not any(q.get("where") for q in seen)  # no filtered Chroma search was made

    seen.clear()
    retriever.store.nearest_config = NearestConfig(min_share=2.0)  # always Chroma's filter
    slow = retriever.search(question, k=10)
    assert seen and all(q.get("where") for q in seen)
    assert [h.chunk.id for h in fast.hits] == [h.chunk.id for h in slow.hits]
    assert [h.score for h in fast.hits] == pytest.approx([h.score for h in slow.hits])


def test_too_few_rows_of_the_allowed_reports_among_the_nearest_falls_back_to_chromas_filter(
    retriever: HybridRetriever, monkeypatch: pytest.MonkeyPatch
):
    question = "2016年国内生产总值增长目标"
    expected = [h.chunk.id for h in retriever.search(question, k=10).hits]
    seen = _queries(monkeypatch)
    retriever.store.nearest_config = NearestConfig(overfetch=0.05)  # far fewer rows than it needs
    got = retriever.search(question, k=10)
    # the chunks' nearest rows, then Chroma's filter (sentences are searched beside Chroma)
    assert [q.get("where") is not None for q in seen] == [False, True]
    assert [h.chunk.id for h in got.hits] == expected
    assert {h.chunk.doc_id for h in got.hits} == {"guowuyuan_2016"}
