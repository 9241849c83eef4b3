"""Questions naming a report by its year: python -m bench.report_year [--questions FILE]

"2013年政府工作报告中的城镇化率是多少" asks what the 2013 report states (2012's 52.6%), not a figure
of 2013. The 43 questions of bench/questions/report_year.jsonl were written by a helper who read
only the 2013-2018 reports (data/reports), never the code: 33 with the figure or figures the named
report states ("either": a result and a target, when the question says neither), 10 whose named
report states no figure of what is asked. An answer is right when its first line holds an expected
figure and it cites the named report; declined when it finds nothing; otherwise wrong."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.machine import describe_machine
from bench.retrieval import bench_store
from core.settings import get_settings
from qa.extractive import ExtractiveAnswerer
from retriever.hybrid import HybridRetriever
from text.width import normalize_width

QUESTIONS = Path(__file__).with_name("questions") / "report_year.jsonl"


def judge(question: dict, found: bool, first_line: str, cited: set[str]) -> str:
    """right, declined or wrong for an answerable question; right or wrong for one to decline."""
    if question["kind"] == "decline":
        return "right" if not found else "wrong"
    if not found:
        return "declined"
    expected = [normalize_width(e) for e in question["expected"]]
    named = not cited or question["report"] in cited
    return "right" if named and any(e in normalize_width(first_line) for e in expected) else "wrong"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.report_year", description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=Path, default=QUESTIONS)
    args = p.parse_args(argv)
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line]
    store, _ = bench_store([get_settings().samples_dir.resolve()])
    answerer = ExtractiveAnswerer(HybridRetriever(store))
    print(
        f"machine: {describe_machine()}\nquestions: {args.questions}; reports: {get_settings().samples_dir}"
    )
    tally: dict[tuple[bool, str], int] = {}
    for q in questions:
        got = answerer.answer(q["question"])
        first = got.answer.split("\n")[0]
        verdict = judge(q, got.found, first, {c.doc_id for c in got.citations})
        key = (q["kind"] == "decline", verdict)
        tally[key] = tally.get(key, 0) + 1
        if verdict != "right":
            print(f"  {q['id']} {verdict}: {q['question']} (want {q['expected'] or '拒答'}) -> {first[:90]}")
    answerable = sum(n for (decline, _), n in tally.items() if not decline)
    to_decline = sum(n for (decline, _), n in tally.items() if decline)
    print(
        f"answerable {answerable}: right {tally.get((False, 'right'), 0)}, declined "
        f"{tally.get((False, 'declined'), 0)}, wrong {tally.get((False, 'wrong'), 0)}; "
        f"to decline {to_decline}: declined {tally.get((True, 'right'), 0)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
