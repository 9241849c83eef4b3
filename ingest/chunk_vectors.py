"""What is embedded for a store's chunks, and how each chunk gets its vector (the vector layout).

- "embedded": each chunk is embedded under its section headings, and each of its sentences again:
  every character of the body is embedded twice.
- "derived": only the sentences are embedded, and each section's heading path once; a chunk's
  vector is the length-weighted mean of its sentence vectors, normalised, plus the heading path's
  vector (weight HEADINGS_WEIGHT), normalised again. Every character is embedded once.
  A mean of sentence embeddings as a passage embedding: Arora, Liang & Ma, "A Simple but Tough-to-
  Beat Baseline for Sentence Embeddings" (ICLR 2017) and its use in SBERT's mean pooling.

docs/benchmarks.md ("Vector layout") has the measured retrieval and answer figures of both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import get_args

import numpy as np

from core.types import Chunk, Layout
from ingest.split import chunk_sentences
from store.records import DocumentPart, SentenceVector, embedding_text
from text.width import normalize_width

PART_CHUNKS = 256  # chunks embedded and written at a time: bounds the memory of a huge report
LAYOUTS: tuple[Layout, ...] = get_args(Layout)
# The heading path's vector against the unit mean of the sentences' (0.3-1.0 measured on the dev and
# held-out questions; 1.0 best on both, see docs/benchmarks.md)
HEADINGS_WEIGHT = 1.0


def headings_text(chunk: Chunk) -> str:
    """The chunk's whole heading path, one heading a line ("" at the top of a report)."""
    return "\n".join(chunk.section_path)


def part_vectors(
    chunks: Sequence[Chunk],
    sentences: Sequence[tuple[Chunk, str]],
    layout: Layout,
    embed: Callable[[list[str]], list[list[float]]],
) -> tuple[list[list[float]], list[list[float]]]:
    """The vectors of some chunks (one each, in order) and of their sentences (one each, in order).

    `sentences` pairs each sentence with its chunk; `embed` turns texts into vectors (the embedding
    cache in front of the model). What is embedded is width-normalised, as questions are. Raises
    ValueError for an unknown layout."""
    if layout not in LAYOUTS:
        raise ValueError(f"未知的向量布局：{layout}（可选 {', '.join(LAYOUTS)}）")
    said = [s for _, s in sentences]
    if layout == "embedded":
        vectors = embed([normalize_width(t) for t in [embedding_text(c) for c in chunks] + said])
        return vectors[: len(chunks)], vectors[len(chunks) :]
    with_sentences = {c.id for c, _ in sentences}
    alone = [c for c in chunks if c.id not in with_sentences]  # every sentence under the minimum
    heads = sorted({h for c in chunks if (h := headings_text(c)) and c.id in with_sentences})
    vectors = embed([normalize_width(t) for t in said + heads + [embedding_text(c) for c in alone]])
    sentence_vectors = vectors[: len(said)]
    heading = dict(zip(heads, vectors[len(said) : len(said) + len(heads)], strict=True))
    own = dict(zip((c.id for c in alone), vectors[len(said) + len(heads) :], strict=True))
    weighted: dict[str, np.ndarray] = {}
    for (chunk, text), vector in zip(sentences, sentence_vectors, strict=True):
        add = len(text) * np.asarray(vector, dtype=np.float64)
        weighted[chunk.id] = weighted[chunk.id] + add if chunk.id in weighted else add
    chunk_vectors = []
    for c in chunks:
        if c.id in own:
            chunk_vectors.append(own[c.id])
            continue
        v = _unit(weighted[c.id])
        if (h := headings_text(c)) in heading:
            v = _unit(v + HEADINGS_WEIGHT * np.asarray(heading[h], dtype=np.float64))
        chunk_vectors.append(v.astype(np.float32).tolist())
    return chunk_vectors, sentence_vectors


def embedded_parts(
    chunks: Sequence[Chunk],
    layout: Layout,
    embed: Callable[[list[str], Callable[[int], None]], list[list[float]]],
    sentence_min: int,
    on_fraction: Callable[[float], None] | None = None,
) -> Iterator[DocumentPart]:
    """The chunks with their vectors and their sentences (at least sentence_min characters) with
    theirs, PART_CHUNKS chunks at a time, embedded as the store asks for them: memory stays bounded
    however long the report. `embed(texts, on_chars)` returns the texts' vectors and reports the
    characters it embedded; `on_fraction` hears how much of what the layout embeds is done (0-1)."""
    total = sum(len(c.text) + (len(embedding_text(c)) if layout == "embedded" else 0) for c in chunks) or 1
    seen = 0

    def embedded(chars: int) -> None:
        nonlocal seen
        seen += chars
        if on_fraction:
            on_fraction(min(seen / total, 1.0))

    for i in range(0, len(chunks), PART_CHUNKS):
        part = chunks[i : i + PART_CHUNKS]
        sentences = [(c, s) for c in part for s in chunk_sentences(c, sentence_min)]
        chunk_vectors, sentence_vectors = part_vectors(part, sentences, layout, lambda t: embed(t, embedded))
        rows = [SentenceVector(c, s, v) for (c, s), v in zip(sentences, sentence_vectors, strict=True)]
        yield DocumentPart(list(part), chunk_vectors, rows)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (np.linalg.norm(v) or 1.0)
