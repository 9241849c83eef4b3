"""The app's service without a browser: uploads, the knowledge base, answers, first run."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from core.settings import get_settings
from core.types import ReportMeta
from ingest.errors import IngestError
from qa.service import Backend
from retriever.query import Filters
from store import StoreError
from tests.conftest import FORMAT_SAMPLES, SAMPLES, BigramEmbeddings
from webui.service import AppService, UploadError, safe_name


@pytest.fixture
def service(sample_db: Path, tmp_path: Path) -> AppService:
    db = tmp_path / "db"
    shutil.copytree(sample_db, db)
    settings = get_settings().model_copy(update={"db_dir": db, "upload_max_mb": 1})
    return AppService(settings, BigramEmbeddings())


def _found(service: AppService, question: str) -> str:
    """The report of the first hit (the fake embedder's answers are not the point here)."""
    return service.retriever.search(question, k=1).hits[0].chunk.doc_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("报告.docx", "报告.docx"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("a/b/c.PDF", "c.pdf"),
        ("..", "upload"),
        ("报告\x00\n名.txt", "报告_名.txt"),
        ("  .hidden.txt", "hidden.txt"),
        ("2016年 政府工作报告（全文）.txt", "2016年_政府工作报告（全文）.txt"),
    ],
)
def test_upload_names_stay_inside_the_folder(name: str, expected: str):
    assert safe_name(name) == expected


def test_upload_keeps_a_copy_inside_the_upload_folder(service: AppService, tmp_path: Path):
    sneaky = tmp_path / "in" / "x.txt"
    sneaky.parent.mkdir()
    shutil.copy(SAMPLES / "guowuyuan_2013.txt", sneaky)
    kept = service.accept_upload(sneaky, "../../../outside.txt")
    assert kept.parent == service.upload_dir and kept.name == "outside.txt"
    assert not (service.upload_dir.parent / "outside.txt").exists()


def test_upload_of_another_file_with_the_same_name_keeps_both(service: AppService, tmp_path: Path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("甲", encoding="utf-8")
    b.write_text("乙", encoding="utf-8")
    first, second = service.accept_upload(a, "同名.txt"), service.accept_upload(b, "同名.txt")
    assert (
        first != second
        and first.read_text(encoding="utf-8") == "甲"
        and second.read_text(encoding="utf-8") == "乙"
    )
    assert service.accept_upload(a, "同名.txt") == first  # the same bytes again: the same copy


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("名单.exe", b"MZ", "不支持的文件类型"),
        ("无扩展名", b"abc", "不支持的文件类型"),
        ("空.txt", b"", "文件是空的"),
        ("大.txt", b"x" * (1024 * 1024 + 1), "文件过大"),
    ],
)
def test_bad_uploads_are_refused_with_the_reason_and_nothing_is_lost(
    service: AppService, tmp_path: Path, name: str, content: bytes, reason: str
):
    before = [r.doc_id for r in service.documents()]
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with pytest.raises(UploadError, match=reason):
        service.accept_upload(path, name)
    report = service.upload([(path, name)])
    assert [r.status for r in report.results] == ["failed"] and reason in report.results[0].message
    assert [r.doc_id for r in service.documents()] == before
    assert not list(service.upload_dir.iterdir())


def test_upload_ingests_with_progress_and_answers_from_the_new_report(service: AppService, tmp_path: Path):
    service.delete("guowuyuan_2016")
    seen: list[tuple[float, str]] = []
    report = service.upload(
        [(FORMAT_SAMPLES / "guowuyuan_2016.docx", "2016年政府工作报告.docx")],
        lambda f, m: seen.append((f, m)),
    )
    [result] = report.results
    assert result.status == "added", result.message
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 3
    assert any("2016年政府工作报告.docx" in m for _, m in seen)
    record = service.document(result.doc_id)
    assert Path(record.source).parent == service.upload_dir and record.meta.year == 2016
    hits = service.retriever.search("2016年国内生产总值增长预期目标", k=3).hits  # the fake embedder: search
    assert hits and hits[0].chunk.doc_id == result.doc_id
    assert any("6.5%" in h.chunk.text for h in hits)


