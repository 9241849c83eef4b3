"""Reciprocal rank fusion of ranked lists of chunk ids, as a pure function.

Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet and individual Rank
Learning Methods", SIGIR 2009: score(d) = Σ over lists of weight / (k + rank of d in the list),
ranks counted from 1. The paper uses k = 60 (haystack's `DocumentJoiner` too); this project uses
k = 20, chosen on the dev questions (RetrieverConfig.rrf_k), which lets the top of each list count
for more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PAPER_K = 60


@dataclass(frozen=True)
class RankedList:
    """One ranking to fuse: chunk ids best first, from one search (`source`: "dense", "bm25")."""

    source: str
    ids: Sequence[str]
    weight: float = 1.0


@dataclass(frozen=True)
class Fused:
    """A chunk id with its fused score and the searches that found it, in the order given."""

    chunk_id: str
    score: float
    sources: tuple[str, ...]


def fuse_rrf(lists: Sequence[RankedList], k: int = PAPER_K) -> list[Fused]:
    """Reciprocal rank fusion of `lists`; best first, ties in the order the ids were first seen.

    A list of weight 0 still names its ids (found by it), with no score from it. ValueError when k
    is negative."""
    if k < 0:
        raise ValueError(f"RRF k must be 0 or more, got {k}")
    scores: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    for ranked in lists:
        for rank, chunk_id in enumerate(ranked.ids, 1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + ranked.weight / (k + rank)
            sources.setdefault(chunk_id, []).append(ranked.source)
    fused = [Fused(cid, score, tuple(sources[cid])) for cid, score in scores.items()]
    return sorted(fused, key=lambda f: -f.score)
