"""The official-document outline: which paragraphs open a section, and the section path of each.

Chinese official documents number their parts in a fixed order (GB/T 9704): 一、 > （一） > 1. > （1）,
with 第X章 / 第X节 / 第X条 in rules and plans. A heading is often the lead sentence of a long
paragraph ("（一）加强和改善宏观调控，…。我们实施…"), so the heading text is that lead phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text.width import IDEOGRAPHS, normalize_width

_CN_NUM = "一二三四五六七八九十百零〇两"
# (rank, pattern) in outline order; a smaller rank is a higher level.
_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{_CN_NUM}\d]+(编|篇|部分)")),
    (2, re.compile(rf"^第[{_CN_NUM}\d]+章")),
    (3, re.compile(rf"^第[{_CN_NUM}\d]+节")),
    (4, re.compile(rf"^[{_CN_NUM}]+\s*[、.．]")),
    (5, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),
    (5, re.compile(rf"^第[{_CN_NUM}]+[，,、]")),  # 第一，全国动员，大办农业。
    (6, re.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
    (7, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    (8, re.compile(rf"^第[{_CN_NUM}\d]+条")),
    (9, re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]")),
]
# Headings given by a structured format (docx/html heading styles) rank above all numbered ones.
_HINT_RANK = 0
# An unnumbered heading line, as in older reports ("国际形势和我国对外政策"): short, no punctuation,
# past the title block, and followed by prose.
_BARE_HEADING = re.compile(f"^[{IDEOGRAPHS}0-9０-９“”《》·]{{4,24}}$")
_TITLE_ZONE = 4
_LEAD_END = re.compile(r"[。！？；：:]")
_MAX_HEADING = 48


@dataclass(frozen=True)
class Heading:
    """A paragraph that opens a section: its rank in the outline and the text shown in paths."""

    rank: int
    text: str
    marker: str


def heading_rank(paragraph: str) -> tuple[int, str] | None:
    """(rank, marker) when the paragraph starts with an outline number, else None."""
    norm = normalize_width(paragraph)
    for rank, pattern in _MARKERS:
        m = pattern.match(norm)
        if m:
            return rank, paragraph[: m.end()]
    return None


def heading_text(paragraph: str) -> str:
    """The heading as shown in a section path: a short paragraph whole, else its lead phrase."""
    m = _LEAD_END.search(paragraph)
    lead = paragraph[: m.start()] if m else paragraph
    if len(lead) > _MAX_HEADING:
        lead = lead[: _MAX_HEADING - 1] + "…"
    return lead


def detect_heading(paragraph: str, hint_level: int | None = None) -> Heading | None:
    """The heading a paragraph opens, from its outline number or a format's heading style."""
    found = heading_rank(paragraph)
    if found:
        rank, marker = found
        return Heading(rank, heading_text(paragraph), marker)
    # A styled heading without a number (docx "Heading 2": 名词解释). Level 1 is the title.
    if hint_level is not None and hint_level >= 2 and len(paragraph) <= _MAX_HEADING:
        return Heading(_HINT_RANK, paragraph, "")
    return None


def _is_bare_heading(paragraphs: list[str], i: int) -> bool:
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
    return i >= _TITLE_ZONE and bool(_BARE_HEADING.match(paragraphs[i])) and len(nxt) > 60


def section_paths(paragraphs: list[str], hints: list[int | None] | None = None) -> list[tuple[str, ...]]:
    """The section path in force at each paragraph (a heading paragraph is inside its own section)."""
    hints = hints or [None] * len(paragraphs)
    stack: list[Heading] = []
    paths: list[tuple[str, ...]] = []
    for i, (paragraph, hint) in enumerate(zip(paragraphs, hints, strict=True)):
        heading = detect_heading(paragraph, hint)
        if heading is None and _is_bare_heading(paragraphs, i):
            heading = Heading(_HINT_RANK, paragraph, "")
        if heading:
            while stack and stack[-1].rank >= heading.rank:
                stack.pop()
            stack.append(heading)
        paths.append(tuple(h.text for h in stack))
    return paths
