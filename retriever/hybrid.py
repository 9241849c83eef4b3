"""Hybrid search: dense vectors from Chroma and BM25 over jieba tokens, fused by reciprocal rank.

Everything a query needs is loaded when the retriever is built (embedder, keyword index, the
document list); a query only embeds the question, asks Chroma and scores the in-memory BM25 arrays.
Another process's ingest is noticed by one cheap version check per query.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.settings import get_settings
from core.types import Hit
from ingest.embed import load_embeddings
from ingest.store import DocumentRecord, ReportStore, chunk_from_record
from ingest.tokens import tokenize
from retriever.query import Filters, ParsedQuestion, parse_question
from retriever.rerank import CrossEncoderReranker, Reranker

log = logging.getLogger(__name__)

# A figure: digits, or Chinese numerals with a measure word ("一百二十座", "三年来" does not count).
_HAS_NUMBER = re.compile(
    r"[\d０-９]|[一二三四五六七八九十两][十百千万亿]*[百千万亿]?[座项家所名人户次倍元吨条件]"
)


@dataclass(frozen=True)
class RetrieverConfig:
    """Fusion settings; the defaults were chosen on bench/questions/dev.jsonl (see bench/retrieval.py).

    Reciprocal rank fusion (Cormack et al. 2009): score = Σ weight / (rrf_k + rank), with the usual
    rrf_k = 60, so that one list's top rank cannot drown the other list.
    """

    rrf_k: int = 60
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    candidates: int = 40  # taken from each list before fusion
    number_bonus: float = 0.3  # relative boost of chunks holding a number when the question asks for one
    rerank_top: int = 20  # fused hits the reranker re-scores, when one is set


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
        self._documents: dict[str, DocumentRecord] = {}
        self.refresh(force=True)

    # --- state ----------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        """Take in documents ingested or deleted since the last query (by any process)."""
        with self._lock:
            changed = self.store.keywords.refresh()
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
        hits = self._fuse(parsed, self._dense(parsed, allowed), self._bm25(parsed, allowed))
        if rerank and self.reranker is not None and hits:
            hits = self.reranker.rerank(parsed.text, hits[: self.config.rerank_top])
        result.hits = hits[:k]
        result.documents = {h.chunk.doc_id: self._documents[h.chunk.doc_id] for h in result.hits}
        return result

    def _question_years(self, parsed: ParsedQuestion) -> tuple[int, int] | None:
        """The year span a question names, when the store holds reports of it. A question about
        what happened in a year ("2015年实际增长") also looks at the next year's report."""
        if parsed.years is None:
            return None
        lo, hi = parsed.years
        if parsed.reviews:
            hi += 1
        if any(lo <= y <= hi for y in self.years()):
            return lo, hi
        return None

    def _allowed(self, filters: Filters) -> set[str] | None:
        if filters.empty:
            return None
        return {d for d, r in self._documents.items() if filters.matches(d, r.meta.to_dict())}

    def _dense(
        self, parsed: ParsedQuestion, allowed: set[str] | None
    ) -> list[tuple[str, str, dict[str, Any]]]:
        vector = self.embeddings.embed_query(parsed.text)
        where = None if allowed is None else {"doc_id": {"$in": sorted(allowed)}}
        n = self.store.chunks.count()
        if n == 0:
            return []
        got = self.store.chunks.query(
            query_embeddings=[vector],
            n_results=min(self.config.candidates, n),
            where=where,
            include=["documents", "metadatas"],
        )
        live = self._documents
        return [
            (i, t, md)
            for i, t, md in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], strict=True)
            if md.get("doc_id") in live and live[md["doc_id"]].version == md.get("version")
        ]

    def _bm25(self, parsed: ParsedQuestion, allowed: set[str] | None) -> list[str]:
        tokens = tokenize(parsed.text)
        for word in parsed.expansions:
            tokens += tokenize(word)
        return [cid for cid, _ in self.store.keywords.search(tokens, self.config.candidates, allowed)]

    def _fuse(
        self, parsed: ParsedQuestion, dense: list[tuple[str, str, dict[str, Any]]], bm25: list[str]
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
        for rank, cid in enumerate(bm25, 1):
            scores[cid] = scores.get(cid, 0.0) + c.bm25_weight / (c.rrf_k + rank)
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
            if parsed.wants_number and _HAS_NUMBER.search(text):
                score *= 1 + c.number_bonus
            hits.append(Hit(chunk_from_record(cid, text, md), score, tuple(sources[cid])))
        hits.sort(key=lambda h: -h.score)
        return hits


def open_retriever(db_dir: Path | None = None, with_reranker: bool = True) -> HybridRetriever:
    """The retriever over the configured store, embedder and (when set) reranker, loaded once."""
    settings = get_settings()
    store = ReportStore(Path(db_dir or settings.db_dir), load_embeddings(settings.embedder))
    reranker = CrossEncoderReranker(settings.reranker) if with_reranker and settings.reranker else None
    return HybridRetriever(store, reranker=reranker)
