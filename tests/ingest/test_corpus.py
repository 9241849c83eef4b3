"""The whole shared corpus ingests: every format, the noisy and the partial reports (fake embedder)."""

import json
import shutil
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.pipeline import Ingestor
from store import ReportStore
from tests.conftest import BigramEmbeddings


@pytest.mark.corpus
@pytest.mark.integration
def test_every_corpus_file_ingests_and_reingests_unchanged(
    tmp_path: Path, shared_corpus: Path, fake_embeddings: BigramEmbeddings
):
    files = sorted(p for p in shared_corpus.rglob("*") if p.is_file() and p.suffix != ".md")
    ingestor = Ingestor(ReportStore(tmp_path / "db", fake_embeddings))
    # every format is read: the copies of one report in several formats are kept side by side here
    # (tests/ingest/test_near_duplicates.py holds the default, which skips them)
    report = ingestor.ingest(files, near_duplicates="keep")
    assert not report.failed, [(r.path, r.message) for r in report.failed]
    stored = {r.doc_id for r in ingestor.store.documents()}
    for r in report.results:
        # A file whose cleaned text equals one already stored (the .docx and the .txt of 2016) is
        # recognised as the same report rather than stored twice.
        assert r.status == "added" or (r.status == "duplicate" and r.doc_id in stored), r
    assert report.counts["added"] >= len(files) - 2

    scanned = next(r for r in report.results if r.path.endswith("yutai_xiang_scanned_no_text_layer.pdf"))
    assert "87.7%" in ingestor.store.document_text(str(scanned.doc_id))
    chunk = next(c for c in ingestor.store.chunks_of(str(scanned.doc_id)) if "87.7%" in c.text)
    assert chunk.page == 2 and chunk.section.startswith("六、")

    chunks = ingestor.store.count_chunks()
    again = ingestor.ingest(files, near_duplicates="keep")
    assert again.counts["unchanged"] == report.counts["added"]
    assert ingestor.store.count_chunks() == chunks


@pytest.mark.corpus
def test_renamed_state_council_reports_keep_year_and_issuer(
    tmp_path: Path, shared_corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    monkeypatch.setattr("store.load_embeddings", lambda spec: BigramEmbeddings())
    originals = sorted((shared_corpus / "reports").glob("guowuyuan_*.txt"))
    originals += sorted((shared_corpus / "partial").glob("*.txt"))
    renamed = tmp_path / "in"
    renamed.mkdir()
    for i, f in enumerate(originals):
        shutil.copy(f, renamed / f"doc{i:03d}.txt")
    db = ["--db", str(tmp_path / "db"), "-q"]
    assert ingest_main([str(renamed), *db]) == 0
    capsys.readouterr()
    ingest_main(["--list", "--json", *db])
    rows = {Path(r["source"]).name: r for r in json.loads(capsys.readouterr().out)}
    for i, f in enumerate(originals):
        row = rows[f"doc{i:03d}.txt"]
        year = int(f.stem.split("_")[1])
        assert (row["year"], row["issuer"], row["level"]) == (year, "国务院", "national"), (f.name, row)
