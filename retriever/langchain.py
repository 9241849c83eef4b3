"""The hybrid retriever as a langchain BaseRetriever, so that the chains in qa/ compose with it.

Each Document is one chunk; its metadata carries everything a citation needs (report, section,
paragraph, character offsets, page) plus the score, how it was found and the filter applied.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from core.types import Hit
from retriever.hybrid import HybridRetriever, SearchResult
from retriever.query import Filters
from store.records import DocumentRecord


def hit_metadata(
    hit: Hit, record: DocumentRecord | None, result: SearchResult | None = None
) -> dict[str, Any]:
    """A hit's citation and ranking data, as flat metadata."""
    c = hit.chunk
    meta = record.meta if record else None
    return {
        "chunk_id": c.id,
        "doc_id": c.doc_id,
        "title": meta.title if meta else None,
        "issuer": meta.issuer if meta else None,
        "year": meta.year if meta else None,
        "level": meta.level if meta else None,
        "source": record.source if record else None,
        "section": c.section,
        "section_path": list(c.section_path),
        "paragraph_index": c.paragraph_index,
        "char_start": c.char_start,
        "char_end": c.char_end,
        "page": c.page,
        "score": hit.score,
        "found_by": list(hit.sources),
        "filter": result.applied() if result else "",
    }


def to_documents(result: SearchResult) -> list[Document]:
    return [
        Document(
            page_content=h.chunk.text, metadata=hit_metadata(h, result.documents.get(h.chunk.doc_id), result)
        )
        for h in result.hits
    ]


class PolicyRetriever(BaseRetriever):
    """`retriever.invoke("两委交叉任职比例是多少")` -> chunk Documents with citation metadata."""

    hybrid: HybridRetriever
    k: int = 5
    filters: Filters | None = None
    use_question_years: bool = True

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        k: int | None = None,
        filters: Filters | None = None,
    ) -> list[Document]:
        result = self.hybrid.search(
            query, k=k or self.k, filters=filters or self.filters, use_question_years=self.use_question_years
        )
        return to_documents(result)
