"""Hybrid search: dense vectors from Chroma and BM25 over jieba tokens, fused by reciprocal rank.

Everything a query needs is loaded when the retriever is built (embedder, keyword index, the
document list); a query only embeds the question, asks Chroma and scores the in-memory BM25 arrays.
Another process's ingest is noticed by one cheap version check per query.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.settings import get_settings
from core.types import Hit
from retriever.boosts import HAS_NUMBER, official_coverage, overlaps_years, shared_run
from retriever.query import Filters, ParsedQuestion, parse_question
from retriever.rerank import CrossEncoderReranker, Reranker
from store import ReportStore
from store.embedders import load_embeddings
from store.ids import id_version
from store.records import DocumentRecord, chunk_from_record
from text.tokens import tokenize

log = logging.getLogger(__name__)
# Searches within allowed documents that make up at least this share of the store ask Chroma for
# OVERFETCH times as many nearest rows as they need per share (at most OVERFETCH_MAX) and keep the
# allowed ones (HybridRetriever._nearest).
OVERFETCH_MIN_SHARE = 0.02
OVERFETCH = 10
OVERFETCH_MAX = 10_000
# With a Chroma server, how often a query looks for documents other processes wrote or deleted.
REMOTE_SYNC_SECONDS = 2.0


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
    # A question in everyday words (生娃, 看病) is embedded followed by the report's terms for them
    # (colloquial.txt): the dense query is this share of that vector plus the rest of the question's
    # own (1.0: that vector alone; 0.5 gave paraphrased hit@1 0.81 on dev rather than 0.88).
    official_weight: float = 1.0
    official_keywords: bool = True  # keyword search adds the report's terms for everyday words
    # relative boost of a chunk with one sentence holding the report's terms for all the question's
    # everyday words (名胜 入场费 下调 -> "降低重点国有景区门票价格"), in proportion to how many
    official_bonus: float = 0.3


@dataclass
class SearchResult:
    """The ranked hits of one question, the filters applied and the documents they come from."""

    question: str
    hits: list[Hit]
    filters: Filters
    years_from_question: tuple[int, int] | None = None
    documents: dict[str, DocumentRecord] = field(default_factory=dict)

    def applied(self) -> str:
        """Which filter was applied, in Chinese, for the user to see ("" when none)."""
        text = self.filters.describe()
        if self.years_from_question:
            text += "（年份取自问题）"
        return text


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
            if self.store.remote and (force or now - self._synced > REMOTE_SYNC_SECONDS):
                # Another process may have written to the shared server: catch up from its registry.
                changed = self.store.sync_keywords() > 0 or changed
                self._synced = now
            if changed or force:
                self._documents = {r.doc_id: r for r in self.store.documents()}

    @property
    def documents(self) -> dict[str, DocumentRecord]:
        return self._documents

    def years(self) -> set[int]:
        return {r.meta.year for r in self._documents.values() if r.meta.year is not None}

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
                filters, from_question = filters.with_years(*span), span
        allowed = self._allowed(filters)
        result = SearchResult(question, [], filters, from_question)
        if allowed is not None and not allowed:
            return result
        keyword_hits, coverage = self._bm25(parsed, allowed)
        best_sentences: dict[str, str] = {}
        hits = self._fuse(parsed, self._dense(parsed, allowed, best_sentences), keyword_hits, coverage)
        if rerank and self.reranker is not None and hits:
            hits = self.reranker.rerank(parsed.text, hits[: self.config.rerank_top], best_sentences)
        result.hits = hits[:k]
        result.documents = {h.chunk.doc_id: self._documents[h.chunk.doc_id] for h in result.hits}
        return result

    def _question_years(self, parsed: ParsedQuestion) -> tuple[int, int] | None:
        """The reports a question naming years may be answered by, when the store holds any: those
        of the years, and the next year's too (it reviews them: "2015年服务业比重" is answered by the
        2016 report), unless the question asks only for plans ("2016年GDP增长目标")."""
        if parsed.years is None:
            return None
        lo, hi = parsed.years
        if parsed.reviews or not parsed.targets:
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
    ) -> list[tuple[str, str, dict[str, Any]]]:
        """Chunks by meaning: each chunk scores its best-matching sentence plus a share of its own
        similarity, so a short question finds the one sentence that answers it inside a long chunk.
        The best sentence of each chunk is put in `best_sentences` (what a reranker reads)."""
        c = self.config
        vector = self.question_vector(parsed)
        payload: dict[str, tuple[str, dict[str, Any]]] = {}
        chunk_sim: dict[str, float] = {}
        for i, t, md, d in self._nearest(self.store.chunks, vector, c.candidates, allowed):
            payload[i], chunk_sim[i] = (t, md), 1.0 - d
        best, texts = self._best_sentences(vector, allowed)
        if best_sentences is not None:
            best_sentences.update(texts)
        if not best:
            return [(i, *payload[i]) for i in sorted(chunk_sim, key=lambda i: -chunk_sim[i])]
        missing = [i for i in best if i not in payload]
        if missing:
            more = self.store.chunks.get(ids=missing, include=["documents", "metadatas", "embeddings"])
            for i, t, md, e in zip(
                more["ids"], more["documents"], more["metadatas"], more["embeddings"], strict=True
            ):
                e = np.asarray(e, dtype=np.float32)
                payload[i], chunk_sim[i] = (t, md), float(e @ vector / (np.linalg.norm(e) or 1.0))
        floor = min(best.values())
        score = {i: best.get(i, floor) + c.chunk_weight * chunk_sim[i] for i in payload if i in chunk_sim}
        return [(i, *payload[i]) for i in sorted(score, key=lambda i: -score[i])]

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
        vector = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        vector /= np.linalg.norm(vector) or 1.0
        with self._lock:
            if len(self._vectors) >= 64:
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
        nearest = self._nearest(
            self.store.sentences, vector, self.config.sentence_candidates, allowed, sentences=True
        )
        for _, t, md, d in nearest:
            cid = str(md["chunk_id"])
            if 1.0 - d > best.get(cid, -1.0):
                best[cid], texts[cid] = 1.0 - d, str(t)
        return best, texts

    def _nearest(
        self, collection: Any, vector: np.ndarray, n: int, allowed: set[str] | None, sentences: bool = False
    ) -> list[tuple[str, str, dict[str, Any], float]]:
        """The n live rows of a collection (chunks, or `sentences`) nearest the vector, within the
        allowed documents when given: id, text, metadata, cosine distance; nearest first.

        Within allowed documents that are not too few, the nearest rows of the whole store are
        asked for by id alone and those of the allowed documents kept (their ids name them):
        Chroma's own filtered search first reads every allowed row from SQLite, 1.1 s a question
        naming a year at 2,000 reports, against a few ms for 1,000 nearest ids. When the allowed
        documents are a small share, or too few of their rows come back, Chroma filters."""
        if allowed is not None and not allowed:
            return []
        query = {"query_embeddings": [vector.tolist()]}
        share = len(allowed) / max(1, len(self._documents)) if allowed is not None else 1.0
        if allowed is not None and share >= OVERFETCH_MIN_SHARE:
            ask = min(OVERFETCH_MAX, math.ceil(n / share * OVERFETCH))
            got = collection.query(**query, n_results=ask, include=["distances"])
            keep = [
                (i, d)
                for i, d in zip(got["ids"][0], got["distances"][0], strict=True)
                if self._live_id(i, allowed, sentences)
            ][:n]
            if len(keep) == n or len(got["ids"][0]) < ask:  # enough, or every row of the store seen
                if not keep:
                    return []
                rows = collection.get(ids=[i for i, _ in keep], include=["documents", "metadatas"])
                found = dict(
                    zip(rows["ids"], zip(rows["documents"], rows["metadatas"], strict=True), strict=True)
                )
                return [(i, *found[i], d) for i, d in keep if i in found]
        got = collection.query(
            **query,
            n_results=n,  # (Chroma returns fewer when there are fewer; counting costs 50 ms at 1M rows)
            where=None if allowed is None else {"doc_id": {"$in": sorted(allowed)}},
            include=["documents", "metadatas", "distances"],
        )
        rows = zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)
        return [(i, str(t), md, d) for i, t, md, d in rows if self._live(md)]

    def _live_id(self, row_id: str, allowed: set[str], sentence: bool) -> bool:
        """Whether a row id belongs to the live version of an allowed document."""
        doc_id, version = id_version(row_id, sentence)
        record = self._documents.get(doc_id) if doc_id in allowed else None
        return record is not None and record.version == version

    def _live(self, md: dict[str, Any]) -> bool:
        record = self._documents.get(str(md.get("doc_id")))
        return record is not None and record.version == md.get("version")

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
        self,
        parsed: ParsedQuestion,
        dense: list[tuple[str, str, dict[str, Any]]],
        bm25: list[str],
        coverage: float = 1.0,
    ) -> list[Hit]:
        """Reciprocal rank fusion of both lists, then the number preference; best first."""
        c = self.config
        scores: dict[str, float] = {}
        sources: dict[str, list[str]] = {}
        payload: dict[str, tuple[str, dict[str, Any]]] = {}
        for rank, (cid, text, md) in enumerate(dense, 1):
            scores[cid] = scores.get(cid, 0.0) + c.dense_weight / (c.rrf_k + rank)
            sources.setdefault(cid, []).append("dense")
            payload[cid] = (text, md)
        # Keywords weigh more when the best keyword match holds the question's own words (exact
        # terms, figures) and less when the question is worded unlike the reports.
        bm25_weight = c.bm25_weight + (c.bm25_weight_full - c.bm25_weight) * coverage**c.coverage_power
        for rank, cid in enumerate(bm25, 1):
            scores[cid] = scores.get(cid, 0.0) + bm25_weight / (c.rrf_k + rank)
            sources.setdefault(cid, []).append("bm25")
        missing = [cid for cid in scores if cid not in payload]
        if missing:  # keyword-only hits: their text and citation in one call
            got = self.store.chunks.get(ids=missing, include=["documents", "metadatas"])
            for i, t, md in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
                payload[i] = (t, md)
        hits = []
        for cid, score in scores.items():
            if cid not in payload:
                continue  # removed by an ingest since the index was read
            text, md = payload[cid]
            if parsed.wants_number and HAS_NUMBER.search(text):
                score *= 1 + c.number_bonus
            if parsed.years and overlaps_years(parsed.years, md):
                score *= 1 + c.year_bonus
            if c.official_bonus and parsed.everyday:
                score *= 1 + c.official_bonus * official_coverage(parsed, text)
            if c.phrase_bonus:
                run = shared_run(parsed.text, text)
                if run >= c.phrase_min:
                    score *= 1 + c.phrase_bonus * (run - c.phrase_min + 1)
            hits.append(Hit(chunk_from_record(cid, text, md), score, tuple(sources[cid])))
        hits.sort(key=lambda h: -h.score)
        return hits


def open_retriever(db_dir: Path | None = None, with_reranker: bool = True) -> HybridRetriever:
    """The retriever over the configured store, embedder and (when set) reranker, loaded once."""
    settings = get_settings()
    store = ReportStore(Path(db_dir or settings.db_dir), load_embeddings(settings.embedder))
    reranker = CrossEncoderReranker(settings.reranker) if with_reranker and settings.reranker else None
    return HybridRetriever(store, reranker=reranker)
