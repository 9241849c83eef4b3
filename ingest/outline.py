"""The official-document outline: which paragraphs open a section, and the section path of each.

Chinese official documents number their parts in a fixed order (GB/T 9704): 一、 > （一） > 1. > （1）,
with 第X章 / 第X节 / 第X条 in rules and plans. A heading is often the lead sentence of a long
paragraph ("（一）加强和改善宏观调控，…。我们实施…"), so the heading text is that lead phrase.

Not every paragraph that starts like a heading is one: "一、二季度受原材料价格上涨影响，…。" is body
text. A numbered paragraph opens a section when its number follows the sequence of its level
(二、 after 一、, a new （一） under a new part), or when it reads as a heading (short, no sentence
end inside). Word and HTML heading styles give every level but the document's own title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

from ingest.tables import TABLE_ROW
from text.sentences import SENTENCE_END
from text.width import IDEOGRAPHS, normalize_width

_CN_NUM = "一二三四五六七八九十百零〇两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# (rank, pattern) in outline order; a smaller rank is a higher level. Group "n" is the number.
_MARKERS: list[tuple[float, re.Pattern[str]]] = [
    (1, re.compile(rf"^第(?P<n>[{_CN_NUM}\d]+)(编|篇|部分)")),
    (2, re.compile(rf"^第(?P<n>[{_CN_NUM}\d]+)章")),
    (3, re.compile(rf"^第(?P<n>[{_CN_NUM}\d]+)节")),
    (4, re.compile(rf"^(?P<n>[{_CN_NUM}]+)\s*[、.．]")),
    (5, re.compile(rf"^[（(]\s*(?P<n>[{_CN_NUM}]+)\s*[）)]")),
    (5, re.compile(rf"^第(?P<n>[{_CN_NUM}]+)[，,、]")),  # 第一，全国动员，大办农业。
    (6, re.compile(r"^(?P<n>\d{1,2})\s*[、.．](?!\d)")),
    (7, re.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]")),
    (8, re.compile(rf"^第(?P<n>[{_CN_NUM}\d]+)条")),
    (9, re.compile(rf"^(?P<n>[{_CIRCLED}])")),
]
# Headings given by a structured format (docx/html heading styles) and unnumbered heading lines
# rank above all numbered ones, unless the document numbers that style level (see _style_ranks).
_HINT_RANK = 0.0
TITLE_HINT = 0  # Block.heading_level of the document's own title
# An unnumbered heading line, as in older reports ("国际形势和我国对外政策"): short, no punctuation,
# past the title block, and followed by prose.
_BARE_HEADING = re.compile(f"^[{IDEOGRAPHS}0-9０-９“”《》·]{{4,24}}$")
_TITLE_ZONE = 4
_LEAD_END = re.compile(rf"{SENTENCE_END.pattern}|[：:]")
_MAX_HEADING = 48
# After a part number, the next number of a list ("一、二季度", "二、三产业", "3、4月份"): numbers
# listed in a sentence, not a heading ("一、一年来工作回顾" is one).
_ENUMERATION = re.compile(
    rf"^\s*(?P<n>[{_CN_NUM}]{{1,3}}|\d{{1,2}})(?:[、，,]|季度|产业|月|年级|级|类|个|次)"
)


def _enumerates(heading: Heading, rest: str) -> bool:
    m = _ENUMERATION.match(rest)
    return bool(m) and heading.number is not None and _number(m.group("n")) == heading.number + 1


# A numbered paragraph out of sequence still opens a section when it reads as a heading line.
_HEADING_LINE = 30


@dataclass(frozen=True)
class Heading:
    """A paragraph that opens a section: its rank in the outline, the text shown in paths, its
    number marker and the number's value (一 -> 1) when it has one."""

    rank: float
    text: str
    marker: str
    number: int | None = None


def _number(text: str) -> int | None:
    text = normalize_width(text)
    if text.isdecimal():
        return int(text)
    if text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    try:
        return int(cn2an.cn2an(text.replace("〇", "零"), "normal"))
    except ValueError:
        return None


def heading_rank(paragraph: str) -> tuple[float, str, int | None] | None:
    """(rank, marker, number) when the paragraph starts with an outline number, else None."""
    norm = normalize_width(paragraph)
    for rank, pattern in _MARKERS:
        m = pattern.match(norm)
        if m:
            return rank, paragraph[: m.end()], _number(m.group("n"))
    return None


def heading_text(paragraph: str, marker: str = "") -> str:
    """The heading as shown in a section path: a short paragraph whole, else its lead phrase (the
    point of a "2." marker does not end it)."""
    m = _LEAD_END.search(paragraph, len(marker))
    lead = paragraph[: m.start()] if m else paragraph
    if len(lead) > _MAX_HEADING:
        lead = lead[: _MAX_HEADING - 1] + "…"
    return lead


def detect_heading(paragraph: str, hint_level: int | None = None) -> Heading | None:
    """The heading a paragraph opens, from its outline number or a format's heading style (the
    style's level decides its rank in section_paths; level 0, the title, opens none)."""
    found = heading_rank(paragraph)
    if found:
        rank, marker, number = found
        return Heading(rank, heading_text(paragraph, marker), marker, number)
    if hint_level is not None and hint_level >= 1 and len(paragraph) <= _MAX_HEADING:
        return Heading(_HINT_RANK + hint_level / 10, paragraph, "")
    return None


