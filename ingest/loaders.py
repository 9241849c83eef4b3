"""Reading report files into paragraph blocks: the one entry point, load_file, picks the reader by extension.

Loaders read faithfully and only repair layout (line breaks inside paragraphs, indentation);
removing web chrome, duplicates and stray spaces is ingest.clean's job.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from core.errors import os_reason
from core.types import LoadedFile
from ingest.errors import EmptyFileError, UnreadableFileError, UnsupportedFormatError
from ingest.load_docx import load_docx
from ingest.load_html import load_html
from ingest.load_pdf import load_pdf
from ingest.load_text import load_text
from ingest.ocr import load_image

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[bytes, str], LoadedFile]] = {
    ".txt": load_text,
    ".md": lambda data, name: load_text(data, name, markdown=True),
    ".html": load_html,
    ".htm": load_html,
    ".docx": load_docx,
    ".pdf": load_pdf,
    ".png": load_image,
    ".jpg": load_image,
    ".jpeg": load_image,
    ".tif": load_image,
    ".tiff": load_image,
    ".bmp": load_image,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        fix = {
            FileNotFoundError: "请检查路径是否正确",
            IsADirectoryError: "请指定文件，或导入整个文件夹",
            PermissionError: "请检查文件权限",
        }.get(type(e), "请检查文件是否可以打开")
        raise UnreadableFileError(f"无法读取文件：{path}（{os_reason(e)}）。{fix}") from e


def load_file(path: str | Path) -> LoadedFile:
    """The blocks of one report file, in reading order; raises IngestError for a file the user must fix."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        supported = " ".join(_READERS)
        raise UnsupportedFormatError(
            f"不支持的文件类型 {suffix or '（无扩展名）'}：{path.name}（支持：{supported}）。"
            "请另存为支持的格式后再导入"
        )
    data = _read_bytes(path)
    if not data:
        raise EmptyFileError(f"文件为空：{path.name}。文件大小为 0 字节，请确认文件已完整保存或下载")
    loaded = reader(data, path.name)
    log.debug("%s: %d blocks (%s)", path.name, len(loaded.blocks), loaded.format)
    return loaded
