"""What lifts a fused hit's score: a figure for a question asking for one, the year it names, the
report's terms for its everyday words, a long run of its own words (HybridRetriever._fuse)."""

from __future__ import annotations

import json
import re
from typing import Any

from retriever.query import ParsedQuestion, chunk_period, related_words
from text.sentences import sentence_spans
from text.width import normalize_width

# A figure: digits, or Chinese numerals with a measure word ("一百二十座", "三年来" does not count).
HAS_NUMBER = re.compile(
    r"[\d０-９]|[一二三四五六七八九十两][十百千万亿]*[百千万亿]?[座项家所名人户次倍元吨条件]"
)


def official_coverage(parsed: ParsedQuestion, text: str) -> float:
    """The largest share of the question's everyday words of which one sentence of the text holds
    a word of the same group (the report's term or another everyday word for it): 1.0 when a
    single sentence speaks of all of them."""
    concepts = [related_words(word) for word in parsed.everyday]
    if not concepts:
        return 0.0
    best = 0
    for _, sentence in sentence_spans(normalize_width(text).lower()):
        best = max(best, sum(1 for terms in concepts if any(t in sentence for t in terms)))
    return best / len(concepts)


def shared_run(question: str, text: str) -> int:
    """Length of the longest stretch of the question found word for word in the text (widths
    normalised): an exact term or phrase of the question ("双随机、一公开", "出口退税负担机制")."""
    q = normalize_width(question)
    t = normalize_width(text)
    best = 0
    for i in range(len(q)):
        j = i + best + 1
        while j <= len(q) and q[i:j] in t:
            best = j - i
            j += 1
    return best


def overlaps_years(years: tuple[int, int], md: dict[str, Any]) -> bool:
    """Whether a chunk speaks about any of the years (its report's year, or the years its review
    part looks back on)."""
    year = md.get("year")
    period = chunk_period(
        int(year) if year is not None else None, tuple(json.loads(md.get("section_path") or "[]"))
    )
    return period is not None and period[0] <= years[1] and years[0] <= period[1]
