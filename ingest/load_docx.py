"""Word .docx files: one block per paragraph in body order, with Word's automatic numbering as the
reader sees it (ingest/docx_numbering.py); heading styles as levels (the Title style as the
document's own title); each table row as one block with its column headers (ingest/tables.py)."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from core.types import Block, LoadedFile
from ingest.docx_numbering import Numbering
from ingest.errors import CorruptFileError, EmptyFileError
from ingest.tables import table_blocks

log = logging.getLogger(__name__)

# "Heading 2" in English Word and LibreOffice, "标题 2" in Chinese Word/WPS.
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
_BODY_LEVEL = 9  # w:outlineLvl 9 means body text
TITLE_LEVEL = 0  # the document's own title (the Title style)


def _outline_level(p: Paragraph) -> int | None:
    """Heading level from the paragraph's outline level, set directly or by its style chain."""
    pprs = [p._p.pPr]
    style = p.style
    while style is not None:
        pprs.append(style.element.pPr)
        style = style.base_style
    for ppr in pprs:
        lvl = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if lvl is not None:
            val = int(lvl.get(qn("w:val"), _BODY_LEVEL))
            return val + 1 if val < _BODY_LEVEL else None
    return None


def _heading_level(p: Paragraph) -> int | None:
    name = p.style.name if p.style is not None else ""
    m = _HEADING_STYLE.match(name or "")
    if m:
        return int(m.group(1))
    if name in ("Title", "标题"):
        return TITLE_LEVEL
    return _outline_level(p)


def _table_rows(table: Table) -> list[list[str]]:
    """The table's rows as cell texts; a cell merged across columns counts once in its row."""
    rows = []
    for row in table.rows:
        seen: set[object] = set()  # the <w:tc> elements themselves: lxml keeps one proxy each
        cells = []
        for cell in row.cells:
            if cell._tc not in seen:
                seen.add(cell._tc)
                cells.append(cell.text)
        rows.append(cells)
    return rows


def _blocks(doc: DocxDocument) -> Iterator[Block]:
    numbering = Numbering.of(doc)
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            yield from table_blocks(_table_rows(item))
            continue
        level = _heading_level(item)
        label = numbering.label(item)
        # A soft line break (Shift+Enter) separates paragraphs in text pasted from the web.
        lines = [line.strip() for line in item.text.splitlines() if line.strip()]
        for n, line in enumerate(lines):
            yield Block(label + line if n == 0 else line, heading_level=level)


def load_docx(data: bytes, name: str) -> LoadedFile:
    """Blocks of a .docx file; a damaged or old-format (.doc) file raises CorruptFileError."""
    try:
        blocks = list(_blocks(Document(io.BytesIO(data))))
    except Exception as e:  # python-docx raises zip, XML and KeyError alike for a bad package
        log.debug("cannot read %s as docx", name, exc_info=True)
        hint = "如果是旧版 .doc 或加密的文档，请用 Word/WPS 另存为不加密的 .docx 后再导入"
        if not data.startswith(b"PK"):
            raise CorruptFileError(f"不是有效的 .docx 文件：{name}。{hint}") from e
        raise CorruptFileError(f"Word 文件损坏或不完整：{name}。请重新下载或用 Word/WPS 另存后再导入") from e
    if not blocks:
        raise EmptyFileError(f"文件为空：{name}。Word 文件里没有文字，请确认选对了文件")
    return LoadedFile(blocks, "docx")