def test_a_failed_file_does_not_stop_the_others(service: AppService, tmp_path: Path):
    bad = tmp_path / "坏.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    good = tmp_path / "好.txt"
    good.write_text("2030年某县工作报告\n一、工作回顾\n全县粮食产量达到12.5万吨。\n", encoding="utf-8")
    report = service.upload([(bad, "坏.pdf"), (good, "好.txt")])
    statuses = {Path(r.path).name: r.status for r in report.results}
    assert statuses == {"坏.pdf": "failed", "好.txt": "added"}
    assert report.failed[0].message  # the reason, in Chinese


def test_metadata_edit_shows_in_listing_and_filters(service: AppService):
    service.update_metadata("yutai_xiang_sanji_lianchuang", ReportMeta(year=2004, issuer="玉台乡党委"))
    record = service.document("yutai_xiang_sanji_lianchuang")
    assert record.meta.year == 2004 and record.meta.issuer == "玉台乡党委"
    assert "玉台乡党委" in service.issuers()
    hits = service.retriever.search("两委交叉任职比例", filters=Filters(year_from=2004, year_to=2004)).hits
    assert hits and {h.chunk.doc_id for h in hits} == {"yutai_xiang_sanji_lianchuang"}
    assert any("87.7%" in h.chunk.text for h in hits)


def test_delete_removes_report_from_answers_and_its_uploaded_copy(service: AppService, tmp_path: Path):
    copy = tmp_path / "yutai.txt"
    shutil.copy(SAMPLES / "yutai_xiang_sanji_lianchuang.txt", copy)
    service.delete("yutai_xiang_sanji_lianchuang")
    [result] = service.upload([(copy, "三级联创.txt")]).results
    kept = Path(service.document(result.doc_id).source)
    assert kept.exists()
    assert _found(service, "两委交叉任职比例") == result.doc_id
    service.delete(result.doc_id)
    assert result.doc_id not in [r.doc_id for r in service.documents()]
    assert not kept.exists()
    assert _found(service, "两委交叉任职比例") != result.doc_id
    assert not any("87.7%" in h.chunk.text for h in service.retriever.search("两委交叉任职比例", k=10).hits)
    with pytest.raises(StoreError, match="没有文档"):
        service.delete(result.doc_id)


def test_reingest_of_a_vanished_file_says_to_upload_it_again(service: AppService, tmp_path: Path):
    copy = tmp_path / "gone.txt"
    shutil.copy(SAMPLES / "yutai_xiang_sanji_lianchuang.txt", copy)
    service.delete("yutai_xiang_sanji_lianchuang")
    [result] = service.ingest([copy]).results
    assert service.reingest(result.doc_id).status == "unchanged"
    copy.unlink()
    with pytest.raises(IngestError, match="请重新上传"):
        service.reingest(result.doc_id)
    assert result.doc_id in [r.doc_id for r in service.documents()]  # nothing lost


def test_first_run_ingests_the_samples_once(tmp_path: Path):
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(SAMPLES / "yutai_xiang_sanji_lianchuang.txt", samples)
    settings = get_settings().model_copy(update={"db_dir": tmp_path / "db", "samples_dir": samples})
    service = AppService(settings, BigramEmbeddings())
    first = service.ingest_samples_if_empty(progress=False)
    assert first is not None and first.counts["added"] == 1
    assert service.ingest_samples_if_empty(progress=False) is None


def test_backend_settings_are_checked():
    with pytest.raises(ValueError, match="接口地址"):
        Backend("openai", "ftp://x", "m")
    with pytest.raises(ValueError, match="未知的回答方式"):
        Backend("magic")


def test_questions_are_answered_while_a_large_ingest_runs(service: AppService, tmp_path: Path):
    """An ingest holds the ingest lock, not the question path."""
    started, release = threading.Event(), threading.Event()

    def slow_progress(fraction: float, message: str) -> None:
        started.set()
        release.wait(timeout=60)

    big = tmp_path / "big.txt"
    big.write_text(
        (SAMPLES / "guowuyuan_2013.txt").read_text(encoding="utf-8") + "\n补充。", encoding="utf-8"
    )
    worker = threading.Thread(target=service.ingest, args=([big], slow_progress))
    worker.start()
    try:
        assert started.wait(timeout=60)
        answer = service.qa.ask("两委交叉任职比例是多少")  # the ingest is paused mid-way
        assert answer.question and _found(service, "两委交叉任职比例") == "yutai_xiang_sanji_lianchuang"
    finally:
        release.set()
        worker.join(timeout=120)
