"""Every sentence of the retrieved chunks scored against a question (qa/extractive.py quotes the
best): its stored vector's similarity, the question's words and longest phrase it holds, a figure
when the question asks for one, its chunk's rank, and a section's opening sentence by how much of
the question its heading holds. In a notice written as questions and answers, the answer after a
question takes the question's score."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.types import Hit
from qa.relevance import question_words
from retriever.boosts import shared_run
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import ParsedQuestion, related_words
from text.numbers import figures_in
from text.sentences import bare, is_question, names_a_topic, sentence_spans
from text.tokens import tokenize
from text.width import normalize_width

if TYPE_CHECKING:
    from qa.extractive_config import ExtractiveConfig


@dataclass
class Scored:
    hit: Hit
    rank: int
    sentence: str
    offset: int  # of the sentence in the chunk text
    score: float
    similarity: float = 0.0  # of the sentence's vector to the question's
    vector: np.ndarray | None = None
    answers_a_question: bool = False  # stands in the answer to a notice's question (问：…？答：…)


class SentenceScorer:
    """Scores the sentences of a search result; the weights are ExtractiveConfig's."""

    def __init__(self, retriever: HybridRetriever, config: ExtractiveConfig) -> None:
        self.retriever = retriever
        self.config = config

    def score(self, parsed: ParsedQuestion, result: SearchResult) -> list[Scored]:
        """Every sentence of the retrieved chunks, best first."""
        c = self.config
        if not result.hits:
            return []
        qv = self.retriever.question_vector(parsed)
        vectors = self._sentence_vectors([h.chunk.id for h in result.hits])
        q_tokens = set(tokenize(parsed.text))
        # an everyday word of the question (名胜) is found in a sentence through any word of its
        # group (景区): each counts as one word of the question, its own tokens no longer
        everyday_tokens = {t for w in parsed.everyday for t in tokenize(w)}
        plain = q_tokens - everyday_tokens
        concepts = [related_words(w) for w in parsed.everyday]
        n_words = len(plain) + len(concepts)
        out = []
        for rank, hit in enumerate(result.hits, 1):
            text = hit.chunk.text
            # A section's opening sentence states what the section is about: it answers a question
            # about the section as a whole ("环境治理部分总体怎么说") as far as the question names it.
            lead = 0.0
            if hit.chunk.section_path and bare(text).startswith(bare(hit.chunk.section_path[-1])):
                heading_words = set(tokenize(hit.chunk.section_path[-1]))
                lead = len(q_tokens & heading_words) / len(q_tokens) if q_tokens else 0.0
            for offset, sentence in sentence_spans(text):
                if len(sentence) >= c.min_sentence_chars and not names_a_topic(sentence, hit.chunk):
                    v = vectors.get((hit.chunk.id, sentence))
                    sim = float(v @ qv) if v is not None else 0.0
                    words = set(tokenize(sentence))
                    low = normalize_width(sentence).lower()
                    found = len(plain & words) + sum(1 for g in concepts if any(w in low for w in g))
                    overlap = found / n_words if n_words else 0.0
                    run = min(shared_run(parsed.text, sentence), c.phrase_cap) / c.phrase_cap
                    figure = 1.0 if parsed.wants_number and figures_in(sentence) else 0.0
                    opening, lead = lead, 0.0
                    score = (
                        sim
                        + c.lead_weight * opening
                        + c.overlap_weight * overlap
                        + c.phrase_weight * run
                        + c.figure_weight * figure
                        + c.rank_weight / rank
                    )
                    out.append(Scored(hit, rank, sentence, offset, score, sim, v))
        out = self.answers_take_questions(out, parsed.text)
        out.sort(key=lambda s: -s.score)
        return out

    def answers_take_questions(self, scored: list[Scored], question: str = "") -> list[Scored]:
        """In a notice written as questions and answers (问：…？答：…), the sentence asking is never
        quoted: the sentences of the answer after it, up to the next question, gain half its score
        (a quarter when it does not ask for the thing asked: "哪些材料" is answered after a
        question about 材料), except those
        that only say the question again ("答：关于哪些人员可以申领补贴，这里统一说明。"), so the
        one that answers is quoted."""
        thing = asked_thing(question)
        by_chunk: dict[str, list[Scored]] = {}
        for s in scored:
            by_chunk.setdefault(s.hit.chunk.id, []).append(s)
        out = []
        for sentences in by_chunk.values():
            sentences.sort(key=lambda s: s.offset)
            asked: Scored | None = None
            for s in sentences:
                if is_question(s.sentence, _whole_line(s)):
                    asked = s
                    continue
                if asked is not None:  # the answer runs to the next question (a list, on its lines)
                    if _repeats(s.sentence, asked.sentence):  # "答：关于…，这里统一说明。": not quoted
                        s.score *= _REPEAT_FACTOR
                    else:
                        same_thing = thing is None or thing in normalize_width(asked.sentence)
                        s.score += (_SAME_THING if same_thing else _OTHER_THING) * asked.score
                        s.answers_a_question = True
                out.append(s)
        return out

    def following_sentence(self, best: Scored, scored: list[Scored]) -> Scored | None:
        """The sentence after a short best one in its paragraph: a short sentence announces a topic
        ("抓好财税体制改革这个重头戏。") that the next one spells out. (Asking that it also open its
        paragraph gave the same on dev and one held-out answer less.)"""
        text = best.hit.chunk.text
        end = best.offset + len(best.sentence)
        after = [
            s
            for s in scored
            if s.hit.chunk.id == best.hit.chunk.id and s.offset >= end and "\n" not in text[end : s.offset]
        ]
        return min(after, key=lambda s: s.offset) if after else None

    def central_sentence(self, best: Scored, scored: list[Scored]) -> Scored | None:
        """The sentence of the best sentence's chunk closest in meaning to all the others: what the
        passage as a whole says, for a question about a section ("加强学习方面有什么要求")."""
        own = [s for s in scored if s.hit.chunk.id == best.hit.chunk.id and s.vector is not None]
        if len(own) < 3:
            return None
        m = np.stack([s.vector for s in own if s.vector is not None])
        sims = m @ m.T
        centrality = (sims.sum(axis=1) - 1.0) / (len(own) - 1)
        return own[int(np.argmax(centrality))]

    def _sentence_vectors(self, chunk_ids: list[str]) -> dict[tuple[str, str], np.ndarray]:
        out = {}
        for row in self.retriever.store.sentence_rows(chunk_ids):
            v = np.asarray(row.vector, dtype=np.float32)
            out[(row.chunk_id, row.text)] = v / (np.linalg.norm(v) or 1.0)
        return out


