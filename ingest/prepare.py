"""A file read, cleaned and outlined, ready to be split: the first half of ingest, which needs no
store. Also the files a path names, and a file's identity by its bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.types import Block
from ingest.clean import clean_blocks
from ingest.errors import IngestError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.outline import section_paths
from ingest.paragraphs import break_offsets
from ingest.split import paragraph_offsets
from store.ids import content_hash


@dataclass
class PreparedReport:
    """A file read, cleaned and outlined, ready to be split."""

    paragraphs: list[str]
    paths: list[tuple[str, ...]]
    pages: list[int | None]
    page_map: tuple[tuple[int, int], ...]
    text: str
    content_sha256: str
    format: str
    page_count: int | None
    warnings: tuple[str, ...] = ()


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in blocks so large files stay out of memory."""
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    except OSError as e:
        raise IngestError(f"无法读取文件：{path}（{e.strerror or e}）。请检查路径和读取权限") from e
    return h.hexdigest()


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and the supported files under the folders named, in a stable order."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                hidden = any(part.startswith(".") for part in f.relative_to(p).parts)
                if f.is_file() and not hidden and f.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield f
        else:
            yield p  # missing or unsupported files are reported by the loader


def prepare_report(path: Path) -> PreparedReport:
    """Load and clean a file and find its outline."""
    loaded = load_file(path)
    blocks = clean_blocks(loaded.blocks)
    if not blocks:
        raise IngestError(f"文件中没有可用的正文：{path.name}。请确认文件内容是报告正文")
    paragraphs = [b.text for b in blocks]
    text = "\n".join(paragraphs)
    return PreparedReport(
        paragraphs=paragraphs,
        paths=section_paths(paragraphs, [b.heading_level for b in blocks], [b.kind for b in blocks]),
        pages=[b.page for b in blocks],
        page_map=page_map(blocks),
        text=text,
        content_sha256=content_hash(text),
        format=loaded.format,
        page_count=loaded.pages,
        warnings=loaded.warnings,
    )


def page_map(blocks: list[Block]) -> tuple[tuple[int, int], ...]:
    """(offset into the document text, page) at every page start: each paragraph's own page, and
    the page breaks inside a paragraph that runs on (a quote is cited on the page it stands on)."""
    starts: list[tuple[int, int]] = []
    for block, offset in zip(blocks, paragraph_offsets([b.text for b in blocks]), strict=True):
        found = [(offset, block.page)] if block.page is not None else []
        found += [(offset + o, p) for o, p in break_offsets(block)]
        for o, p in found:
            if not starts or starts[-1][1] != p:
                starts.append((o, p))
    return tuple(starts)
