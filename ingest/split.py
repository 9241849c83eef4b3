"""Splitting a cleaned report into chunks that follow its outline and never cut a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.types import Chunk
from store.ids import chunk_id, content_hash
from store.records import page_at
from text.sentences import is_question, sentence_spans, split_sentences

MIN_SENTENCE_CHARS = 4  # "一是：" and the like: nothing to match a question against


@dataclass(frozen=True)
class SplitConfig:
    """Chunk sizes in characters. `target` is where a chunk closes at a paragraph end, `max` the most
    it grows to inside a paragraph; a sentence longer than `max` is cut at commas."""

    target: int = 300
    max: int = 600
    overlap: bool = True  # repeat the last sentence when a chunk ends inside a paragraph
    sentence_min: int = MIN_SENTENCE_CHARS  # shorter sentences get no vector of their own


@dataclass(frozen=True)
class _Unit:
    """A sentence of a paragraph: its span in the document text."""

    paragraph: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def paragraph_offsets(paragraphs: list[str]) -> list[int]:
    """Start offset of each paragraph in the document text ("\\n".join(paragraphs))."""
    offsets, pos = [], 0
    for p in paragraphs:
        offsets.append(pos)
        pos += len(p) + 1
    return offsets


def _sections(paths: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Runs of consecutive paragraphs sharing one section path, as [start, end) indices."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(paths) + 1):
        if i == len(paths) or paths[i] != paths[start]:
            runs.append((start, i))
            start = i
    return runs


def _pack(units: list[_Unit], cfg: SplitConfig, asks: frozenset[int] = frozenset()) -> list[list[_Unit]]:
    """Group a section's sentences into chunks: close at a paragraph end once past `target`, or
    inside a paragraph before passing `max`, carrying the last sentence over in that case. In a
    section holding questions (`asks`: "问：…？"), a chunk closes at a paragraph end only before a
    question, so each question stays with its whole answer (a list on its lines too)."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    size = 0
    for unit in units:
        if current:
            new_paragraph = unit.paragraph != current[-1].paragraph
            # in a notice of questions and answers, only where the next question starts
            at_break = unit.paragraph in asks if asks else True
            ends_at_answer = new_paragraph and size >= cfg.target and at_break
            full = size + unit.size > cfg.max or ends_at_answer
            if full:
                groups.append(current)
                carry = current[-1]
                overlap = (
                    cfg.overlap
                    and not new_paragraph
                    and len(current) > 1
                    and carry.size + unit.size <= cfg.target
                )
                current = [carry] if overlap else []
                size = carry.size if overlap else 0
        current.append(unit)
        size = current[-1].end - current[0].start
    if current:
        groups.append(current)
    return groups


def split_report(
    doc_id: str,
    paragraphs: list[str],
    paths: list[tuple[str, ...]],
    pages: list[int | None] | None = None,
    cfg: SplitConfig | None = None,
    page_map: Sequence[tuple[int, int]] = (),
) -> list[Chunk]:
    """Chunks of one report, section by section, each with its section path, offsets and page
    (the page its first character stands on, from `page_map` when given, else its paragraph's)."""
    cfg = cfg or SplitConfig()
    pages = pages or [None] * len(paragraphs)
    text = "\n".join(paragraphs)
    version = content_hash(text)
    offsets = paragraph_offsets(paragraphs)
    chunks: list[Chunk] = []
    for first, last in _sections(paths):
        units = [
            _Unit(i, offsets[i] + s, offsets[i] + e)
            for i in range(first, last)
            for s, e in split_sentences(paragraphs[i], cfg.max)
        ]
        asks = frozenset(i for i in range(first, last) if is_question(paragraphs[i]))
        for group in _pack(units, cfg, asks):
            start, end = group[0].start, group[-1].end
            chunks.append(
                Chunk(
                    id=chunk_id(doc_id, version, len(chunks)),
                    doc_id=doc_id,
                    index=len(chunks),
                    text=text[start:end],
                    section_path=paths[first],
                    paragraph_index=group[0].paragraph,
                    char_start=start,
                    char_end=end,
                    page=page_at(page_map, start) if page_map else pages[group[0].paragraph],
                )
            )
    return chunks


def chunk_sentences(chunk: Chunk, min_chars: int = MIN_SENTENCE_CHARS) -> list[str]:
    """The sentences of a chunk, each embedded on its own beside the chunk: a short question matches
    one sentence far better than a 400-character passage (see bench/retrieval.py)."""
    return [s for _, s in sentence_spans(chunk.text) if len(s) >= min_chars]
