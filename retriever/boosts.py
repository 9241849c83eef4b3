"""What lifts a fused hit's score, as pure functions: a figure for a question asking for one, the
year it names, the report's terms for its everyday words, a long run of its own words."""

from __future__ import annotations

from core.types import Chunk
from facts.periods import chunk_period
from retriever.config import RetrieverConfig
from retriever.query import ParsedQuestion, related_words
from text.numbers import states_quantity
from text.sentences import sentence_spans
from text.width import normalize_width


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


def overlaps_years(years: tuple[int, int], report_year: int | None, section_path: tuple[str, ...]) -> bool:
    """Whether a chunk speaks about any of the years (its report's year, or the years its review
    part looks back on)."""
    period = chunk_period(report_year, section_path)
    return period is not None and period[0] <= years[1] and years[0] <= period[1]


def boosted(
    score: float, parsed: ParsedQuestion, chunk: Chunk, report_year: int | None, c: RetrieverConfig
) -> float:
    """A fused score times each boost the chunk earns for this question (relative, so they do not
    depend on the scale of the fusion): a figure when the question asks for one (number_bonus),
    the year it names (year_bonus), one sentence holding the report's terms for its everyday words
    (official_bonus, in proportion), and a run of at least phrase_min of its characters
    (phrase_bonus per character beyond)."""
    text = chunk.text
    if parsed.wants_number and states_quantity(text, years=True):
        score *= 1 + c.number_bonus
    if parsed.years and overlaps_years(parsed.years, report_year, chunk.section_path):
        score *= 1 + c.year_bonus
    if c.official_bonus and parsed.everyday:
        score *= 1 + c.official_bonus * official_coverage(parsed, text)
    if c.phrase_bonus:
        run = shared_run(parsed.text, text)
        if run >= c.phrase_min:
            score *= 1 + c.phrase_bonus * (run - c.phrase_min + 1)
    return score
