"""Check a question file: python -m bench.questions.check bench/questions/dev.jsonl [--root DIR]

Every answerable question must name a document and quote it exactly (after width and whitespace
normalisation) from the document's cleaned text, and its answer must stand in the quote; the
unanswerable ones (type "none") name no document. Prints the counts per type.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from ingest.prepare import iter_input_files, prepare_report
from text.width import normalize_width

TYPES = (
    *("number", "term", "yesno", "section", "year", "paraphrase", "none"),
    # the facts set (bench/questions/facts.jsonl)
    *("plan_actual", "rate_amount", "place", "superlative", "multi", "noyear", "phrase"),
)
REPO = Path(__file__).resolve().parents[2]


def squash(text: str) -> str:
    return normalize_width("".join(text.split()))


def doc_texts(roots: list[Path]) -> dict[str, str]:
    """doc_id (the file's stem, as ingest names it) -> squashed cleaned text."""
    return {f.stem: squash(prepare_report(f).text) for f in iter_input_files(roots)}


def check(rows: list[dict], texts: dict[str, str]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for r in rows:
        rid = r.get("id", "?")
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        if r.get("type") not in TYPES:
            problems.append(f"{rid}: type {r.get('type')!r} not in {TYPES}")
        if not r.get("question"):
            problems.append(f"{rid}: no question")
        if r.get("type") == "none":
            if r.get("doc"):
                problems.append(f"{rid}: an unanswerable question names no document")
            continue
        doc = r.get("doc")
        if doc not in texts:
            problems.append(f"{rid}: unknown doc {doc!r}")
            continue
        quote = squash(r.get("quote", ""))
        if not quote or quote not in texts[doc]:
            problems.append(f"{rid}: quote not found in {doc}: {r.get('quote')!r}")
        answer = squash(str(r.get("answer", "")))
        if r.get("type") in ("number", "year") and answer not in quote:
            problems.append(f"{rid}: answer {r.get('answer')!r} not in its quote")
        for part in r.get("parts") or []:
            if squash(part["answer"]) not in squash(part["quote"]):
                problems.append(f"{rid}: part answer {part['answer']!r} not in its quote")
            elif squash(part["quote"]) not in texts.get(part["doc"], ""):
                problems.append(f"{rid}: part quote not found in {part['doc']}: {part['quote']!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--root", type=Path, action="append", help="report folders (default data/reports)")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = doc_texts(args.root or [REPO / "data" / "reports"])
    problems = check(rows, texts)
    for p in problems:
        print(p)
    print(dict(Counter(r.get("type") for r in rows)), f"total {len(rows)}, problems {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
