"""Hybrid search: dense vectors from Chroma and BM25 over jieba tokens, fused by reciprocal rank.

Everything a query needs is loaded when the retriever is built (embedder, keyword index, the
document list); a query only embeds the question, asks Chroma and scores the in-memory BM25 arrays.
Another process's ingest is noticed by one cheap version check per query.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from core.types import Chunk, Hit
from facts.question import named_places
from retriever.boosts import boosted
from retriever.config import RetrieverConfig
from retriever.fuse import RankedList, fuse_rrf
from retriever.query import Filters, ParsedQuestion, parse_question
from retriever.rerank import Reranker
from store import ReportStore
from store.records import DocumentRecord
from text.tokens import tokenize
from text.width import normalize_width

log = logging.getLogger(__name__)


@dataclass
class SearchResult:
    """The ranked hits of one question, the filters applied and the documents they come from."""

    question: str
    hits: list[Hit]
    filters: Filters
    years_from_question: tuple[int, int] | None = None
    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    place_from_question: str | None = None
    titles: dict[str, str | None] = field(default_factory=dict)  # of the reports the filter chose

    def applied(self) -> str:
        """Which filter was applied, in Chinese, for the user to see ("" when none)."""
        text = self.filters.describe(self.titles)
        if self.years_from_question:
            text += "（年份取自问题）"
        if self.place_from_question:
            text += "（地区取自问题）"
        return text


def distinct(hits: list[Hit]) -> list[Hit]:
    """The hits without the repeats of a passage already found in another report: two copies of
    one report kept side by side (a .txt and its web copy) must not be cited twice."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        key = "".join(normalize_width(hit.chunk.text).split())
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


