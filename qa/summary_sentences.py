"""The sentences a summary may quote, and the sub-parts of a section they fall in.

Sentences are read from the report's cleaned text (so that chunks, which overlap, never give one
twice) and run to 。！？: clauses joined by ；, or cut at a comma only because they were long,
stay one sentence up to SENTENCE_MAX characters, unless the next clause opens a numbered item
(一是…；二是…). Each carries the chunk it stands in (for its citation and section), the start of
its paragraph, its jieba tokens and the facts (facts/) it states. Headings and title lines are
not sentences; a table row ("粮食总产量（万吨）：完成值 42.3，比上年增长 1.5%") stating figures is.

A section's sub-parts are its sub-sections in the outline (the text before the first one is a part
of its own), else the items its text numbers (一是/二是, 第一，, （1）, ①, 1., ——, 在…上，), else its
paragraphs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from core.types import Chunk
from facts.model import Fact
from text.sentences import bare, names_a_topic, split_sentences
from text.tokens import tokenize

SENTENCE_MAX = 300  # characters: a longer run is quoted in pieces cut at commas
SENTENCE_MIN = 8  # shorter pieces ("各位代表：") are not quoted
_CLOSED = re.compile(r"(?:[。！？!?.．]|……)[”’\"'）)》」』]*$")
# A numbered item opening a sentence: 一是, 第一，, 其一，, （一）, （1）, (1), ①, 1. 1、, ——, 在农业上，
ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+是|[第其][一二三四五六七八九十]+[，,、：:]|（[一二三四五六七八九十\d]+）"
    r"|\(\d+\)|[①-⑳]|\d{1,2}[、.．](?!\d)|——|在[^，,。；]{1,10}(?:上|方面)[，,])"
)

_COLON_ITEM = re.compile(
    r"[:：](?=[一二三四五六七八九十]+是|（[一二三四五六七八九十\d]+）|[①-⑳]|\d{1,2}[、.．](?!\d))"
)


@dataclass
class ReportSentence:
    """One quotable sentence: `offset` into its chunk's text, `start` into the report's cleaned text,
    `paragraph` the start of its paragraph there; `facts` the figures it states, read by facts/."""

    chunk: Chunk
    text: str
    offset: int
    start: int
    paragraph: int
    tokens: set[str] = field(default_factory=set)
    facts: list[Fact] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def path(self) -> tuple[str, ...]:
        return self.chunk.section_path


def _spans(line: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph: to 。！？, clauses joined again up to SENTENCE_MAX; a lead
    ending in a colon before a numbered item ("…三个方面:一是严格组织生活。") is cut from the item."""
    out: list[tuple[int, int]] = []
    for start, end in _cut_before_items(line, split_sentences(line, SENTENCE_MAX)):
        piece = line[start:end].strip()
        if not piece:
            continue
        if out:
            first, last = out[-1]
            open_before = not _CLOSED.search(line[first:last].rstrip())
            if open_before and not ITEM.match(piece) and end - first <= SENTENCE_MAX:
                out[-1] = (first, end)
                continue
        out.append((start, end))
    return out


def _cut_before_items(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        for colon in _COLON_ITEM.finditer(line, start, end):
            out.append((start, colon.end()))
            start = colon.end()
        out.append((start, end))
    return out


def report_sentences(text: str, chunks: list[Chunk], facts: Iterable[Fact] = ()) -> list[ReportSentence]:
    """The quotable sentences of a report's cleaned `text`, in order, each in the chunk that holds
    it (chunks as the store gives them, offsets into `text`); headings and title lines are left out."""
    chunks = sorted(chunks, key=lambda c: c.char_start)
    starts = [c.char_start for c in chunks]
    by_start = sorted(facts, key=lambda f: f.start)
    fact_starts = [f.start for f in by_start]
    out: list[ReportSentence] = []
    pos = 0
    for line in text.split("\n"):
        for a, b in _spans(line):
            raw = line[a:b]
            sentence = raw.strip()
            start = pos + a + (len(raw) - len(raw.lstrip()))
            chunk = _holder(chunks, starts, start, start + len(sentence))
            if chunk is None or len(sentence) < SENTENCE_MIN or _is_heading(sentence, chunk):
                continue
            lo = bisect.bisect_left(fact_starts, start)
            hi = bisect.bisect_left(fact_starts, start + len(sentence))
            if lo == hi and names_a_topic(sentence, chunk):
                continue  # a title or label line; a table row stating figures stays
            tokens = set(tokenize(sentence))
            out.append(
                ReportSentence(chunk, sentence, start - chunk.char_start, start, pos, tokens, by_start[lo:hi])
            )
        pos += len(line) + 1
    return out


def _is_heading(sentence: str, chunk: Chunk) -> bool:
    return bare(sentence) in {bare(h) for h in chunk.section_path}


def _holder(chunks: list[Chunk], starts: list[int], start: int, end: int) -> Chunk | None:
    """The chunk holding [start, end) whole, else the one holding its start (a sentence longer than
    a chunk); None outside every chunk."""
    i = bisect.bisect_right(starts, start) - 1
    candidates = [c for c in chunks[max(0, i - 2) : i + 1] if c.char_start <= start < c.char_end]
    whole = [c for c in candidates if end <= c.char_end]
    found = whole or candidates
    return found[0] if found else None


def sub_parts(sentences: list[ReportSentence]) -> list[list[ReportSentence]]:
    """The sentences of one section (or of several) in its sub-parts, in document order: the
    sub-sections one level below what they all share, else the numbered items of the text, else
    the paragraphs; one part when none of these parts it."""
    if not sentences:
        return []
    shared = _shared_path([s.path for s in sentences])
    depth = len(shared) + 1
    keys: list[Callable[[ReportSentence], object]] = [
        lambda s: s.path[:depth],
        _item_number(sentences),
        lambda s: s.paragraph,
    ]
    for key in keys:
        groups: dict[object, list[ReportSentence]] = {}
        for s in sentences:
            groups.setdefault(key(s), []).append(s)
        if len(groups) >= 2:
            return list(groups.values())
    return [sentences]


def _shared_path(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    shared = paths[0]
    for p in paths[1:]:
        n = 0
        while n < min(len(shared), len(p)) and shared[n] == p[n]:
            n += 1
        shared = shared[:n]
    return shared


def _item_number(sentences: list[ReportSentence]) -> Callable[[ReportSentence], object]:
    """A key function: the number of the numbered item a sentence falls in (0 before the first);
    every sentence 0 when fewer than two sentences open an item."""
    item, numbers = 0, {}
    for s in sentences:
        if ITEM.match(s.text):
            item += 1
        numbers[s.start] = item
    return (lambda s: numbers[s.start]) if item >= 2 else (lambda s: 0)
