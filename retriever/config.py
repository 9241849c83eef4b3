"""The retriever's tuning, in one place: fusion, candidate counts, boosts and how often it looks for
other processes' writes. Chosen with `python -m bench.retrieval --grid` on the dev questions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetrieverConfig:
    """Fusion settings, chosen with `python -m bench.retrieval --grid` on bench/questions/dev.jsonl
    and checked on the held-out questions (README, "Retrieval quality").

    Reciprocal rank fusion (Cormack et al. 2009): score = Σ weight / (rrf_k + rank). rrf_k = 20
    (rather than the usual 60) lets the top of each list count for more. The keyword list's weight
    depends on the question: from bm25_weight when its best keyword match holds none of the
    question's words (a paraphrase, where keywords only mislead) up to bm25_weight_full when it
    holds all of them (an exact term or figure). Then relative boosts: a figure for a question
    asking for one, the year the question names, a long run of the question's own words.
    """

    rrf_k: int = 20
    dense_weight: float = 1.0
    bm25_weight: float = 0.0  # keyword weight when the question shares no words with any chunk
    bm25_weight_full: float = 0.5  # ... when the best keyword match holds all of its words
    coverage_power: float = 1.0
    candidates: int = 40  # taken from each list before fusion
    # sentences taken from the sentence index; 150 rather than 100 also steadies Chroma's
    # approximate search (with 100, a rank-5 hit came and went between identical runs); 200 gave
    # the same figures for ~8 ms more per query at 1,000 reports
    sentence_candidates: int = 150
    chunk_weight: float = 0.75  # dense score = best sentence similarity + chunk_weight * chunk similarity
    number_bonus: float = 0.3  # relative boost of chunks holding a number when the question asks for one
    year_bonus: float = 0.3  # relative boost of chunks speaking about the year the question names
    phrase_bonus: float = 0.1  # relative boost per character of the longest run shared with the question
    phrase_min: int = 4  # shorter shared runs ("政府工作") do not count
    rerank_top: int = 20  # fused hits the reranker re-scores, when one is set
    # With a Chroma server, how often a query looks for documents other processes wrote or deleted.
    remote_sync_seconds: float = 2.0
    question_vectors_kept: int = 64  # recent questions' vectors the answerer reuses
    # A question in everyday words (生娃, 看病) is embedded followed by the report's terms for them
    # (colloquial.txt): the dense query is this share of that vector plus the rest of the question's
    # own (1.0: that vector alone; 0.5 gave paraphrased hit@1 0.81 on dev rather than 0.88).
    official_weight: float = 1.0
    official_keywords: bool = True  # keyword search adds the report's terms for everyday words
    # relative boost of a chunk with one sentence holding the report's terms for all the question's
    # everyday words (名胜 入场费 下调 -> "降低重点国有景区门票价格"), in proportion to how many
    official_bonus: float = 0.3
