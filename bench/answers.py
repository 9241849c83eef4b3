"""Answer quality of the extractive backend: python -m bench.answers [--questions FILE] [--reports DIR]

For every question of the set: an answerable one counts as answered when the answer holds the gold
value (the gold answer when it stands in the gold quote, else the gold quote itself) and the answer
is not a refusal; an unanswerable one ("none") counts when the answer says the reports do not hold
it. Prints both shares, per question type, the failures and the latency per answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.evaluation import QUESTIONS_DIR, load_questions, squash
from bench.machine import describe_machine
from bench.retrieval import bench_store
from core.settings import get_settings
from qa.extractive import ExtractiveAnswerer, ExtractiveConfig
from qa.types import Answer
from retriever.hybrid import HybridRetriever


def gold_value(q: dict) -> str:
    """What a right answer must contain: the short answer when the quote states it, else the quote."""
    answer, quote = squash(str(q.get("answer") or "")), squash(q["quote"])
    return answer if answer and answer in quote else quote


def is_right(q: dict, a: Answer) -> bool:
    if not q.get("doc"):
        return not a.found
    return a.found and gold_value(q) in squash(a.answer)


def run(
    answerer: ExtractiveAnswerer, questions: list[dict]
) -> tuple[list[tuple[dict, Answer, bool]], list[float]]:
    out, times = [], []
    for q in questions:
        t0 = time.perf_counter()
        a = answerer.answer(q["question"])
        times.append((time.perf_counter() - t0) * 1000)
        out.append((q, a, is_right(q, a)))
    return out, times


def shares(results: list[tuple[dict, Answer, bool]]) -> tuple[float, float]:
    answerable = [ok for q, _, ok in results if q.get("doc")]
    none = [ok for q, _, ok in results if not q.get("doc")]
    return (
        sum(answerable) / len(answerable) if answerable else 0.0,
        sum(none) / len(none) if none else 0.0,
    )


GRID = {
    "min_score": (1.0, 1.05, 1.1),
    "min_similarity_unknown": (0.88, 0.9, 0.92),
    "other_report_ratio": (0.9, 0.95, 1.1),
}


def build_parser(settings: Any) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.answers", description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=Path, default=QUESTIONS_DIR / "dev.jsonl")
    p.add_argument("--reports", type=Path, action="append", help="report files or folders (repeatable)")
    p.add_argument("--grid", action="store_true", help="compare scoring settings instead")
    p.add_argument("--failures", type=int, default=30)
    p.add_argument(
        "--backend",
        choices=("extractive", "openai"),
        default="extractive",
        help="openai: the model at POLICYQA_LLM_BASE_URL / POLICYQA_LLM_MODEL",
    )
    p.add_argument("--limit", type=int, help="only the first N questions of each type (a slow model)")
    return p


def limited(questions: list[dict], limit: int | None) -> list[dict]:
    """The first `limit` questions of each type (all when None)."""
    if not limit:
        return questions
    taken: dict[str, int] = defaultdict(int)
    kept = []
    for q in questions:
        if taken[q["type"]] < limit:
            taken[q["type"]] += 1
            kept.append(q)
    return kept


def run_grid(retriever: HybridRetriever, questions: list[dict]) -> None:
    import itertools

    names = list(GRID)
    print("".join(f"{n:>16}" for n in names) + "  answered  declined")
    for values in itertools.product(*GRID.values()):
        settings_: dict[str, Any] = dict(zip(names, values, strict=True))
        config = replace(ExtractiveConfig(), **settings_)
        got, _ = run(ExtractiveAnswerer(retriever, config), questions)
        right, declined = shares(got)
        print("".join(f"{v:>16}" for v in values) + f"  {right:>8.3f}  {declined:>8.3f}", flush=True)


def print_figures(got: list[tuple[dict, Answer, bool]], times: list[float], failures: int) -> None:
    answered, declined = shares(got)
    caught = sum(1 for _, a, _ in got if a.warnings)
    if caught:
        print(f"answers the grounding check corrected: {caught}")
    print(f"\nanswerable questions answered with the gold value: {answered:.3f}")
    print(f"unanswerable questions declined:                   {declined:.3f}")
    by_type: dict[str, list[bool]] = defaultdict(list)
    for q, _, ok in got:
        by_type[q["type"]].append(ok)
    print("per type: " + ", ".join(f"{t} {sum(v)}/{len(v)}" for t, v in sorted(by_type.items())))
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    print(f"latency per answer (ms): p50 {cuts[49]:.0f}, p95 {cuts[94]:.0f}")
    misses = [(q, a) for q, a, ok in got if not ok]
    print(f"\nwrong ({len(misses)}):")
    for q, wrong in misses[:failures]:
        want = gold_value(q)[:40] if q.get("doc") else "(decline)"
        print(f"  [{q['id']} {q['type']}] {q['question']}  want: {want}")
        print(f"      got: {wrong.answer[:120]!r}")


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    args = build_parser(settings).parse_args(argv)
    reports = [r.resolve() for r in (args.reports or [settings.samples_dir])]
    store, _ = bench_store(reports)
    retriever = HybridRetriever(store)
    questions = limited(load_questions(args.questions, answerable_only=False), args.limit)
    print(f"machine: {describe_machine()}")
    print(f"corpus: {', '.join(map(str, reports))}: {len(retriever.documents)} reports")
    model = f" ({settings.llm_model} at {settings.llm_base_url})" if args.backend == "openai" else ""
    print(f"questions: {args.questions} ({len(questions)}); backend: {args.backend}{model}")
    print(f"embedder: {settings.embedder}")
    if args.grid:
        run_grid(retriever, questions)
        return 0
    if args.backend == "openai":
        from qa.llm import LLMAnswerer

        answerer: Any = LLMAnswerer(retriever)
    else:
        answerer = ExtractiveAnswerer(retriever)
        print(f"config: {answerer.config}")
    answerer.answer(questions[0]["question"])  # warm-up
    got, times = run(answerer, questions)
    print_figures(got, times, args.failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
