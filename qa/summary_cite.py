"""A summary's text and its citations: one citation per paragraph quoted, shared by its sentences.

The summary lists its sentences (under labels such as 主要成绩 when it has parts), each closed by
the [n] of its paragraph; sentences of one paragraph reuse its [n]. The citation of a paragraph
quotes the report from the first sentence cited from it to the last, so that it holds them all
and its offsets are those of its quote in the cleaned text, as every citation's are (the source
view and the context fold find the passage by them).
"""

from __future__ import annotations

import re

from core.types import Hit
from qa.summary_sentences import ReportSentence
from qa.types import Citation, citation_for
from store.records import DocumentRecord

_ENUMERATOR = re.compile(r"^\s*[（(]?(?:\d+|[一二三四五六七八九十]+)[)）、.．]")


def paragraph_citation(
    n: int, sentences: list[ReportSentence], record: DocumentRecord | None, text: str
) -> Citation:
    """One citation [n] of sentences of one paragraph of the report's cleaned `text`: the quote runs
    from the first of them to the last, char_start/char_end are its offsets."""
    first = min(sentences, key=lambda s: s.start)
    end = max(s.end for s in sentences)
    return citation_for(n, Hit(first.chunk, 0.0), record, text[first.start : end], first.offset)


def cited_text(
    parts: list[tuple[str, list[ReportSentence]]], record: DocumentRecord | None, text: str
) -> tuple[str, list[Citation]]:
    """The summary's text and citations from its parts, (label, sentences) in the order shown; a part
    with no sentences is left out, an empty label shows its sentences without one. Citations are
    numbered in the order their paragraphs are first cited; `text` is the report's cleaned text."""
    numbers: dict[int, int] = {}
    cited: dict[int, list[ReportSentence]] = {}
    blocks: list[str] = []
    for label, sentences in parts:
        if not sentences:
            continue
        lines = [f"{label}："] if label else []
        # sentences that carry their own numbers ("1、…", "（一）…") are bullets, not "1. 1、…"
        numbered = not any(_ENUMERATOR.match(s.text) for s in sentences)
        for i, s in enumerate(sentences, 1):
            n = numbers.setdefault(s.paragraph, len(numbers) + 1)
            cited.setdefault(s.paragraph, []).append(s)
            lines.append(f"{f'{i}.' if numbered else '-'} {s.text}[{n}]")
        blocks.append("\n".join(lines))
    citations = [paragraph_citation(numbers[p], cited[p], record, text) for p in numbers]
    return ("\n\n" if any(label for label, _ in parts) else "\n").join(blocks), citations
