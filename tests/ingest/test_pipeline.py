import json
import shutil
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.pipeline import Ingestor
from store import ReportStore
from store.embed_cache import EmbeddingCache
from tests.conftest import FORMAT_SAMPLES, SAMPLES, BigramEmbeddings


@pytest.fixture
def ingestor(tmp_path: Path, fake_embeddings: BigramEmbeddings) -> Ingestor:
    return Ingestor(ReportStore(tmp_path / "db", fake_embeddings))


@pytest.fixture
def use_fake_embedder(monkeypatch: pytest.MonkeyPatch, fake_embeddings: BigramEmbeddings) -> BigramEmbeddings:
    """The command line, in process, with the fake embedder instead of the real model."""
    monkeypatch.setattr("store.load_embeddings", lambda spec: fake_embeddings)
    return fake_embeddings


def test_ingesting_twice_adds_nothing(ingestor: Ingestor, fake_embeddings: BigramEmbeddings):
    first = ingestor.ingest([SAMPLES])
    assert first.counts["added"] == 7 and not first.failed
    chunks = ingestor.store.count_chunks()
    embedded = fake_embeddings.texts_embedded
    second = ingestor.ingest([SAMPLES])
    assert second.counts["unchanged"] == 7
    assert ingestor.store.count_chunks() == chunks
    assert fake_embeddings.texts_embedded == embedded


def test_changed_file_replaces_its_chunks_and_reuses_cached_vectors(
    tmp_path: Path, ingestor: Ingestor, fake_embeddings: BigramEmbeddings
):
    doc = tmp_path / "in" / "report.txt"
    doc.parent.mkdir()
    shutil.copy(SAMPLES / "guowuyuan_2016.txt", doc)
    ingestor.ingest([doc])
    before = ingestor.store.count_chunks()
    embedded = fake_embeddings.texts_embedded
    doc.write_text(doc.read_text(encoding="utf-8") + "\n附：本报告新增一段说明文字。\n", encoding="utf-8")
    result = ingestor.ingest([doc])
    assert result.counts["updated"] == 1
    [record] = ingestor.store.documents()
    assert ingestor.store.count_chunks() == record.chunk_count >= before
    # Only the chunk that changed is embedded again.
    assert fake_embeddings.texts_embedded - embedded <= 2


