"""The answer without a language model: the report's own sentence that answers the question.

The retriever's top chunks are cut into sentences; each sentence is scored against the question
(its stored vector's similarity, the question's words and longest phrase it holds, a figure when
the question asks for one, its chunk's rank). The best sentence is quoted with its citation; for
a question asking 多少/比例/目标 the figure nearest the question's own words is stated first. When
no sentence is close enough, the answer says the reports do not hold it, and which were searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.types import Hit
from qa.relevance import missing_subject, unknown_words
from qa.types import NOT_FOUND, Answer, citation_for
from retriever.boosts import shared_run
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters, ParsedQuestion, parse_question, related_words
from text.numbers import Figure, figures_in, states_quantity, with_qualifier
from text.sentences import bare, names_a_topic, sentence_spans
from text.tokens import tokenize
from text.width import normalize_width

# A question about a part of a report as a whole rather than one fact of it.
_SECTION_QUESTION = re.compile(r"方面|部分|总体|哪些|什么要求|做什么|怎么说|部署|什么变化")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


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


@dataclass
class Scored:
    hit: Hit
    rank: int
    sentence: str
    offset: int  # of the sentence in the chunk text
    score: float
    similarity: float = 0.0  # of the sentence's vector to the question's
    vector: np.ndarray | None = None


class ExtractiveAnswerer:
    """Answers from the retrieved sentences alone; needs no language model."""

    name = "extractive"

    def __init__(self, retriever: HybridRetriever, config: ExtractiveConfig | None = None) -> None:
        self.retriever = retriever
        self.config = config or ExtractiveConfig()

    def answer(self, question: str, filters: Filters | None = None) -> Answer:
        result = self.retriever.search(question, k=self.config.k, filters=filters)
        parsed = parse_question(question)
        scored = self.score(parsed, result)
        if parsed.wants_number:  # a question asking for a figure is answered by a sentence stating one
            scored = [x for x in scored if states_quantity(x.sentence)]
        if not scored or scored[0].score < self.config.min_score:
            return self.not_found(question, result)
        best = scored[0]
        unknown = unknown_words(self.retriever.store.keywords, parsed)
        if unknown and best.similarity < self.config.min_similarity_unknown:
            return self.not_found(question, result, f"报告中没有出现“{'”“'.join(unknown[:3])}”")
        # (only figures: for other questions a rare word missing from the passage is often just
        # worded otherwise, and held-out answers suffered)
        keywords = self.retriever.store.keywords
        n = self.config.subject_words
        missing = missing_subject(keywords, parsed, best.sentence, n) if parsed.wants_number else []
        if missing and best.similarity < self.config.min_similarity_unknown:
            return self.not_found(question, result, f"找到的内容没有提及“{'”“'.join(missing)}”")
        absent = self._absent_years(parsed, result, best)
        if absent:
            reason = f"已收录的报告中没有{absent}的报告，找到的内容也未提及该年"
            return self.not_found(question, result, reason)
        close = [
            s
            for s in scored[1 : 1 + self.config.second_candidates]
            if s.score >= self.config.second_ratio * best.score and s.hit.chunk.id != best.hit.chunk.id
        ]
        picked = [best, *close[:1]]
        if not parsed.wants_number and len(best.sentence) <= self.config.topic_chars:
            following = self.following_sentence(best, scored)
            if following is not None and following not in picked:
                picked.insert(1, following)
        if self.config.section_sentence and _SECTION_QUESTION.search(parsed.text):
            central = self.central_sentence(best, scored)
            if central is not None and central not in picked:
                picked.insert(1, central)
        if parsed.years is None:
            # a question naming no year may be answered differently by another year's report
            # ("僵尸企业怎么处置" in 2016 and in 2017): its best sentence is shown too, as such
            other = next((s for s in scored if s.hit.chunk.doc_id != best.hit.chunk.doc_id), None)
            if (
                other is not None
                and other not in picked
                and other.score >= self.config.other_report_ratio * best.score
            ):
                picked.append(other)
        citations = [
            citation_for(n, s.hit, result.documents.get(s.hit.chunk.doc_id), s.sentence, s.offset)
            for n, s in enumerate(picked, 1)
        ]
        lines = []
        if parsed.wants_number:
            value, _ = pick_figure(parsed.text, best.sentence)
            if value:
                lines.append(f"{value}。")
        lines += [f"{c.label()}：“{c.quote}”[{c.n}]" for c in citations]
        return Answer(question, "\n".join(lines), True, self.name, citations, filter=result.applied())

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
        out.sort(key=lambda s: -s.score)
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

    def _absent_years(self, parsed: ParsedQuestion, result: SearchResult, best: Scored) -> str:
        """ "2020年" when the question names years that no stored report is of (nor reviews) and the
        chosen chunk does not mention either; "" otherwise."""
        if parsed.years is None or result.years_from_question is not None:
            return ""
        lo, hi = parsed.years
        if any(lo <= y <= hi + 1 for y in self.retriever.years()):
            return ""
        mentioned = {int(y) for y in re.findall(r"((?:19|20)\d{2})年", normalize_width(best.hit.chunk.text))}
        if any(lo <= y <= hi for y in mentioned):
            return ""
        return f"{lo}年" if lo == hi else f"{lo}—{hi}年"

    def not_found(self, question: str, result: SearchResult, reason: str = "") -> Answer:
        searched = searched_reports(self.retriever, result.filters)
        text = (
            f"{NOT_FOUND}与该问题直接相关的内容。"
            + (f"{reason}。" if reason else "")
            + f"已检索：{searched}。"
        )
        return Answer(question, text, False, self.name, [], searched=searched, filter=result.applied())


def searched_reports(retriever: HybridRetriever, filters: Filters) -> str:
    """Which reports a search looked at, in a few words: 《A》、《B》等 26 份报告."""
    docs = [
        r for d, r in retriever.documents.items() if filters.empty or filters.matches(d, r.meta.to_dict())
    ]
    if not docs:
        return "没有符合筛选条件的报告"
    names = [f"《{r.meta.title or r.doc_id}》" for r in docs[:3]]
    return "、".join(names) + (f"等 {len(docs)} 份报告" if len(docs) > 3 else "")


def pick_figure(question: str, sentence: str, terms: set[str] | None = None) -> tuple[str, str]:
    """The figure of the sentence that the question asks for: the one nearest after the question's
    own words (or `terms`), with its unit and qualifier: ("87.7%", "") for 两委交叉任职比例 in
    "一人兼的比例达到了92%,两委成员交叉任职达到87.7%"; ("1300万人以上", "人")."""
    found = figures_in(sentence)
    if not found:
        return "", ""
    norm = normalize_width(sentence)
    ends = []
    for token in [*tokenize(question), *(terms or ())]:
        if len(token) < 2:
            continue
        for m in re.finditer(re.escape(token), norm):
            ends.append((m.start(), m.end()))
    if not ends:
        return with_qualifier(sentence, found[0])

    def distance(f: Figure) -> float:
        after = [f.start - e for _, e in ends if e <= f.start]
        before = [s - f.end for s, _ in ends if s >= f.end]
        return min([*after, *(1.5 * d + 10 for d in before)] or [1e9])

    return with_qualifier(sentence, min(found, key=distance))
