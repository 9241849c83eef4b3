"""The first run, timed: python -m bench.first_run [--checkout DIR] [--db DIR]

Starts `python app.py` of a checkout on an empty store (a fresh temporary one unless --db names
one), as `make run` does on a fresh clone, and times it until the page is usable: the page serves
(HTTP 200) and a question put through the app's API (/ask) is answered with the figure expected.
The time is split by what the app prints: Python and library imports, models and the store opened,
the bundled reports imported, Gradio started, the first answer. Prints the machine and the corpus
(the checkout's data/reports) as the other benchmarks do. The app is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.load import free_port
from bench.machine import describe_machine
from core.settings import REPO_ROOT

QUESTION, EXPECTED = "两委交叉任职比例是多少", "87.7%"
# The end of each step, by what app.py prints then (the first line after the step before with it);
# what is left until the page serves is Gradio's: the page built and the server started.
MARKS = {
    "Python and library imports": "正在加载模型和知识库",
    "models and store opened": "导入",  # the import's progress bar
    "samples imported": "示例报告",
}


class Output:
    """The app's output, read in a thread: every line (tqdm's \\r-parts too) with when it came."""

    def __init__(self, process: subprocess.Popen, log: Path) -> None:
        self.lines: list[tuple[float, str]] = []
        self._thread = threading.Thread(target=self._read, args=(process, log), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen, log: Path) -> None:
        assert process.stdout is not None
        with log.open("wb") as out:
            part = b""
            while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
                out.write(chunk)
                part += chunk
                *done, part = part.replace(b"\r", b"\n").split(b"\n")
                now = time.monotonic()
                self.lines += [(now, line.decode("utf-8", "replace")) for line in done if line.strip()]

    def first(self, text: str, after: float = 0.0) -> float | None:
        return next((t for t, line in list(self.lines) if text in line and t >= after), None)


def wait_for_answer(url: str, process: subprocess.Popen, timeout: float) -> tuple[float, float, str]:
    """(when the page served, when /ask answered, the answer's text)."""
    from gradio_client import Client

    deadline = time.monotonic() + timeout
    served = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if r.status == 200:
                    served = time.monotonic()
                    break
        except OSError:
            time.sleep(0.2)
    if served is None:
        raise RuntimeError(f"the page did not serve within {timeout:.0f} s")
    while time.monotonic() < deadline:
        try:
            text = json.dumps(
                Client(url, verbose=False).predict(QUESTION, api_name="/ask"), ensure_ascii=False
            )
        except Exception as e:  # an empty store is an error message: asked again below
            text = f"{type(e).__name__}: {e}"
        if EXPECTED in text:
            return served, time.monotonic(), text
        time.sleep(0.5)  # the page may serve before the samples are in; ask again until they are
    raise RuntimeError(f"no answer with {EXPECTED} within {timeout:.0f} s: {text[:200]}")


def corpus_line(samples: Path) -> str:
    files = sorted(p for p in samples.iterdir() if p.is_file())
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    return f"{samples}: {len(files)} files, {chars:,} characters"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.first_run", description=__doc__)
    p.add_argument("--checkout", type=Path, default=REPO_ROOT, help="the checkout whose app.py runs")
    p.add_argument("--db", type=Path, help="the store (must be empty or absent; default a temporary one)")
    p.add_argument("--timeout", type=float, default=900)
    p.add_argument(
        "--no-shipped-cache", action="store_true", help="embed every text (as before the cache shipped)"
    )
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "db"
        if db.exists() and any(db.iterdir()):
            print(f"{db} is not empty: a first run needs an empty store", file=sys.stderr)
            return 2
        port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1"}
        env.pop("POLICYQA_DB_DIR", None)
        if args.no_shipped_cache:
            env["POLICYQA_SHIPPED_EMBED_CACHE"] = ""  # a path to no file: no shipped tier
        command = [sys.executable, "app.py", "--db", str(db), "--port", str(port)]
        start = time.monotonic()
        process = subprocess.Popen(
            command, cwd=args.checkout, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        output = Output(process, Path(tmp) / "app.log")
        try:
            served, answered, _ = wait_for_answer(f"http://127.0.0.1:{port}/", process, args.timeout)
        except RuntimeError as e:
            print(f"{e}\n{(Path(tmp) / 'app.log').read_text(errors='replace')}", file=sys.stderr)
            return 1
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    steps: list[tuple[str, float]] = []
    last = start
    for name, text in MARKS.items():
        at = output.first(text, last)
        if at is not None and at <= served:
            steps.append((name, at - last))
            last = at
    steps += [("Gradio started", served - last), ("first answer", answered - served)]
    print(f"machine: {describe_machine()}")
    print(f"corpus:  {corpus_line(args.checkout / 'data' / 'reports')}")
    shipped = "without" if args.no_shipped_cache else "with"
    print(f"command: {' '.join(command[1:])} (in {args.checkout}, empty store, {shipped} the shipped cache)")
    print("steps:   " + ", ".join(f"{name} {s:.1f} s" for name, s in steps))
    print(f"usable page (served and {QUESTION} answered {EXPECTED}): {answered - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