def reads_as_heading(paragraph: str, marker: str = "") -> bool:
    """A short line with no sentence end inside it (after its number): a heading whatever its number."""
    core = paragraph.rstrip("。.．；;！!？? ")
    return len(core) <= _HEADING_LINE and not SENTENCE_END.search(core, len(marker))


def _is_bare_heading(paragraphs: list[str], i: int) -> bool:
    nxt = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
    return i >= _TITLE_ZONE and bool(_BARE_HEADING.match(paragraphs[i])) and len(nxt) > 60


def _title_index(hints: list[int | None]) -> int | None:
    """The document's own title: a paragraph styled as the title, or a first-level heading that
    opens the document."""
    if TITLE_HINT in hints:
        return hints.index(TITLE_HINT)
    return 0 if hints and hints[0] == 1 else None


def _style_ranks(paragraphs: list[str], hints: list[int | None], title: int | None) -> dict[int, float]:
    """The rank of each heading-style level: the rank of the numbers that level's paragraphs carry
    when they carry any (Heading 1 = "一、"), else just below the level above it."""
    numbered: dict[int, list[float]] = {}
    for i, (p, level) in enumerate(zip(paragraphs, hints, strict=True)):
        if level is not None and level >= 1 and i != title:
            found = heading_rank(p)
            numbered.setdefault(level, [])
            if found:
                numbered[level].append(found[0])
    ranks: dict[int, float] = {}
    for level in sorted(numbered):
        if numbered[level]:
            ranks[level] = min(numbered[level])
        elif level - 1 in ranks:
            ranks[level] = ranks[level - 1] + 0.45
        else:
            ranks[level] = _HINT_RANK + level / 10
    return ranks


# A numbered paragraph ending in a semicolon is an item of a list ("（二）申请人身份证复印件；"):
# a heading or a lead sentence never ends so.
_ITEM_END = re.compile(r"[；;][”’」』）)]*$")


class _Sequence:
    """The last number seen at each numbered rank under the current parents, and the list being
    read: (rank, number, paragraph index) of its last item."""

    def __init__(self) -> None:
        self.last: dict[float, int] = {}
        self.item: tuple[float, int, int] | None = None

    def lists(self, h: Heading, paragraph: str, i: int) -> bool:
        """Whether the numbered paragraph at `i` is a list item: it ends as an item does, or it is
        the next number of the list whose item is the paragraph just before it. Records it."""
        previous = self.item
        continues = (
            previous is not None
            and h.number is not None
            and previous[:2] == (h.rank, h.number - 1)
            and previous[2] == i - 1
        )
        if h.number is None or not (continues or _ITEM_END.search(paragraph)):
            return False
        self.item = (h.rank, h.number, i)
        return True

    def follows(self, h: Heading) -> bool:
        if h.number is None or h.rank not in self.last:
            return True
        return h.number == self.last[h.rank] + 1

    def opened(self, h: Heading) -> None:
        for rank in [r for r in self.last if r > h.rank]:
            del self.last[rank]
        if h.number is not None:
            self.last[h.rank] = h.number


def _heading_at(
    paragraphs: list[str], i: int, hint: int | None, style: dict[int, float], seq: _Sequence
) -> Heading | None:
    paragraph = paragraphs[i]
    heading = detect_heading(paragraph, hint)
    if heading is not None and heading.marker:
        if _enumerates(heading, paragraph[len(heading.marker) :]):
            return None  # "二、三产业增加值…": numbers listed, not a part numbered 二
        if seq.lists(heading, paragraph, i):
            return None  # "（二）申请人身份证复印件；": an item of a list, not a part
        if not (seq.follows(heading) or reads_as_heading(paragraph, heading.marker)):
            return None  # "一、二季度受…影响，…。" inside a part numbered 一、 already
        return heading
    if heading is not None and hint is not None:
        return Heading(style.get(hint, heading.rank), heading.text, "")
    if _is_bare_heading(paragraphs, i):
        return Heading(_HINT_RANK, paragraph, "")
    return None


def section_paths(
    paragraphs: list[str], hints: list[int | None] | None = None, kinds: list[str] | None = None
) -> list[tuple[str, ...]]:
    """The section path in force at each paragraph (a heading paragraph is inside its own section).
    `hints` are heading-style levels (0: the document's title), `kinds` mark table rows, which
    never open a section."""
    hints = hints or [None] * len(paragraphs)
    kinds = kinds or ["paragraph"] * len(paragraphs)
    title = _title_index(hints)
    style = _style_ranks(paragraphs, hints, title)
    seq = _Sequence()
    stack: list[Heading] = []
    paths: list[tuple[str, ...]] = []
    for i, hint in enumerate(hints):
        heading = None
        if i != title and kinds[i] != TABLE_ROW:
            heading = _heading_at(paragraphs, i, hint, style, seq)
        if heading:
            while stack and stack[-1].rank >= heading.rank:
                stack.pop()
            stack.append(heading)
            seq.opened(heading)
        paths.append(tuple(h.text for h in stack))
    return paths
