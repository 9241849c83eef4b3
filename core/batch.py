"""Question files for --batch: JSON lines of {"id", "question"}, read with a message per bad line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from core.errors import os_reason


class BatchFileError(OSError):
    """The file cannot be read at all."""


def read_batch(path: Path) -> Iterator[tuple[dict[str, Any] | None, str]]:
    """(row, "") for each good line, (None, message in Chinese) for each bad one; blank lines skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise BatchFileError(f"无法读取问题文件 {path}（{os_reason(e)}）。请检查路径和文件") from e
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question = row["question"]
            if not isinstance(question, str) or not question.strip():
                raise ValueError
        except (ValueError, KeyError, TypeError):
            yield None, f'第 {n} 行不是 {{"id", "question"}} 形式的 JSON'
            continue
        yield row, ""


def answer_batch(path: Path, handle: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Print one JSON line per question: {"id", **handle(row)}, or {"id": null, "error"} for a bad
    line. Exit status: 0, 1 when a line was bad, 2 when the file cannot be read."""
    bad = 0
    try:
        for row, error in read_batch(path):
            if row is None:
                bad += 1
                print(json.dumps({"id": None, "error": error}, ensure_ascii=False), flush=True)
                continue
            print(json.dumps({"id": row.get("id"), **handle(row)}, ensure_ascii=False), flush=True)
    except BatchFileError as e:
        print(str(e), file=sys.stderr)
        return 2
    return 1 if bad else 0
