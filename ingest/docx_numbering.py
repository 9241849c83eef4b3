"""Word's automatic numbering, rendered as the reader sees it: "一、", "（一）", "1.", "①".

A Word paragraph numbered by the list feature (w:numPr, set on the paragraph or by its style) has
no number in its text: Word draws it from numbering.xml (ECMA-376 Part 1, §17.9). Counters run
per list (numId) and level; a level's counter restarts when a higher level advances; lvlText
("%1、", "（%2）") places each level's number written in its numFmt. python-docx reads the parts
but does not number; docx2python numbers but not in Chinese formats (chineseCounting), so this
module does it, with cn2an for the Chinese numerals.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import cn2an
from docx.oxml.ns import qn

log = logging.getLogger(__name__)

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc")]
_ROMAN += [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter written in a w:numFmt: decimal 3, chineseCounting 三, chineseLegalSimplified 叁,
    ideographTraditional 丙, decimalEnclosedCircle ③, upperRoman III, lowerLetter c…; a format
    this does not know is written as decimal."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return str(cn2an.an2cn(n, "low"))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return str(cn2an.an2cn(n, "up"))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n).upper() if fmt == "upperLetter" else _letters(n)
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return None if child is None else child.get(qn("w:val"))


def _levels(abstract: Any) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        ilvl = int(lvl.get(qn("w:ilvl"), "0"))
        levels[ilvl] = _Level(
            start=int(_val(lvl, "w:start") or 1),
            fmt=_val(lvl, "w:numFmt") or "decimal",
            text=_val(lvl, "w:lvlText") or "",
            legal=lvl.find(qn("w:isLgl")) is not None,
        )
    return levels


@dataclass
class Numbering:
    """The lists of one document and their running counters; `label(paragraph)` is the number a
    paragraph shows ("" when it has none)."""

    lists: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> levels
    style_numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # style id -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """The numbering of a python-docx Document (empty when it has no numbering part)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return numbering
        abstracts = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            levels = dict(abstracts.get(_val(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl] = _Level(int(start), levels[ilvl].fmt, levels[ilvl].text, levels[ilvl].legal)
            numbering.lists[num.get(qn("w:numId"))] = levels
        for style in document.styles:
            ppr = style.element.pPr
            num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if num_pr is not None and _val(num_pr, "w:numId"):
                numbering.style_numbers[style.style_id] = (
                    _val(num_pr, "w:numId") or "",
                    int(_val(num_pr, "w:ilvl") or 0),
                )
        return numbering

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        ppr = paragraph._p.pPr
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr, "w:numId") or ""
            return None if num_id == "0" else (num_id, int(_val(num_pr, "w:ilvl") or 0))
        style = paragraph.style
        while style is not None:
            if style.style_id in self.style_numbers:
                return self.style_numbers[style.style_id]
            style = style.base_style
        return None

    def label(self, paragraph: Any) -> str:
        """The number the paragraph shows, advancing the counters; "" for none or a bullet."""
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self.lists:
            return ""
        num_id, ilvl = found
        levels = self.lists[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            at = levels.get(k, _Level())
            value = counters.get(k, at.start)
            return format_number(value, "decimal" if level.legal and k != ilvl else at.fmt)

        return re.sub(r"%(\d)", number, level.text)