# The share of its question's score an answer's sentence gains: its question asks for the thing
# asked, or not. (Lifting answers only up to their question's score instead let a question that
# shares the asked words but not the thing win: 1 answer less on the facts set, 1 more on facts2.)
_SAME_THING = 0.5
_OTHER_THING = 0.25
_REPEAT_FACTOR = 0.8  # a sentence saying its question again falls below the sentences that answer
_ASKED_THING = re.compile(
    r"(?:哪些|哪个|哪类|哪种|什么|何种)([\u4e00-\u9fff]{1,4}?)(?:[？?，,。]|$|可以|能|要|需要)"
)


def asked_thing(question: str) -> str | None:
    """The thing a question asks for by name: 材料 of "需要提交哪些材料", 电话 of "打哪个电话"."""
    m = _ASKED_THING.search(normalize_width(question))
    return m.group(1) if m else None


def _whole_line(s: Scored) -> bool:
    """Whether a sentence is a line of its chunk by itself."""
    text = s.hit.chunk.text
    end = s.offset + len(s.sentence)
    return (s.offset == 0 or text[s.offset - 1] == "\n") and (end >= len(text.rstrip()) or text[end] == "\n")


def _repeats(sentence: str, question: str) -> bool:
    """Whether a sentence of an answer mostly says its question again: it holds half or more of
    the question's words of two characters or more and states nothing of its own (no figure)."""
    asked = {w for w in tokenize(question) if len(w) >= 2} - question_words()
    if not asked or figures_in(sentence):
        return False
    said = set(tokenize(sentence))
    return len(asked & said) / len(asked) >= 0.5
