"""Load on the running app: python -m bench.load [--url URL | --db DIR] [--clients 10] [--requests 200]

N clients (gradio_client, one per thread) send a fixed number of questions, taken in turn from the
dev set, to the app's chat endpoint, the one the browser uses; every answer is checked: it is the
answer the same question gets when asked alone, word for word, and an answerable one cites.
Prints p50/p95 latency, throughput and errors. With --ingest FILE the file is uploaded through the
app while the questions run, to show how answers fare during a large ingest.

Without --url the app is started here (`python app.py`) on a copy of the store at --db (default:
the store `make run` fills), on a free loopback port, and stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.evaluation import QUESTIONS_DIR, load_questions
from bench.machine import describe_machine
from core.settings import REPO_ROOT, get_settings
from webui.forms import message_text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_serving(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Until `url` answers; raises RuntimeError with the app's log when it exits or takes too long."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except OSError:
            time.sleep(1)
    process.kill()
    raise RuntimeError(f"the app did not serve within {timeout:.0f} s:\n{log.read_text()}")


def launch_app(
    db: Path,
    log: Path,
    *options: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> tuple[str, subprocess.Popen]:
    """`python app.py --db DB OPTIONS` on a free loopback port, its output in `log`, once it serves:
    (url, process). `env` is the child's whole environment (default: this one)."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(REPO_ROOT / "app.py"), "--db", str(db), "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"},
            cwd=cwd,
        )
    url = f"http://127.0.0.1:{port}/"
    wait_until_serving(url, process, log, timeout)
    return url, process


def start_app(db: Path, folder: Path) -> tuple[str, subprocess.Popen]:
    """The app on a copy of the store at db, made in folder."""
    copy = folder / "db"
    shutil.copytree(db, copy)
    return launch_app(copy, folder / "app.log", "--no-samples")


def card_links_dropped(answer: str) -> str:
    """The chat answer with its [n] links back to plain [n] (a link names the answer's number in its
    conversation, which differs between sessions)."""
    return re.sub(r"\[\[(\d+)\]\]\(#pq-src-\d+-\d+\)", r"[\1]", answer)


def run(url: str, clients: int, requests: int, questions: list[dict], ingest: Path | None) -> dict:
    from gradio_client import Client, handle_file

    local = threading.local()

    def client() -> Client:
        if not hasattr(local, "client"):
            local.client = Client(url, verbose=False)
        return local.client

    def asked(q: dict) -> tuple[float, str]:
        start = time.perf_counter()
        history = client().predict(q["question"], [], [], "（全部）", None, None, api_name="/chat")[0]
        return time.perf_counter() - start, card_links_dropped(message_text(history[-1]) if history else "")

    # Each question answered alone first: under load every answer must be the same, word for word.
    alone = {q["id"]: asked(q)[1] for q in questions}

    def one(i: int) -> tuple[float, str | None]:
        q = questions[i % len(questions)]
        try:
            took, answer = asked(q)
        except Exception as e:  # any failure of the app counts, with its reason
            return 0.0, f"{type(e).__name__}: {e}"
        if not answer or answer == "检索中…":
            return took, f"no answer to {q['id']}"
        if answer != alone[q["id"]]:
            return took, f"answer to {q['id']} differs from its answer alone"
        if q.get("type") != "none" and "[1]" not in answer and "未在已收录的报告中找到" not in answer:
            return took, f"answer without citation to {q['id']}"
        return took, None

    uploading = None
    if ingest is not None:

        def upload() -> None:
            start = time.perf_counter()
            Client(url, verbose=False).predict([handle_file(str(ingest))], api_name="/upload")
            print(f"upload of {ingest.name} ingested in {time.perf_counter() - start:.1f} s", flush=True)

        uploading = threading.Thread(target=upload)
        uploading.start()
        time.sleep(2)
    wall = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, range(requests)))
    wall = time.perf_counter() - wall
    if uploading is not None:
        uploading.join()
    times = sorted(t for t, _ in results)
    errors = [e for _, e in results if e]
    return {
        "p50": statistics.median(times),
        "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
        "max": times[-1],
        "throughput": requests / wall,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--url", help="a running app; otherwise one is started on a copy of --db")
    p.add_argument("--db", type=Path, default=None, help="store to copy and serve (default: POLICYQA_DB_DIR)")
    p.add_argument("--clients", type=int, default=10)
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--questions", type=Path, default=QUESTIONS_DIR / "dev.jsonl")
    p.add_argument("--ingest", type=Path, help="upload this file through the app while the questions run")
    args = p.parse_args(argv)
    questions = load_questions(args.questions, answerable_only=False)
    process = None
    folder = Path(tempfile.mkdtemp(prefix="policyqa-load-"))
    url = args.url
    if url is None:
        db = args.db or get_settings().db_dir
        if not (db / "chroma").is_dir():
            raise SystemExit(f"no store at {db}: run `make run` (or python -m ingest data/reports) first")
        url, process = start_app(db, folder)
    try:
        client = __import__("gradio_client").Client(url, verbose=False)
        client.predict("两委交叉任职比例是多少", [], [], "（全部）", None, None, api_name="/chat")  # warm-up
        result = run(url, args.clients, args.requests, questions, args.ingest)
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
            shutil.rmtree(folder, ignore_errors=True)
    print(f"machine: {describe_machine()}")
    print(
        f"app: {url} (backend as configured; questions from {args.questions.name}, {len(questions)} in turn)"
    )
    print(
        f"clients: {args.clients}, requests: {args.requests}"
        + (f", while ingesting {args.ingest.name}" if args.ingest else "")
    )
    print(
        f"latency per question: p50 {result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms, "
        f"max {result['max'] * 1000:.0f} ms; throughput {result['throughput']:.1f} questions/s"
    )
    print(f"errors: {len(result['errors'])}")
    for e in result["errors"][:10]:
        print(f"  {e}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
