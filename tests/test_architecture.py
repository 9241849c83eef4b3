"""The shape of the house, read from the source: imports only flow down the pipeline, and no module
or function grows past what one reading holds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# What each package may import of ours. Data flows one way: ingest -> store -> retriever -> qa -> app.
ALLOWED = {
    "core": {"core"},
    "text": {"core", "text"},
    "facts": {"core", "text", "facts"},
    "store": {"core", "text", "facts", "store"},
    "ingest": {"core", "text", "facts", "store", "ingest"},
    "retriever": {"core", "text", "facts", "store", "retriever"},
    "qa": {"core", "text", "facts", "store", "retriever", "qa"},
    "webui": {"core", "text", "facts", "store", "retriever", "qa", "webui"},
    "app": {"core", "text", "facts", "store", "retriever", "qa", "webui"},
    "bench": {"core", "text", "facts", "store", "ingest", "retriever", "qa", "webui", "app", "bench"},
}
OURS = set(ALLOWED) | {"tests"}
# The app's upload path: the only modules above the store that write through ingest/.
UPLOAD_PATH = {"webui/service.py", "webui/library_tab.py", "app.py"}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def source_files(with_tests: bool = False) -> list[Path]:
    skip = {".venv", "var"} | (set() if with_tests else {"tests"})
    return sorted(p for p in REPO.rglob("*.py") if not skip & set(p.relative_to(REPO).parts))


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package of ours) for every import in the file, at any depth."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        out += [(node.lineno, n.split(".")[0]) for n in names if n.split(".")[0] in OURS]
    return out


def test_imports_only_flow_down_the_pipeline():
    wrong = []
    for path in source_files():
        rel = path.relative_to(REPO).as_posix()
        layer = rel.split("/")[0].removesuffix(".py")
        allowed = ALLOWED[layer] | ({"ingest"} if rel in UPLOAD_PATH else set())
        wrong += [
            f"{rel}:{line} imports {pkg}" for line, pkg in imported_packages(path) if pkg not in allowed
        ]
    assert not wrong, "imports against the pipeline's direction:\n" + "\n".join(wrong)


def test_the_checker_sees_a_forbidden_arrow(tmp_path: Path):
    """The check itself: an upward import in a module is found, at any depth."""
    bad = tmp_path / "x.py"
    bad.write_text(
        "def f():\n    from qa.service import open_qa\n    import webui.blocks\n", encoding="utf-8"
    )
    assert [p for _, p in imported_packages(bad)] == ["qa", "webui"]


@pytest.mark.parametrize("path", source_files(with_tests=True), ids=lambda p: p.relative_to(REPO).as_posix())
def test_modules_and_functions_stay_small(path: Path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{path.name}: {text.count(chr(10))} lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{path.name}: functions over {MAX_FUNCTION_LINES} lines: {long}"
