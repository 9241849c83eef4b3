"""Paragraphs that a conversion ran together, parted again.

Two kinds of input lose their paragraph breaks:
- scraped corpora and some converters join a whole report on one line, paragraphs parted only by
  spaces ("…请予审议。 一、2023年工作回顾 过去一年，…");
- OCR and converted text run a section's numbered parts into one paragraph
  ("…增长5.1%.（一）产业发展提质增效.粮食…").
The wording is never changed: a block is only cut, at a space (which cleaning would drop anyway)
or just before a part number that follows a sentence end.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from core.types import Block
from text.sentences import SENTENCE_END

_CN = "一二三四五六七八九十"
# The start of a numbered part or a dateline.
_PART_START = re.compile(
    rf"^(?:[（(][{_CN}]{{1,3}}[）)]|[{_CN}]{{1,3}}[、．.]|第[{_CN}\d]{{1,3}}[编篇章节部条]|\d{{1,2}}[、．.](?!\d)|——)"
)
# A part number right after a sentence end, inside a paragraph: where a run-together section parts.
# A semicolon parts the items of a list, not sections.
_INLINE_PART = re.compile(
    rf"(?<=[。！？.．!?])(?=[（(][{_CN}]{{1,3}}[）)]|[{_CN}]{{1,3}}、|第[{_CN}]{{1,3}}[章节])"
)
# A list opened inside a sentence ("需提交以下材料：（一）…。（二）…"): its items stay in the paragraph.
_INLINE_LIST = re.compile(r"[：:](?=[（(]一[）)]|一、)")
_GAP = re.compile(r"[ \t\u3000\u00a0]+")
_CLOSED = re.compile(rf"(?:{SENTENCE_END.pattern}|[：:])[”’」』）)]*$")
# A line this long with at least this many sentence ends followed by a space is joined paragraphs.
_JOINED_MIN_CHARS = 150
# A front-matter line before the first sentence: a title (…报告, …汇报), an issuer (…人民政府,
# …委员会) or a dateline.
_FRONT_LINE = re.compile(
    r"(报告|汇报|总结|讲话|意见|方案|通知|公告|规划|纲要|要点|情况|计划)$"
    r"|(人民政府|委员会|政府|党委|党组|办公室|办公厅|[局厅委部])$|^——"
)
_JOINED_MIN_GAPS = 2


def _joined(text: str) -> bool:
    gaps = sum(1 for m in _GAP.finditer(text) if _CLOSED.search(text, 0, m.start()))
    return len(text) >= _JOINED_MIN_CHARS and gaps >= _JOINED_MIN_GAPS


def split_joined(text: str) -> list[str]:
    """A line of space-joined paragraphs cut at the spaces that part paragraphs: after a sentence
    end or a colon, before a part number or a dateline, after a heading line, and after a title,
    issuer or dateline line before the first sentence. A space inside a sentence stays.
    A line that is not joined paragraphs comes back whole."""
    if not _joined(text):
        return [text]
    pieces: list[str] = []
    start = 0
    for m in _GAP.finditer(text):
        piece, after = text[start : m.start()], text[m.end() :]
        if not piece or not after:
            continue
        front_line = bool(_FRONT_LINE.search(piece)) and not any(
            SENTENCE_END.search(p) for p in [*pieces, piece]
        )
        heading_line = bool(_PART_START.match(piece)) and not SENTENCE_END.search(piece)
        if _CLOSED.search(piece) or _PART_START.match(after) or heading_line or front_line:
            pieces.append(piece)
            start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def split_inline_parts(text: str) -> list[str]:
    """A paragraph cut before each Chinese part number that follows a sentence end: the run-together
    parts of a section ("…5.1%.（一）产业发展提质增效.…（二）…"). The items of a list opened
    after a colon ("以下材料：（一）…。（二）…") are not parts."""
    opened = _INLINE_LIST.search(text)
    listed = opened.end() if opened else len(text)
    style = text[listed : listed + 1] in "（("
    cuts = [
        0,
        *(
            m.start()
            for m in _INLINE_PART.finditer(text)
            if m.start() < listed or (text[m.start()] in "（(") != style
        ),
        len(text),
    ]
    return [text[a:b] for a, b in itertools.pairwise(cuts) if text[a:b]]


def break_offsets(block: Block) -> list[tuple[int, int]]:
    """(offset in the block's text, page) of each page break the block holds, found by the text
    the new page starts with (cleaning may have changed the spaces before it)."""
    out, pos = [], 0
    for snippet, page in block.page_breaks:
        i = block.text.find(snippet, pos) if snippet else -1
        if i >= 0:
            out.append((i, page))
            pos = i
    return out


def _parts(block: Block, pieces: list[str]) -> list[Block]:
    """The pieces of a block as blocks, each on the page where it starts, keeping its own breaks."""
    breaks = break_offsets(block)
    out, pos = [], 0
    for n, piece in enumerate(pieces):
        start = block.text.find(piece, pos)
        end = start + len(piece)
        pos = end
        page = block.page
        for offset, p in breaks:
            if offset <= start:
                page = p
        own = tuple((block.text[o : o + 12], p) for o, p in breaks if start < o < end)
        level = block.heading_level if n == 0 else None
        out.append(replace(block, text=piece, page=page, heading_level=level, page_breaks=own))
    return out


def split_paragraphs(blocks: list[Block]) -> list[Block]:
    """Blocks with joined paragraphs and run-together parts parted; table rows stay whole."""
    out: list[Block] = []
    for block in blocks:
        if block.kind != "paragraph":
            out.append(block)
            continue
        pieces = [part for piece in split_joined(block.text) for part in split_inline_parts(piece)]
        out += [block] if len(pieces) == 1 else _parts(block, pieces)
    return out