class HybridRetriever:
    """Dense + BM25 retrieval over one ReportStore, with filters and an optional reranker."""

    def __init__(
        self, store: ReportStore, config: RetrieverConfig | None = None, reranker: Reranker | None = None
    ) -> None:
        if store.embeddings is None:
            raise ValueError("HybridRetriever needs a store opened with its embedder")
        self.store = store
        self.embeddings = store.embeddings
        self.config = config or RetrieverConfig()
        self.reranker = reranker
        self._lock = threading.Lock()
        self._synced = time.monotonic()
        self._documents: dict[str, DocumentRecord] = {}
        self._versions: dict[str, str] = {}  # doc id -> live version, what searches keep
        self._vectors: dict[str, np.ndarray] = {}
        self.refresh(force=True)

    # --- state ----------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """Take in documents ingested or deleted since the last query (by any process)."""
        with self._lock:
            # Another process may have written to the store on disk: reopen it to see its vectors.
            changed = self.store.catch_up()
            changed = self.store.refresh_keywords() or changed
            now = time.monotonic()
            if self.store.remote and (force or now - self._synced > self.config.remote_sync_seconds):
                # Another process may have written to the shared server: catch up from its registry.
                changed = self.store.sync_keywords() > 0 or changed
                self._synced = now
            if changed or force:
                self._documents = {r.doc_id: r for r in self.store.documents()}
                self._versions = {d: r.version for d, r in self._documents.items()}

    @property
    def documents(self) -> dict[str, DocumentRecord]:
        return self._documents

    def years(self) -> set[int]:
        return {r.meta.year for r in self._documents.values() if r.meta.year is not None}

    def places(self) -> set[str]:
        """The places the stored reports speak for (鹤泉县, 四川省, 全国)."""
        return {r.meta.place for r in self._documents.values() if r.meta.place}

    # --- search ---------------------------------------------------------------------------

    def search(
        self,
        question: str,
        k: int = 5,
        filters: Filters | None = None,
        use_question_years: bool = True,
        rerank: bool = True,
    ) -> SearchResult:
        """The k best chunks for a question within the filters."""
        self.refresh()
        parsed = parse_question(question)
        filters = filters or Filters()
        from_question = None
        if use_question_years and filters.year_from is None and filters.year_to is None:
            span = self._question_years(parsed)
            if span:
                # a notice of no known year may still answer ("2024年看病…最晚什么时候申请")
                filters, from_question = filters.with_years(*span, undated=True), span
        place = None
        if use_question_years and filters.place is None:
            places = self.places()
            named = named_places(parsed.text, places)  # several: the answerer compares them
            place = named[0] if len(named) == 1 else None
            filters = filters if place is None else filters.with_place(place)
        allowed = self._allowed(filters)
        result = SearchResult(question, [], filters, from_question, place_from_question=place)
        chosen = filters.doc_ids or ()
        result.titles = {d: self._documents[d].meta.title for d in chosen if d in self._documents}
        if allowed is not None and not allowed:
            return result
        keyword_hits, coverage = self._bm25(parsed, allowed)
        best_sentences: dict[str, str] = {}
        hits = self._fuse(parsed, self._dense(parsed, allowed, best_sentences), keyword_hits, coverage)
        hits = distinct(hits)
        if rerank and self.reranker is not None and hits:
            hits = self.reranker.rerank(parsed.text, hits[: self.config.rerank_top], best_sentences)
        result.hits = hits[:k]
        result.documents = {h.chunk.doc_id: self._documents[h.chunk.doc_id] for h in result.hits}
        return result

    def _question_years(self, parsed: ParsedQuestion) -> tuple[int, int] | None:
        """The reports a question naming years may be answered by, when the store holds any: those
        of the years, and the next year's too (it reviews them: "2015年服务业比重" is answered by the
        2016 report), unless the question asks only for plans ("2016年GDP增长目标") or names the
        report by its year ("2015年政府工作报告中的…")."""
        if parsed.years is None:
            return None
        lo, hi = parsed.years
        if (parsed.reviews or not parsed.targets) and not parsed.of_report:
            hi += 1
        if any(lo <= y <= hi for y in self.years()):
            return lo, hi
        return None

    def _allowed(self, filters: Filters) -> set[str] | None:
        if filters.empty:
            return None
        return {d for d, r in self._documents.items() if filters.matches(d, r.meta.to_dict())}

    def _dense(
        self, parsed: ParsedQuestion, allowed: set[str] | None, best_sentences: dict[str, str] | None = None
    ) -> list[Chunk]:
        """Chunks by meaning, best first: each chunk scores its best-matching sentence plus a share
        of its own similarity, so a short question finds the one sentence that answers it inside a
        long chunk. The best sentence of each chunk is put in `best_sentences` (what a reranker reads)."""
        c = self.config
        vector = self.question_vector(parsed)
        found = {
            m.chunk.id: m for m in self.store.nearest_chunks(vector, c.candidates, self._versions, allowed)
        }
        best, texts = self._best_sentences(vector, allowed)
        if best_sentences is not None:
            best_sentences.update(texts)
        if not best:
            return [m.chunk for m in sorted(found.values(), key=lambda m: -m.similarity)]
        missing = [i for i in best if i not in found]
        found.update((m.chunk.id, m) for m in self.store.chunk_matches(missing, vector))
        floor = min(best.values())
        score = {i: best.get(i, floor) + c.chunk_weight * m.similarity for i, m in found.items()}
        return [found[i].chunk for i in sorted(score, key=lambda i: -score[i])]

    def question_vector(self, parsed: ParsedQuestion) -> np.ndarray:
        """The vector a question is searched with: its own, moved towards the question written with
        the report's terms for its everyday words when it has any (one more embedding then)."""
        vector = self.query_vector(parsed.text)
        w = self.config.official_weight
        if w <= 0 or parsed.with_official == parsed.text:
            return vector
        mixed = (1.0 - w) * vector + w * self.query_vector(parsed.with_official)
        return mixed / (np.linalg.norm(mixed) or 1.0)

    def query_vector(self, text: str) -> np.ndarray:
        """The question's unit vector, embedded once: the answerer scoring sentences for the same
        question reuses it (a few recent questions are kept)."""
        with self._lock:
            cached = self._vectors.get(text)
        if cached is not None:
            return cached
        vector = np.asarray(self.embeddings.embed_query(normalize_width(text)), dtype=np.float32)
        vector /= np.linalg.norm(vector) or 1.0
        with self._lock:
            if len(self._vectors) >= self.config.question_vectors_kept:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[text] = vector
        return vector

    def forget_questions(self) -> None:
        """Drop the kept question vectors (benchmarks time a question's embedding too)."""
        with self._lock:
            self._vectors.clear()

    def _best_sentences(
        self, vector: np.ndarray, allowed: set[str] | None
    ) -> tuple[dict[str, float], dict[str, str]]:
        """chunk id -> similarity of its best sentence among the nearest sentences, and its text."""
        best: dict[str, float] = {}
        texts: dict[str, str] = {}
        n = self.config.sentence_candidates
        for m in self.store.nearest_sentences(vector, n, self._versions, allowed):
            if m.similarity > best.get(m.chunk_id, -1.0):
                best[m.chunk_id], texts[m.chunk_id] = m.similarity, m.text
        return best, texts

    def _bm25(self, parsed: ParsedQuestion, allowed: set[str] | None) -> tuple[list[str], float]:
        """Chunks by keywords, and how fully the best of them matches the question's words (0-1)."""
        tokens = tokenize(parsed.text)
        more = [t for word in parsed.expansions for t in tokenize(word)]
        if self.config.official_keywords:
            more += [t for word in parsed.official for t in tokenize(word)]
        found = self.store.keywords.search(tokens, self.config.candidates, allowed)
        ideal = self.store.keywords.ideal_score(tokens)
        coverage = min(1.0, found[0][1] / ideal) if found and ideal > 0 else 0.0
        if more:  # the report's words for the user's: searched too, not held against (counting
            # them in the coverage let keywords outweigh meaning on held-out paraphrases)
            found = self.store.keywords.search(tokens + more, self.config.candidates, allowed)
        return [cid for cid, _ in found], coverage

    def _fuse(
        self, parsed: ParsedQuestion, dense: list[Chunk], bm25: list[str], coverage: float = 1.0
    ) -> list[Hit]:
        """Reciprocal rank fusion of both lists (retriever/fuse.py), then the boosts
        (retriever/boosts.py); best first. Keywords weigh more when the best keyword match holds
        the question's own words (exact terms, figures) and less when it is worded unlike the reports."""
        c = self.config
        bm25_weight = c.bm25_weight + (c.bm25_weight_full - c.bm25_weight) * coverage**c.coverage_power
        fused = fuse_rrf(
            [
                RankedList("dense", [ch.id for ch in dense], c.dense_weight),
                RankedList("bm25", bm25, bm25_weight),
            ],
            k=c.rrf_k,
        )
        chunks = {ch.id: ch for ch in dense}
        # keyword-only hits: their text and citation in one call (one removed by an ingest since the
        # index was read is left out)
        chunks.update(
            (ch.id, ch)
            for ch in self.store.chunks_by_id([f.chunk_id for f in fused if f.chunk_id not in chunks])
        )
        hits = []
        for f in fused:
            chunk = chunks.get(f.chunk_id)
            if chunk is None:
                continue
            record = self._documents.get(chunk.doc_id)
            score = boosted(f.score, parsed, chunk, record.meta.year if record else None, c)
            hits.append(Hit(chunk, score, f.sources))
        hits.sort(key=lambda h: -h.score)
        return hits
