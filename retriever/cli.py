"""Filter flags shared by the command lines that search (python -m retriever, python -m qa ask)."""

from __future__ import annotations

import argparse
import re

from core.types import LEVELS
from retriever.query import Filters


def year_span(text: str) -> tuple[int, int]:
    """An argparse type: "2016" -> (2016, 2016), "2013-2018" (or 2013到2018) -> (2013, 2018)."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–~至到]\s*(\d{4}))?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"年份应写作 2016 或 2013-2018，收到：{text}")
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return min(lo, hi), max(lo, hi)


def add_filter_flags(p: argparse.ArgumentParser, what: str = "检索") -> None:
    """--year, --doc (repeatable), --issuer, --level."""
    p.add_argument("--year", type=year_span, help=f"只在这些年份的报告中{what}：2016 或 2013-2018")
    p.add_argument("--doc", action="append", help=f"只在这篇文档中{what}（可重复）")
    p.add_argument("--issuer", help="只看该机关发布的报告，例如 国务院")
    p.add_argument("--level", choices=LEVELS, help="只看该层级的报告")


def filters_from_args(args: argparse.Namespace) -> Filters:
    """--doc, --issuer, --level, --year as a Filters."""
    return Filters(
        doc_ids=frozenset(args.doc) if args.doc else None,
        issuer=args.issuer,
        level=args.level,
        year_from=args.year[0] if args.year else None,
        year_to=args.year[1] if args.year else None,
    )