def test_touched_but_identical_file_is_unchanged(tmp_path: Path, ingestor: Ingestor):
    doc = tmp_path / "a.txt"
    shutil.copy(SAMPLES / "yutai_xiang_sanji_lianchuang.txt", doc)
    ingestor.ingest([doc])
    doc.write_text(doc.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")  # new bytes, same content
    assert ingestor.ingest([doc]).counts["unchanged"] == 1


def test_same_report_under_two_names_is_a_duplicate(tmp_path: Path, ingestor: Ingestor):
    for name in ["a.txt", "副本 a.txt"]:
        shutil.copy(SAMPLES / "guowuyuan_2013.txt", tmp_path / name)
    report = ingestor.ingest([tmp_path / "a.txt", tmp_path / "副本 a.txt"])
    assert report.counts == {"added": 1, "updated": 0, "unchanged": 0, "duplicate": 1, "failed": 0}
    assert "内容相同" in report.results[1].message
    assert len(ingestor.store.documents()) == 1


def test_bad_files_fail_alone(tmp_path: Path, ingestor: Ingestor):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (tmp_path / "sheet.xls").write_bytes(b"PK")
    shutil.copy(SAMPLES / "guowuyuan_2014.txt", tmp_path / "ok.txt")
    report = ingestor.ingest([*sorted(tmp_path.glob("*.*")), tmp_path / "missing.txt"])
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["ok.txt"].status == "added"
    for name in ["empty.txt", "binary.txt", "sheet.xls", "missing.txt"]:
        assert by_name[name].status == "failed", name
        assert name in by_name[name].message
    assert len(ingestor.store.documents()) == 1


def test_embedding_cache_survives_a_new_store(tmp_path: Path, fake_embeddings: BigramEmbeddings):
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    Ingestor(ReportStore(tmp_path / "db1", fake_embeddings), cache=cache).ingest(
        [SAMPLES / "guowuyuan_2015.txt"]
    )
    embedded = fake_embeddings.texts_embedded
    Ingestor(ReportStore(tmp_path / "db2", fake_embeddings), cache=cache).ingest(
        [SAMPLES / "guowuyuan_2015.txt"]
    )
    assert fake_embeddings.texts_embedded == embedded


def test_cli_lists_right_metadata_for_meaningless_names(
    tmp_path: Path, use_fake_embedder: BigramEmbeddings, capsys: pytest.CaptureFixture[str]
):
    renamed = tmp_path / "in"
    renamed.mkdir()
    originals = sorted(SAMPLES.glob("*.txt"))
    for i, f in enumerate(originals):
        shutil.copy(f, renamed / f"x{i:02d}.txt")
    assert ingest_main([str(renamed), "--db", str(tmp_path / "db"), "-q"]) == 0
    capsys.readouterr()
    assert ingest_main(["--list", "--json", "--db", str(tmp_path / "db")]) == 0
    rows = {Path(r["source"]).name: r for r in json.loads(capsys.readouterr().out)}
    for i, f in enumerate(originals):
        row = rows[f"x{i:02d}.txt"]
        if f.name.startswith("guowuyuan_"):
            assert row["year"] == int(f.stem.split("_")[1]) and row["issuer"] == "国务院", row
            assert row["level"] == "national"
        else:
            assert row["issuer"] == "中共××乡委员会" and row["level"] == "township" and row["year"] is None


def test_cli_list_has_a_header_and_chinese_level_names(
    tmp_path: Path, use_fake_embedder: BigramEmbeddings, capsys: pytest.CaptureFixture[str]
):
    db = ["--db", str(tmp_path / "db")]
    assert (
        ingest_main(
            [
                str(SAMPLES / "guowuyuan_2017.txt"),
                str(SAMPLES / "yutai_xiang_sanji_lianchuang.txt"),
                *db,
                "-q",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert ingest_main(["--list", *db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == ["ID", "年份", "发布机关", "层级", "块数", "标题", "来源文件"]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:-1]}
    assert rows["guowuyuan_2017"][3] == "全国" and rows["yutai_xiang_sanji_lianchuang"][3] == "乡镇"
    assert lines[-1] == "共 2 篇文档"


def test_cli_exit_status_and_messages(tmp_path: Path, use_fake_embedder, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "empty.txt").write_text("   \n")
    db = ["--db", str(tmp_path / "db"), "-q"]
    assert ingest_main([str(SAMPLES / "guowuyuan_2017.txt"), str(tmp_path / "empty.txt"), *db]) == 1
    out = capsys.readouterr().out
    assert "empty.txt" in out and "新增 1" in out and "失败 1" in out
    assert ingest_main(["--delete", "guowuyuan_2017", *db]) == 0
    assert "已删除 1 篇文档" in capsys.readouterr().out
    assert ingest_main(["--delete", "guowuyuan_2017", *db]) == 2  # no such report (README: status 2)
    said = capsys.readouterr()
    assert "没有文档" in said.err and "已删除" not in said.out
    assert ingest_main(["--list", "--db", str(tmp_path / "typo")]) == 2  # a mistyped --db: nothing made
    assert "找不到知识库" in capsys.readouterr().err and not (tmp_path / "typo").exists()
    assert ingest_main([str(tmp_path / "typo.txt"), "--db", str(tmp_path / "typo")]) == 2  # a mistyped file
    assert "找不到文件或目录" in capsys.readouterr().err and not (tmp_path / "typo").exists()
    (tmp_path / "a_file").write_text("not a store", encoding="utf-8")
    for args in (["--list"], [str(SAMPLES / "guowuyuan_2017.txt")]):  # --db naming a file: read or write
        assert ingest_main([*args, "--db", str(tmp_path / "a_file")]) == 2
        assert "是一个文件，不是知识库目录" in capsys.readouterr().err


def test_metadata_flags_override_detection(
    tmp_path: Path, use_fake_embedder, capsys: pytest.CaptureFixture[str]
):
    db = ["--db", str(tmp_path / "db")]
    args = [str(SAMPLES / "yutai_xiang_sanji_lianchuang.txt"), "--year", "2004", "--level", "township", "-q"]
    assert ingest_main(args + db) == 0
    capsys.readouterr()
    ingest_main(["--list", "--json", *db])
    [row] = json.loads(capsys.readouterr().out)
    assert row["year"] == 2004


def test_docx_sample_ingests_with_headings(ingestor: Ingestor):
    report = ingestor.ingest([FORMAT_SAMPLES / "guowuyuan_2016.docx"])
    assert report.counts["added"] == 1, report.results[0].message
    chunks = ingestor.store.chunks_of(report.results[0].doc_id)
    assert any(c.section_path[:1] == ("三、2016年重点工作",) for c in chunks)
