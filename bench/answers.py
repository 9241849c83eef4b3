"""Answer quality: python -m bench.answers [--questions FILE] [--reports DIR ...] [--backend ...]

Every answer gets one verdict:
- right: an answerable question's answer holds the gold value (the gold answer when it stands in
  the gold quote, else the quote itself), every part's value for a question of several parts or a
  superlative, and the conclusion where the set gives one ("2021年" as written; for a trend told
  in a sentence, its direction); an unanswerable question ("none") is declined;
- declined: an answerable question answered "not found";
- wrong figure: the answer states a figure and is not right (the worst outcome: a confident wrong
  number with a real citation), counted apart from the declines;
- wrong: any other miss.
Prints the shares, the wrong-figure rate over all questions, per question type, the decline texts of
the unanswerable questions (they must say what the reports hold) and the latency per answer.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from typing import Any

from bench.evaluation import add_corpus_options, load_questions, squash
from bench.machine import describe_machine
from bench.retrieval import bench_store
from core.settings import get_settings
from qa.extractive import ExtractiveAnswerer, ExtractiveConfig
from qa.types import Answer
from retriever.hybrid import HybridRetriever
from text.numbers import figures_in


def gold_value(q: dict) -> str:
    """What a right answer must contain: the short answer when the quote states it, else the quote."""
    answer, quote = squash(str(q.get("answer") or "")), squash(q.get("quote") or "")
    return answer if answer and answer in quote else quote


RIGHT, DECLINED, WRONG_FIGURE, WRONG = "right", "declined", "wrong figure", "wrong"
# the values every part must show: several parts, and the table of a superlative or trend
_PART_TYPES = ("multi", "superlative")
_SHORT = 8  # a conclusion this short ("2021年", "鹤泉县") must stand in the answer as written
_DIRECTIONS = (("增加", "上升", "提高", "增长"), ("减少", "下降", "降低"))


def gold_values(q: dict) -> list[str]:
    """Every value a right answer shows (squashed): the gold value, each part's for a question of
    several parts or a superlative, and the conclusion."""
    values = [gold_value(q)]
    if q.get("type") in _PART_TYPES:
        values += [squash(p["answer"]) for p in q.get("parts") or []]
    conclusion = squash(q.get("conclusion") or "")
    if conclusion and len(conclusion) <= _SHORT:
        values.append(conclusion)
    return values


def same_direction(q: dict, said: str) -> bool:
    """For a trend whose gold conclusion is a sentence ("逐年增加（2021年4120人→…）"): the answer says
    the same direction (增加/上升 or 减少/下降)."""
    conclusion = squash(q.get("conclusion") or "")
    if len(conclusion) <= _SHORT:
        return True
    for words in _DIRECTIONS:
        if any(w in conclusion[:6] for w in words):
            return any(w in said for w in words)
    return True


def verdict(q: dict, a: Answer) -> str:
    """One of RIGHT, DECLINED, WRONG_FIGURE, WRONG (see the module's docstring)."""
    if not a.found:
        return DECLINED if q.get("doc") else RIGHT
    said = squash(a.answer)
    if q.get("doc") and all(v in said for v in gold_values(q)) and same_direction(q, said):
        return RIGHT
    return WRONG_FIGURE if states_figure(q, a) else WRONG


def states_figure(q: dict, a: Answer) -> bool:
    """Whether the answer states a figure that is not a gold one: in its own lines (not the quotes,
    which begin 《), or, for a question asking a figure that is answered by quotes alone, in the
    quotes. A gold figure stated where another part is missing is an incomplete answer, not a
    wrong figure."""
    gold = [f for v in [*gold_values(q), str(q.get("answer") or "")] for f in figures_in(v)]
    own = [line for line in a.answer.splitlines() if not line.startswith("《")]
    if own:
        # not the citation marks [1], nor what a line quotes “…”
        said = [re.sub(r"\[\d+\]|“[^”]*”", "", line) for line in own]
        stated = [f for line in said for f in figures_in(line)]
        return any(not any(f.same_value(g) for g in gold) for f in stated)
    asks_figure = q.get("doc") and figures_in(str(q.get("answer") or ""))
    return bool(asks_figure and figures_in(a.answer))


def is_right(q: dict, a: Answer) -> bool:
    return verdict(q, a) == RIGHT


Result = tuple[dict, Answer, str]


def run(answerer: Any, questions: list[dict]) -> tuple[list[Result], list[float]]:
    out, times = [], []
    for q in questions:
        t0 = time.perf_counter()
        a = answerer.answer(q["question"])
        times.append((time.perf_counter() - t0) * 1000)
        out.append((q, a, verdict(q, a)))
    return out, times


def shares(results: list[Result]) -> tuple[float, float]:
    """(answerable answered with the gold value, unanswerable declined), each a share of its group."""
    answerable = [v == RIGHT for q, _, v in results if q.get("doc")]
    none = [v == RIGHT for q, _, v in results if not q.get("doc")]
    return (
        sum(answerable) / len(answerable) if answerable else 0.0,
        sum(none) / len(none) if none else 0.0,
    )


def wrong_figure_rate(results: list[Result]) -> float:
    """Answers stating a figure that is not the gold, over all questions."""
    return sum(v == WRONG_FIGURE for *_, v in results) / (len(results) or 1)


GRID = {
    "min_score": (1.0, 1.05, 1.1),
    "min_similarity_unknown": (0.88, 0.9, 0.92),
    "other_report_ratio": (0.9, 0.95, 1.1),
}


def build_parser(settings: Any) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.answers", description=__doc__.split("\n\n")[0])
    add_corpus_options(p)
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


def print_figures(got: list[Result], times: list[float], failures: int) -> None:
    answered, declined = shares(got)
    caught = sum(1 for _, a, _ in got if a.warnings)
    if caught:
        from qa.llm import FALLBACK_NOTE

        fallback = [v == RIGHT for _, a, v in got if FALLBACK_NOTE in a.warnings]
        print(f"answers the grounding check corrected: {caught}")
        print(f"answers the model gave no cited answer to, shown from the reports: {len(fallback)}")
        print(
            f"  of them right: {sum(fallback)}; right answers the model's own: "
            f"{sum(1 for _, a, v in got if v == RIGHT and FALLBACK_NOTE not in a.warnings)}"
        )
    counts = {v: sum(1 for *_, x in got if x == v) for v in (DECLINED, WRONG_FIGURE, WRONG)}
    print(f"\nanswerable questions answered with the gold value: {answered:.3f}")
    print(f"unanswerable questions declined:                   {declined:.3f}")
    print(f"wrong-figure rate (all questions):                 {wrong_figure_rate(got):.3f}")
    print("misses: " + ", ".join(f"{v} {n}" for v, n in counts.items()))
    by_type: dict[str, list[bool]] = defaultdict(list)
    for q, _, v in got:
        by_type[q["type"]].append(v == RIGHT)
    print("per type: " + ", ".join(f"{t} {sum(v)}/{len(v)}" for t, v in sorted(by_type.items())))
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    print(f"latency per answer (ms): p50 {cuts[49]:.0f}, p95 {cuts[94]:.0f}")
    reasons = [(q, a) for q, a, v in got if not q.get("doc") and v == RIGHT]
    if reasons:
        print(f"\nunanswerable questions and the reason given ({len(reasons)}):")
        for q, a in reasons:
            print(f"  [{q['id']}] {q['question']}\n      {a.answer.split('已检索')[0][:150]!r}")
    misses = [(q, a, v) for q, a, v in got if v != RIGHT]
    print(f"\nmisses ({len(misses)}):")
    for q, wrong, v in misses[:failures]:
        want = " | ".join(x[:40] for x in gold_values(q)) if q.get("doc") else "(decline)"
        print(f"  [{q['id']} {q['type']}] {v}: {q['question']}  want: {want}")
        print(f"      got: {wrong.answer[:160]!r}")


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
