"""What every command line shares: the common flags (--db, --json, --backend), accepted before or
after a subcommand, settings with the flags applied, and argparse's own words in Chinese."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.settings import Settings, get_settings

BACKEND_CHOICES = ("extractive", "openai")

# argparse's own words (the help's headings, its error lines), as argparse looks each one up through
# gettext when it writes it; Python ships no Chinese catalogue for them
_ARGPARSE_WORDS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
}


def chinese_argparse() -> None:
    """Make argparse write its own words in Chinese ("用法：", "选项", "显示本帮助并退出", its error
    lines): argparse translates them through gettext, looked up when written, so call this before
    a parser is built (the headings are taken then). Words not listed stay as argparse has them."""
    setattr(argparse, "_", lambda message: _ARGPARSE_WORDS.get(message, message))  # noqa: B010
    argparse.ngettext = lambda one, many, n: (
        "需要 %s 个值" if one == "expected %s argument" else one if n == 1 else many
    )


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
