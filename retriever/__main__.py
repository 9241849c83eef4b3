"""Search the knowledge base from the command line.

python -m retriever "两委交叉任职比例是多少" [--k 5] [--year 2016 | --year 2013-2018] [--json]
python -m retriever --batch questions.jsonl      # lines of {"id", "question"}; one JSON line out each
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from core.batch import answer_batch
from core.cli import add_common, chinese_argparse, settings_from
from core.errors import UserError
from retriever import open_retriever
from retriever.cli import add_filter_flags, filters_from_args
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters
from store import require_store


def build_parser() -> argparse.ArgumentParser:
    chinese_argparse()
    p = argparse.ArgumentParser(prog="python -m retriever", description="在知识库中检索与问题最相关的段落")
    p.add_argument("question", nargs="?", help="问题，例如：两委交叉任职比例是多少")
    p.add_argument("--k", type=int, default=5, help="返回的段落数（默认 5）")
    add_filter_flags(p)
    p.add_argument("--no-question-years", action="store_true", help="不把问题中的年份当作筛选条件")
    p.add_argument("--no-rerank", action="store_true", help="不使用重排序模型")
    add_common(p)
    p.add_argument("--batch", type=Path, help='JSONL 文件，每行 {"id", "question"}；每个问题输出一行 JSON')
    return p


def hit_rows(result: SearchResult) -> list[dict[str, Any]]:
    rows = []
    for h in result.hits:
        meta = result.documents[h.chunk.doc_id].meta
        rows.append(
            {
                "doc_id": h.chunk.doc_id,
                "title": meta.title,
                "year": meta.year,
                "section": h.chunk.section,
                "page": h.chunk.page,
                "char_start": h.chunk.char_start,
                "char_end": h.chunk.char_end,
                "score": round(h.score, 6),
                "found_by": list(h.sources),
                "text": h.chunk.text,
            }
        )
    return rows


def print_result(result: SearchResult) -> None:
    if result.applied():
        print(f"筛选：{result.applied()}")
    if not result.hits:
        print("没有找到相关段落。")
    for rank, row in enumerate(hit_rows(result), 1):
        where = f"{row['title']}（{row['year'] or '年份未知'}）"
        page = f" 第{row['page']}页" if row["page"] else ""
        print(f"\n[{rank}] {row['score']:.4f}  {where}{page}  {row['doc_id']}")
        if row["section"]:
            print(f"    章节：{row['section']}")
        print(f"    {row['text']}")


def run_batch(
    retriever: HybridRetriever, path: Path, k: int, filters: Filters, use_years: bool, rerank: bool
) -> int:
    def handle(row: dict[str, Any]) -> dict[str, Any]:
        result = retriever.search(
            row["question"], k=k, filters=filters, use_question_years=use_years, rerank=rerank
        )
        return {"filter": result.applied(), "hits": hit_rows(result)}

    return answer_batch(path, handle)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.question and not args.batch:
        parser.print_usage(sys.stderr)
        print("问题为空：请给出问题，或用 --batch 指定问题文件", file=sys.stderr)
        return 2
    if args.k < 1:
        print("--k 至少为 1", file=sys.stderr)
        return 2
    filters = filters_from_args(args)
    settings = settings_from(args)
    db = settings.db_dir
    try:
        require_store(settings)
        retriever = open_retriever(settings, with_reranker=not args.no_rerank)
    except UserError as e:
        print(str(e), file=sys.stderr)
        return 2
    if not retriever.documents:
        print(f"知识库 {db} 中还没有文档。请先导入，例如：python -m ingest data/reports", file=sys.stderr)
        return 2
    use_years, rerank = not args.no_question_years, not args.no_rerank
    if args.batch:
        return run_batch(retriever, args.batch, args.k, filters, use_years, rerank)
    result = retriever.search(
        args.question, k=args.k, filters=filters, use_question_years=use_years, rerank=rerank
    )
    if args.json:
        print(
            json.dumps(
                {"question": args.question, "filter": result.applied(), "hits": hit_rows(result)},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
