"""Plain text and Markdown: one block per non-empty line, Markdown '#' headings as heading levels."""

from __future__ import annotations

import re

from core.types import Block, LoadedFile
from ingest.encoding import decode_bytes
from ingest.errors import EmptyFileError

# ATX headings; Chinese writers often leave out the space after the marks ("##二、…").
_MD_HEADING = re.compile(r"^(#{1,6})(?!#)\s*(.*?)(?:\s+#+)?\s*$")
# Paragraph indentation: spaces, tabs, ideographic and no-break spaces.
_INDENT = " \t\u3000\u00a0"


def text_lines(text: str) -> list[str]:
    """The non-empty lines of `text`, trailing whitespace and leading indentation removed."""
    lines = (line.rstrip().lstrip(_INDENT) for line in text.splitlines())
    return [line for line in lines if line]


def load_text(data: bytes, name: str, markdown: bool = False) -> LoadedFile:
    """Blocks of a .txt or .md file, read with the encoding its bytes show."""
    decoded = decode_bytes(data, name)
    text, encoding = decoded.text, decoded.encoding
    lines = text_lines(text)
    if not lines:
        raise EmptyFileError(f"文件为空：{name}。文件里只有空白，请确认选对了文件")
    blocks: list[Block] = []
    for line in lines:
        m = _MD_HEADING.match(line) if markdown else None
        if m is None:
            blocks.append(Block(line))
        elif m.group(2):
            blocks.append(Block(m.group(2), heading_level=len(m.group(1))))
    if not blocks:
        raise EmptyFileError(f"文件为空：{name}。文件里没有正文，请确认选对了文件")
    notes = (decoded.warning(name),) if decoded.cut else ()
    return LoadedFile(blocks, "md" if markdown else "txt", encoding=encoding, warnings=notes)
