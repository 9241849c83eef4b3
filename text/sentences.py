"""Sentences of Chinese report text: where they end, their spans, and headings that only name a topic."""

from __future__ import annotations

import re

from core.types import Chunk
from text.width import normalize_width

# A sentence ends at 。！？； (or their ASCII forms, or ……) plus any closing quotes and brackets.
_SENTENCE = re.compile(r".*?(?:[。！？；!?;]+|……|$)[”’\"'）)》」』]*", re.S)
_CLAUSE = re.compile(r".*?(?:[，、,：:]|$)", re.S)
SENTENCE_MAX = 600  # a longer run without a sentence end is cut at clause marks


def split_sentences(text: str, max_len: int = SENTENCE_MAX) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, covering it whole; over-long ones are cut at commas."""
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        if m.start() == m.end():
            continue
        if m.end() - m.start() <= max_len:
            spans.append((m.start(), m.end()))
            continue
        piece_start = m.start()
        for c in _CLAUSE.finditer(text, m.start(), m.end()):
            if c.end() - piece_start > max_len and c.start() > piece_start:
                spans.append((piece_start, c.start()))
                piece_start = c.start()
        if piece_start < m.end():
            spans.append((piece_start, m.end()))
    return spans


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of a chunk's text, line by line, stripped."""
    out, pos = [], 0
    for line in text.split("\n"):
        for start, end in split_sentences(line, SENTENCE_MAX):
            sentence = line[start:end].strip()
            if sentence:
                out.append((pos + line.find(sentence, start), sentence))
        pos += len(line) + 1
    return out


_ENDS = re.compile(r"[。！？；!?;]")


def bare(text: str) -> str:
    """A heading without its closing punctuation, width-normalised, for comparing text with it."""
    return normalize_width(text).strip().rstrip("。；;：:")


def names_a_topic(sentence: str, chunk: Chunk) -> bool:
    """A heading of the chunk or a title line: it names a topic and says nothing of it."""
    b = bare(sentence)
    return b in {bare(h) for h in chunk.section_path} or (len(b) < 40 and not _ENDS.search(sentence))
