"""The extractive answerer's settings (qa/extractive.py), chosen with `python -m bench.answers`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractiveConfig:
    """Sentence scoring; chosen with `python -m bench.answers` on bench/questions/dev.jsonl."""

    k: int = 5  # chunks read
    overlap_weight: float = 0.3  # share of the question's words the sentence holds
    phrase_weight: float = 0.1  # longest run of the question's characters, per 10 characters
    figure_weight: float = 0.05  # a figure, when the question asks for one
    rank_weight: float = 0.15  # 1 / rank of the sentence's chunk
    lead_weight: float = 0.2  # a section's first sentence, by how much of the question its heading holds
    min_score: float = 1.05  # below this, the reports are said not to hold the answer
    # When the question uses words no report uses (上海市, 比特币), the reports are likely about
    # something else however close the wording: the best sentence's own similarity to the question
    # must then reach this (paraphrases in everyday words that are answered reach it).
    min_similarity_unknown: float = 0.90
    # A sentence stating a figure must hold one of the question's this many most specific words, or
    # reach min_similarity_unknown ("载人登月工程的预算" is not answered by 中央预算内投资).
    subject_words: int = 2
    # a question about a section also quotes the most central sentence of the chosen passage
    section_sentence: bool = True
    # a sentence this short announces a topic: the next sentence of its paragraph is quoted too
    topic_chars: int = 24
    min_sentence_chars: int = 4  # shorter "sentences" (一是：) are never quoted
    phrase_cap: int = 10  # a run of the question's characters counts up to this long (phrase_weight)
    second_candidates: int = 2  # the next best sentences that may be quoted beside the best one
    second_ratio: float = 0.97  # a second sentence is quoted when it scores this close to the first
    other_report_ratio: float = 0.9  # ... and another report's best, for a question naming no year
    # a figure question is answered by the best of this many closest sentences that states a figure
    # of what it names, within this share of the best score
    figure_candidates: int = 3
    figure_ratio: float = 0.95
    # ... and a count (多少个村), whose measure word and thing counted are a surer sign, of more
    count_candidates: int = 6
    count_ratio: float = 0.85
