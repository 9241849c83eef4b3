"""Answers, outlines, summaries and comparisons from the command line.

python -m qa ask "两委交叉任职比例是多少" [--year 2016] [--issuer …] [--doc ID] [--backend …] [--json]
python -m qa ask --batch questions.jsonl       # lines of {"id", "question"}; one JSON line out each
python -m qa outline --doc ID [--json]
python -m qa summarize --doc ID [--section 六] [--sentences 6] [--json]
python -m qa compare "GDP增长目标" [--issuer 国务院] [--years 2013-2018] [--docs A,B] [--chart F.png] [--json]

--db, --json and --backend may stand before or after the subcommand.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from core.batch import answer_batch
from core.cli import add_common, chinese_argparse, settings_from
from core.errors import UserError
from core.types import LEVELS
from qa.service import PolicyQA, open_qa
from qa.types import Answer
from retriever.cli import add_filter_flags, filters_from_args, year_span
from retriever.query import Filters
from store import require_store


def build_parser() -> argparse.ArgumentParser:
    chinese_argparse()
    p = argparse.ArgumentParser(prog="python -m qa", description="问答、摘要和跨年份比较")
    add_common(p, backend=True)
    # named by its choices, so that a missing one says which ("缺少必需的参数：{ask,outline,…}")
    sub = p.add_subparsers(dest="command", required=True, metavar="{ask,outline,summarize,compare}")

    ask = sub.add_parser("ask", help="回答问题，并给出可核对的出处")
    ask.add_argument("question", nargs="?", help="问题，例如：两委交叉任职比例是多少")
    ask.add_argument("--batch", type=Path, help='JSONL 文件，每行 {"id", "question"}；每个问题输出一行 JSON')
    add_filter_flags(ask, "回答")

    outline = sub.add_parser("outline", help="列出一篇报告的章节结构")
    outline.add_argument("--doc", required=True, help="文档 ID（见 python -m ingest --list）")

    summ = sub.add_parser("summarize", help="摘要整篇报告或其中一节")
    summ.add_argument("--doc", required=True, help="文档 ID")
    summ.add_argument("--section", help="章节：序号（六、第六部分、6）或标题中的词（夯实基础）")
    summ.add_argument("--sentences", type=int, default=6, help="摘要句数（默认 6）")

    comp = sub.add_parser("compare", help="比较各报告中的同一指标，每个数值附原文")
    comp.add_argument("indicator", help="指标，例如：GDP增长目标、城镇新增就业目标")
    comp.add_argument("--issuer", help="发布机关，例如 国务院")
    comp.add_argument("--level", choices=LEVELS)
    comp.add_argument("--years", type=year_span, help="年份范围：2013-2018")
    comp.add_argument("--docs", help="文档 ID，逗号分隔")
    comp.add_argument("--chart", type=Path, help="把数值随年份的变化画成 PNG")
    for command in (ask, outline, summ, comp):
        add_common(command, backend=True, in_subcommand=True)
    return p


def answer_text(a: Answer) -> str:
    """An answer as the terminal shows it: the text, the filter, the numbered citations, warnings."""
    lines = [a.answer]
    if a.asked and a.asked != a.question:
        lines.insert(0, f"（按“{a.asked}”检索）")
    if a.filter:
        lines.append(f"筛选：{a.filter}")
    for c in a.citations:
        page = f"，第{c.page}页" if c.page else ""
        lines.append(f"[{c.n}] {c.label()}{page}  来源：{c.source}")
    for w in a.warnings:
        lines.append(f"注意：{w}")
    return "\n".join(lines)


def run_ask(qa: PolicyQA, args: argparse.Namespace) -> int:
    filters = filters_from_args(args)
    if args.batch:
        return answer_batch(args.batch, lambda row: qa.ask(row["question"], filters=filters).to_dict())
    if not args.question or not args.question.strip():
        print("问题为空：请给出问题，或用 --batch 指定问题文件", file=sys.stderr)
        return 2
    a = qa.ask(args.question, filters=filters)
    print(json.dumps(a.to_dict(), ensure_ascii=False, indent=1) if args.json else answer_text(a))
    return 0


def run_outline(qa: PolicyQA, args: argparse.Namespace) -> int:
    sections = qa.outline(args.doc)
    if args.json:
        rows = [s.to_dict() for s in sections]
        print(json.dumps({"doc_id": args.doc, "sections": rows}, ensure_ascii=False))
        return 0
    for s in sections:
        print("  " * (s.level - 1) + s.heading)
    return 0


def run_summarize(qa: PolicyQA, args: argparse.Namespace) -> int:
    summary = qa.summarize(args.doc, args.section, args.sentences)
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(f"《{summary.title or summary.doc_id}》" + (f" {summary.section}" if summary.section else ""))
    print(summary.summary)
    for c in summary.citations:
        print(f"[{c.n}] {c.label()}")
    for w in summary.warnings:
        print(f"注意：{w}")
    return 0


def run_compare(qa: PolicyQA, args: argparse.Namespace) -> int:
    filters = Filters(
        doc_ids=frozenset(d.strip() for d in args.docs.split(",") if d.strip()) if args.docs else None,
        issuer=args.issuer,
        level=args.level,
        year_from=args.years[0] if args.years else None,
        year_to=args.years[1] if args.years else None,
    )
    comparison = qa.compare(args.indicator, filters)
    if not comparison.rows:
        print(f"没有符合条件的报告（{filters.describe()}）", file=sys.stderr)
        return 2
    if args.chart:
        from qa.chart import chart

        chart(comparison, args.chart)
    if args.json:
        print(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=1))
        return 0
    print(comparison.markdown())
    if args.chart:
        print(f"\n图表：{args.chart}")
    return 0


COMMANDS: dict[str, Callable[[PolicyQA, argparse.Namespace], int]] = {
    "ask": run_ask,
    "outline": run_outline,
    "summarize": run_summarize,
    "compare": run_compare,
}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    settings = settings_from(args)
    try:
        require_store(settings)
        qa = open_qa(settings)
        if not qa.retriever.documents:
            print(
                f"知识库 {settings.db_dir} 中还没有文档。请先导入，例如：python -m ingest data/reports",
                file=sys.stderr,
            )
            return 2
        return COMMANDS[args.command](qa, args)
    except (UserError, ValueError) as e:
        print(str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
