"""Sentences of Chinese report text: where they end, their spans, and headings that only name a topic."""

from __future__ import annotations

import re

from core.types import Chunk
from text.width import normalize_width

# A sentence ends at 。！？； (or their ASCII forms, or ……) plus any closing quotes and brackets.
# Converted and OCR'd text ends Chinese sentences with "." or "．" too: a point ends a sentence
# unless a digit or Latin letter follows it (7.5, 1.2.3) or a Latin letter precedes it (U.S.).
_END = r"[。！？；!?;]+|……|(?<![A-Za-zＡ-Ｚａ-ｚ])[.．](?![\dA-Za-zＡ-Ｚａ-ｚ.．])"
_SENTENCE = re.compile(rf".*?(?:{_END}|$)[”’\"'）)》」』]*", re.S)
_CLAUSE = re.compile(r".*?(?:[，、,：:]|$)", re.S)
# "1." or "一." opening a list item is its number, not a sentence.
_MARKER_ONLY = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[.．]\s*$")
SENTENCE_MAX = 600  # a longer run without a sentence end is cut at clause marks (chunking)
QUOTE_MAX = 150  # ... for a sentence's own vector and for quotes (OCR text may have no ends at all)


def split_sentences(text: str, max_len: int = SENTENCE_MAX) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, covering it whole; over-long ones are cut at commas."""
    spans: list[tuple[int, int]] = []
    marker_at: int | None = None  # where a list number waiting for its sentence starts
    for m in _SENTENCE.finditer(text):
        if m.start() == m.end():
            continue
        if _MARKER_ONLY.match(m.group(0)):
            marker_at = m.start() if marker_at is None else marker_at
            continue
        start, marker_at = (m.start() if marker_at is None else marker_at), None
        if m.end() - start <= max_len:
            spans.append((start, m.end()))
            continue
        piece_start = start
        for c in _CLAUSE.finditer(text, m.start(), m.end()):
            if c.end() - piece_start > max_len and c.start() > piece_start:
                spans.append((piece_start, c.start()))
                piece_start = c.start()
        if piece_start < m.end():
            spans.append((piece_start, m.end()))
    if marker_at is not None:
        spans.append((marker_at, len(text)))
    return spans


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of a chunk's text, line by line, stripped."""
    out, pos = [], 0
    for line in text.split("\n"):
        for start, end in split_sentences(line, QUOTE_MAX):
            sentence = line[start:end].strip()
            if sentence:
                out.append((pos + line.find(sentence, start), sentence))
        pos += len(line) + 1
    return out


SENTENCE_END = re.compile(_END)


def bare(text: str) -> str:
    """A heading without its closing punctuation, width-normalised, for comparing text with it."""
    return normalize_width(text).strip().rstrip("。；;：:")


def names_a_topic(sentence: str, chunk: Chunk) -> bool:
    """A heading of the chunk or a title line: it names a topic and says nothing of it."""
    b = bare(sentence)
    return b in {bare(h) for h in chunk.section_path} or (len(b) < 40 and not SENTENCE_END.search(sentence))


_ASKING_WORD = re.compile(r"什么|哪|吗|如何|怎么|怎样|多少|几|是否|能否|可否|为什么|为何|呢|谁")
_QUESTION_START = re.compile(r"^\s*(问|Q)\s*[：:]")


def is_question(sentence: str, whole_line: bool = True) -> bool:
    """A question a notice answers: "问：贷款额度最高是多少？", or a line of its own that ends
    with ？ ("一、哪些人可以申请？"). A question inside a paragraph (`whole_line` False) is the
    author's own, answered by the same paragraph: not one."""
    text = normalize_width(sentence).strip()
    asks = text.endswith(("?", "？")) and bool(_ASKING_WORD.search(text))
    return bool(_QUESTION_START.match(text)) or (whole_line and asks)
