"""What every command line shares: the common flags (--db, --json, --backend), accepted before or
after a subcommand, and settings with the flags applied."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.settings import Settings, get_settings

BACKEND_CHOICES = ("extractive", "openai")


def add_common(parser: argparse.ArgumentParser, backend: bool = False, in_subcommand: bool = False) -> None:
    """Add --db and --json (and --backend) to a parser. In a subcommand their default is left unset
    (SUPPRESS), so a flag given before the subcommand is not overwritten by the subcommand's
    default: `python -m qa --db D ask …` and `python -m qa ask … --db D` mean the same."""
    keep = {"default": argparse.SUPPRESS} if in_subcommand else {}
    parser.add_argument("--db", type=Path, help="知识库目录（默认取 POLICYQA_DB_DIR）", **keep)
    parser.add_argument("--json", action="store_true", help="以 JSON 输出", **keep)
    if backend:
        parser.add_argument(
            "--backend",
            choices=BACKEND_CHOICES,
            help="回答方式：extractive（默认，无需模型）或 openai（OpenAI 兼容接口）",
            **keep,
        )


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings with the common flags applied (--db, --backend)."""
    update = {"db_dir": getattr(args, "db", None), "backend": getattr(args, "backend", None)}
    return get_settings().model_copy(update={k: v for k, v in update.items() if v is not None})
