"""Command line: python -m ingest PATH... | --list [--json] | --delete ID  [--db DIR]."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from core.cli import add_common, chinese_argparse, settings_from
from core.errors import UserError
from core.types import LEVEL_LABELS, LEVELS, ReportMeta
from ingest.near_duplicates import POLICIES
from ingest.pipeline import STATUS_LABELS, Ingestor
from store import ReportStore, open_store, require_store
from store.records import outdated_note

EPILOG = """示例：
  python -m ingest data/reports                 导入一个目录下的所有报告
  python -m ingest 报告.pdf --year 2016 --issuer 国务院   导入并指定元数据
  python -m ingest --list --json                列出已收录的文档
  python -m ingest --delete guowuyuan_2016      删除一篇文档"""


def _year(value: str) -> int:
    if not value.isdigit() or not 1900 <= int(value) <= 2100:
        raise argparse.ArgumentTypeError(f"年份应为 1900-2100 之间的整数，收到 '{value}'")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    chinese_argparse()
    p = argparse.ArgumentParser(
        prog="python -m ingest",
        description="把报告（txt/md/html/docx/pdf/扫描件）导入本地知识库。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="文件或目录")
    add_common(p)
    p.add_argument("--list", action="store_true", help="列出已收录的文档")
    p.add_argument("--delete", metavar="ID", nargs="+", help="按文档 ID 删除")
    p.add_argument("--doc-id", help="指定文档 ID（仅导入单个文件时）")
    p.add_argument("--title", help="覆盖检测到的标题")
    p.add_argument("--issuer", help="覆盖检测到的发文机关")
    p.add_argument("--year", type=_year, help="覆盖检测到的年份")
    p.add_argument("--level", choices=LEVELS, help="覆盖检测到的层级")
    p.add_argument("--type", dest="report_type", help="覆盖检测到的报告类型")
    p.add_argument(
        "--near-duplicates",
        choices=POLICIES,
        default="skip",
        help="与已收录报告内容相似（同一报告的另一种格式或网页版）时：skip 跳过（默认）、keep 同时保留、"
        "replace 替换已收录的",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    return p


LIST_HEADER = ("ID", "年份", "发布机关", "层级", "块数", "标题", "来源文件")


def print_listing(store: ReportStore, as_json: bool) -> None:
    """The stored documents, a header row then one tab-separated row each (or JSON)."""
    rows = [r.listing() for r in store.documents()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print("知识库为空。请先运行 python -m ingest data/reports")
        return
    print("\t".join(LIST_HEADER))
    for row in rows:
        level = str(row["level"] or "")
        cells = (
            row["id"],
            row["year"] or "?",
            row["issuer"] or "?",
            LEVEL_LABELS.get(level, level or "?"),
            row["chunks"],
            row["title"],
            Path(str(row["source"])).name,
        )
        print("\t".join(map(str, cells)))
    print(f"共 {len(rows)} 篇文档")


def run(args: argparse.Namespace) -> int:
    """Carry out the command line; the exit status."""
    settings = settings_from(args)
    db = settings.db_dir
    if args.list or args.delete:
        require_store(settings)
        store = open_store(settings, with_embedder=False)
        if args.delete:
            missing = [d for d in args.delete if not store.delete_document(d)]
            for d in missing:
                print(f"知识库中没有文档 {d}（可用 --list 查看）", file=sys.stderr)
            if deleted := len(args.delete) - len(missing):
                print(f"已删除 {deleted} 篇文档")
            return 2 if missing else 0  # no such report: the user's to fix (README)
        print_listing(store, args.json)
        if not args.json and (note := outdated_note(store.documents(), settings.chunk_vectors, str(db))):
            print(note, file=sys.stderr)
        return 0
    if args.doc_id and len(args.paths) != 1:
        print("--doc-id 只能在导入单个文件时使用", file=sys.stderr)
        return 2
    if not any(Path(p).exists() for p in args.paths):  # a mistyped path makes no store
        for p in args.paths:
            print(f"✗ 找不到文件或目录：{p}", file=sys.stderr)
        return 2
    store = open_store(settings)
    override = ReportMeta(
        title=args.title, issuer=args.issuer, year=args.year, level=args.level, report_type=args.report_type
    )
    show = not args.quiet and sys.stderr.isatty()
    report = Ingestor.from_settings(store, settings).ingest(
        args.paths, override, args.doc_id, progress=show, near_duplicates=args.near_duplicates
    )
    for r in report.results:
        if r.status == "failed":
            print(f"✗ {r.path}：{r.message}")
        elif r.status == "duplicate":
            print(f"= {r.path}：{r.message}")
        elif not args.quiet or r.message:
            print(
                f"✓ {r.doc_id}（{STATUS_LABELS.get(r.status, r.status)}，{r.chunks} 块）← {r.path}"
                + (f"\n  注意：{r.message}" if r.message else "")
            )
    print(report.summary() + f" 知识库：{db}，共 {len(store.documents())} 篇文档，{store.count_chunks()} 块")
    if note := outdated_note(store.documents(), settings.chunk_vectors, str(db)):
        print(note)
    return 1 if report.failed else 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.paths and not args.list and not args.delete:
        parser.print_usage(sys.stderr)
        print("请给出要导入的文件或目录，或使用 --list / --delete", file=sys.stderr)
        return 2
    try:
        return run(args)
    except UserError as e:
        print(str(e), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。已完成的文档已保存，未完成的不会留下残缺数据", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
