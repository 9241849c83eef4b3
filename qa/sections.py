"""A report's outline and the lookup of one of its sections.

The outline is the section tree ingest found (一、/（一）/1./第X章…). A section is chosen by its
number ("六", "第六部分", "6") or by words of its heading ("夯实基础").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from core.types import Chunk
from store import ReportStore, StoreError
from text.tokens import tokenize
from text.width import normalize_width

_CN_DIGITS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    chunks: int
    char_start: int

    @property
    def heading(self) -> str:
        return self.path[-1]

    @property
    def level(self) -> int:
        return len(self.path)

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "level": self.level, "path": list(self.path), "chunks": self.chunks}


class SectionNotFound(StoreError):
    pass


def outline(store: ReportStore, doc_id: str) -> list[Section]:
    """Every section of a stored report, in document order."""
    if store.get_document(doc_id) is None:
        raise StoreError(f"知识库中没有文档 {doc_id}。可用 python -m ingest --list 查看已收录的文档")
    return sections_of(store.chunks_of(doc_id))


def sections_of(chunks: list[Chunk]) -> list[Section]:
    """The sections of a report's chunks (in order), each with its chunk count and first offset."""
    seen: dict[tuple[str, ...], list[Chunk]] = {}
    for c in chunks:
        for depth in range(1, len(c.section_path) + 1):
            seen.setdefault(c.section_path[:depth], []).append(c)
    return [Section(p, len(cs), cs[0].char_start) for p, cs in seen.items()]


def _to_chinese(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")


def find_section(sections: list[Section], wanted: str) -> Section:
    """A section by number ("六", "第六部分", "6", "（二）") or by words of its heading."""
    text = normalize_width(wanted).strip()
    m = re.fullmatch(r"第?\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:部分|章|节|条|、)?", text)
    if m:
        number = m.group(1)
        numeral = _to_chinese(int(number)) if number.isdigit() else number
        for s in sections:
            head = normalize_width(s.heading)
            if s.level == 1 and (head.startswith(numeral + "、") or head.startswith(f"第{numeral}")):
                return s
    matches = [s for s in sections if text in normalize_width(s.heading)]
    if not matches:
        # words of the heading, in any order
        words = [w for w in tokenize(text) if len(w) >= 2]
        scored = [(sum(w in s.heading for w in words), -s.level, s) for s in sections]
        scored = [x for x in scored if x[0] and x[0] >= max(1, len(words) // 2)]
        if scored:
            return max(scored, key=lambda x: (x[0], x[1]))[2]
        heads = "、".join(s.heading[:12] for s in sections if s.level == 1)
        raise SectionNotFound(f"找不到章节“{wanted}”。这篇报告的一级章节有：{heads}")
    return min(matches, key=lambda s: s.level)
