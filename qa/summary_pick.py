"""Choosing a summary's sentences: from each sub-part in turn, the best first, none near-identical.

A sentence's worth is its centrality in its sub-part (TextRank over shared jieba tokens, Mihalcea
& Tarau 2004) plus what it carries: the facts it states (of the kind wanted: 实际 for results, 目标
for targets), a figure, an action, and its place (a sub-part states its point in its first
paragraph, its headline figure first). A frame (领导下, 为指导… with no figure) and a sentence with
nothing checkable count against it; formulas (an address to the audience, a closing call) are
never quoted (qa/sentence_kinds.py). Each round takes one sentence from every sub-part, those whose
best sentence states a fact first and in document order, until the length asked for is reached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from qa.near_identical import Fingerprint, fingerprint, near_identical
from qa.sentence_kinds import is_empty, is_formula, is_frame, states_action
from qa.summary_sentences import ReportSentence
from text.numbers import states_quantity


@dataclass(frozen=True)
class PickConfig:
    """Weights of a sentence's worth (centrality is 0..1 within its sub-part)."""

    centrality: float = 0.5
    fact: float = 1.0  # states a fact of the kind wanted
    more_facts: float = 0.2  # each further fact (another indicator or measure), up to two more
    opening: float = 0.3  # in the sub-part's first paragraph, which states its point
    headline: float = 0.2  # the sub-part's first sentence stating a fact of the kind wanted
    figure: float = 0.4  # a figure, but no fact of the kind wanted
    action: float = 0.2  # says something is done or decided
    frame: float = -0.6
    empty: float = -1.0


def textrank(sentences: list[ReportSentence], damping: float = 0.85, iterations: int = 50) -> np.ndarray:
    """Centrality of each sentence in the graph of shared words (Mihalcea & Tarau 2004): shape (n,),
    summing to about 1; edge weight |shared tokens| / (log|a| + log|b|), as in the paper."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0)
    w = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(sentences[i].tokens & sentences[j].tokens)
            if shared:
                norm = math.log(len(sentences[i].tokens) + 1) + math.log(len(sentences[j].tokens) + 1)
                w[i, j] = w[j, i] = shared / norm
    out = w.sum(axis=1)
    out[out == 0] = 1.0
    m = w / out[:, None]
    score = np.ones(n) / n
    for _ in range(iterations):
        score = (1 - damping) / n + damping * m.T @ score
    return score


def content_score(s: ReportSentence, basis: str | None = None, cfg: PickConfig = PickConfig()) -> float:
    """What a sentence carries, by rule: facts of `basis` ("plan", "actual"; None: any), a figure,
    an action; less for a frame or a sentence with nothing checkable."""
    stated = {(f.indicator, f.measure) for f in s.facts if basis is None or f.basis == basis}
    score = 0.0
    if stated:
        score += cfg.fact + cfg.more_facts * min(2, len(stated) - 1)
    elif s.facts or states_quantity(s.text):
        score += cfg.figure
    if states_action(s.text):
        score += cfg.action
    if is_frame(s.text):
        score += cfg.frame
    if is_empty(s.text, s.facts):
        score += cfg.empty
    return score


def _carries(s: ReportSentence, basis: str | None) -> bool:
    return any(basis is None or f.basis == basis for f in s.facts)


def ranked(
    part: list[ReportSentence], basis: str | None, cfg: PickConfig
) -> list[tuple[float, ReportSentence]]:
    """A sub-part's quotable sentences with their worth, best first (formulas left out)."""
    quotable = [s for s in part if not is_formula(s.text)]
    opening = part[0].paragraph if part else -1
    headline = next((s for s in quotable if _carries(s, basis)), None)
    rank = textrank(quotable)
    rank = rank / (rank.max() if len(rank) and rank.max() > 0 else 1.0)
    scored = [
        (
            cfg.centrality * float(r)
            + content_score(s, basis, cfg)
            + cfg.opening * (s.paragraph == opening)
            + cfg.headline * (s is headline),
            s,
        )
        for r, s in zip(rank, quotable, strict=True)
    ]
    return sorted(scored, key=lambda x: (-x[0], x[1].start))


def pick_in_turn(
    parts: list[list[ReportSentence]],
    k: int,
    basis: str | None = None,
    taken: list[ReportSentence] | None = None,
    cfg: PickConfig = PickConfig(),
) -> list[ReportSentence]:
    """Up to `k` sentences, one from each sub-part in turn, none near-identical to another or to one
    already `taken`; in document order. Each round goes through the parts whose best sentence
    states a fact of `basis` in document order (a report states its main results and targets
    first), then the others, best first; with fewer sentences than parts, the first of these speak."""
    queues = [q for q in (ranked(p, basis, cfg) for p in parts) if q]
    seen = [fingerprint(s.text) for s in taken or []]
    chosen: list[ReportSentence] = []
    while len(chosen) < k and any(queues):
        carrying = [q for q in queues if q and _carries(q[0][1], basis)]
        others = sorted((q for q in queues if q and not _carries(q[0][1], basis)), key=lambda q: -q[0][0])
        for queue in carrying + others:
            if len(chosen) >= k:
                break
            while queue:
                _, s = queue.pop(0)
                mark = fingerprint(s.text)
                if not any(near_identical(mark, other) for other in seen):
                    chosen.append(s)
                    seen.append(mark)
                    break
    return sorted(chosen, key=lambda s: s.start)


def distinct(candidates: list[ReportSentence], k: int) -> list[ReportSentence]:
    """The first `k` of `candidates` (best first) of which none is near-identical to another, in
    document order."""
    chosen: list[ReportSentence] = []
    marks: list[Fingerprint] = []
    for s in candidates:
        mark = fingerprint(s.text)
        if len(chosen) < k and not any(near_identical(mark, other) for other in marks):
            chosen.append(s)
            marks.append(mark)
    return sorted(chosen, key=lambda s: s.start)
