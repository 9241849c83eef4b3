"""Splitting a cleaned report into chunks that follow its outline and never cut a sentence."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from core.textnorm import normalize_width
from core.types import Chunk

# A sentence ends at 。！？； (or their ASCII forms, or ……) plus any closing quotes and brackets.
_SENTENCE = re.compile(r".*?(?:[。！？；!?;]+|……|$)[”’\"'）)》」』]*", re.S)
_CLAUSE = re.compile(r".*?(?:[，、,：:]|$)", re.S)


@dataclass(frozen=True)
class SplitConfig:
    """Chunk sizes in characters. `target` is where a chunk closes at a paragraph end, `max` the most
    it grows to inside a paragraph; a sentence longer than `max` is cut at commas."""

    target: int = 300
    max: int = 600
    overlap: bool = True  # repeat the last sentence when a chunk ends inside a paragraph


@dataclass(frozen=True)
class _Unit:
    """A sentence of a paragraph: its span in the document text."""

    paragraph: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def split_sentences(text: str, max_len: int = 600) -> list[tuple[int, int]]:
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


def _pack(units: list[_Unit], cfg: SplitConfig) -> list[list[_Unit]]:
    """Group a section's sentences into chunks: close at a paragraph end once past `target`, or
    inside a paragraph before passing `max`, carrying the last sentence over in that case."""
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    size = 0
    for unit in units:
        if current:
            new_paragraph = unit.paragraph != current[-1].paragraph
            full = size + unit.size > cfg.max or (new_paragraph and size >= cfg.target)
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


def chunk_id(doc_id: str, content_hash: str, index: int) -> str:
    """Stable id from the document, the exact content version and the position: re-ingesting the same
    content gives the same ids, and a new version never overwrites the chunks of the old one."""
    return f"{doc_id}:{content_hash[:12]}:{index:05d}"


def sentence_id(chunk_id: str, n: int) -> str:
    """A sentence vector's id: its chunk's, then the sentence's number within the document."""
    return f"{chunk_id}:{n:03d}"


def id_version(row_id: str, sentence: bool = False) -> tuple[str, str]:
    """The document and content version a chunk id (or a sentence id) belongs to, read off the id:
    both begin with doc_id:version (a doc_id may itself hold colons, so it is cut from the right)."""
    doc_id, version, *_ = row_id.rsplit(":", 3 if sentence else 2)
    return doc_id, version


def content_hash(text: str) -> str:
    """sha256 of a document's cleaned text: its identity for idempotent ingest and duplicates."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_report(
    doc_id: str,
    paragraphs: list[str],
    paths: list[tuple[str, ...]],
    pages: list[int | None] | None = None,
    cfg: SplitConfig | None = None,
) -> list[Chunk]:
    """Chunks of one report, section by section, each with its section path, offsets and page."""
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
        for group in _pack(units, cfg):
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
                    page=pages[group[0].paragraph],
                )
            )
    return chunks


def embedding_text(chunk: Chunk) -> str:
    """What the embedder and keyword index see: the chunk under its section headings, so that a
    question about a section's topic finds sentences that do not repeat it."""
    heads = [h for h in chunk.section_path if not chunk.text.startswith(h)]
    return "\n".join([*heads, chunk.text])


def sentence_spans(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of a chunk's text, line by line, stripped."""
    out, pos = [], 0
    for line in text.split("\n"):
        for start, end in split_sentences(line, 600):
            sentence = line[start:end].strip()
            if sentence:
                out.append((pos + line.find(sentence, start), sentence))
        pos += len(line) + 1
    return out


def chunk_sentences(chunk: Chunk, min_chars: int = 4) -> list[str]:
    """The sentences of a chunk, each embedded on its own beside the chunk: a short question matches
    one sentence far better than a 400-character passage (see bench/retrieval.py)."""
    return [s for _, s in sentence_spans(chunk.text) if len(s) >= min_chars]


_ENDS = re.compile(r"[。！？；!?;]")


def bare(text: str) -> str:
    """A heading without its closing punctuation, width-normalised, for comparing text with it."""
    return normalize_width(text).strip().rstrip("。；;：:")


def names_a_topic(sentence: str, chunk: Chunk) -> bool:
    """A heading of the chunk or a title line: it names a topic and says nothing of it."""
    b = bare(sentence)
    return b in {bare(h) for h in chunk.section_path} or (len(b) < 40 and not _ENDS.search(sentence))
