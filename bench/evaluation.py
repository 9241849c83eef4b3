"""Shared pieces of the retrieval benchmarks: question files, the hit test, the figures."""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from text.width import normalize_width

QUESTIONS_DIR = Path(__file__).parent / "questions"
KS = (1, 3, 5)


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """--questions (a JSONL file, default the dev set) and --reports (one or more files or
    folders, repeatable; default the bundled reports), as the quality benchmarks take them."""
    parser.add_argument("--questions", type=Path, default=QUESTIONS_DIR / "dev.jsonl")
    parser.add_argument(
        "--reports",
        type=Path,
        action="extend",
        nargs="+",
        help="report files or folders (one or more, repeatable)",
    )


def load_questions(path: Path, answerable_only: bool = True) -> list[dict]:
    """Rows of a question file; by default only those with a document and a quote."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("doc")] if answerable_only else rows


def squash(text: str) -> str:
    """Width- and whitespace-insensitive form for quote matching."""
    return normalize_width("".join(text.split()))


@dataclass(frozen=True)
class Retrieved:
    doc_id: str
    text: str


def rank_of(question: dict, retrieved: Sequence[Retrieved]) -> int | None:
    """1-based rank of the first retrieved chunk of the gold document that holds the gold quote."""
    quote = squash(question["quote"])
    for rank, r in enumerate(retrieved, 1):
        if r.doc_id == question["doc"] and quote in squash(r.text):
            return rank
    return None


def figures(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    out = {f"hit@{k}": sum(1 for r in ranks if r is not None and r <= k) / n for k in KS}
    out["mrr"] = sum(1 / r for r in ranks if r) / n
    return out


@dataclass
class Evaluation:
    """Ranks of one system on a question set, with figures overall and per question type."""

    questions: list[dict]
    ranks: list[int | None]
    latencies_ms: list[float]

    def overall(self) -> dict[str, float]:
        return figures(self.ranks)

    def by_type(self) -> dict[str, dict[str, float]]:
        groups: dict[str, list[int | None]] = defaultdict(list)
        for q, r in zip(self.questions, self.ranks, strict=True):
            groups[q["type"]].append(r)
        return {t: {"n": len(rs), **figures(rs)} for t, rs in sorted(groups.items())}

    def failures(self, k: int = 1) -> list[tuple[dict, int | None]]:
        return [(q, r) for q, r in zip(self.questions, self.ranks, strict=True) if r is None or r > k]

    def p(self, pct: float) -> float:
        if not self.latencies_ms:
            return 0.0
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(pct) - 1]


def evaluate(
    questions: list[dict], search: Callable[[str], Sequence[Retrieved]], clock: Callable[[], float]
) -> Evaluation:
    ranks, times = [], []
    for q in questions:
        t0 = clock()
        got = search(q["question"])
        times.append((clock() - t0) * 1000)
        ranks.append(rank_of(q, got))
    return Evaluation(questions, ranks, times)
