"""The store on Chroma's own server (`chroma run` on a free loopback port, a temporary path):
ingest, search, delete, and a second process's view (its own keyword index) kept in step."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from retriever.config import RetrieverConfig
from retriever.hybrid import HybridRetriever
from store import ReportStore, StoreError
from store.chroma import open_client
from tests.conftest import SAMPLES, BigramEmbeddings

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists():
        pytest.skip("the chroma command is not installed beside this Python")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path_factory.mktemp("chroma-server")
    log = (path / "server.log").open("wb")
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None, (path / "server.log").read_text()
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_search_delete_on_the_server_and_a_second_process_follows(
    chroma_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    emb = BigramEmbeddings()
    writer = ReportStore(tmp_path / "a", emb, open_client(tmp_path / "a", chroma_url))
    assert writer.remote and not (tmp_path / "a" / "chroma").exists()  # nothing embedded on disk
    # Another app process: its own folder (keyword index), the same server; it starts empty.
    reader = HybridRetriever(
        ReportStore(tmp_path / "b", emb, open_client(tmp_path / "b", chroma_url)),
        RetrieverConfig(remote_sync_seconds=0.0),
    )
    assert reader.documents == {}

    reports = [SAMPLES / "yutai_xiang_sanji_lianchuang.txt", SAMPLES / "guowuyuan_2016.txt"]
    report = Ingestor(writer).ingest(reports)
    assert report.counts["added"] == 2
    again = Ingestor(writer).ingest(reports)
    assert again.counts["unchanged"] == 2  # the registry on the server remembers

    hits = reader.search("两委成员交叉任职", k=3).hits  # keyword index built from the server's chunks
    assert set(reader.documents) == {"yutai_xiang_sanji_lianchuang", "guowuyuan_2016"}
    assert hits[0].chunk.doc_id == "yutai_xiang_sanji_lianchuang" and "87.7%" in hits[0].chunk.text
    assert reader.store.keywords.versions().keys() == set(reader.documents)

    assert writer.delete_document("yutai_xiang_sanji_lianchuang")
    hits = reader.search("两委成员交叉任职", k=5).hits
    assert "yutai_xiang_sanji_lianchuang" not in reader.documents
    assert all(h.chunk.doc_id != "yutai_xiang_sanji_lianchuang" for h in hits)
    assert set(reader.store.keywords.versions()) == {"guowuyuan_2016"}
    assert (
        writer.count_chunks()
        == reader.store.count_chunks()
        == writer.get_document("guowuyuan_2016").chunk_count
    )


def test_an_unreachable_server_is_a_message(tmp_path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    with pytest.raises(StoreError, match="无法连接 Chroma 服务器"):
        open_client(tmp_path, f"http://127.0.0.1:{port}")
    with pytest.raises(StoreError, match="地址无效"):
        open_client(tmp_path, "ftp://x")
    shutil.rmtree(tmp_path, ignore_errors=True)
