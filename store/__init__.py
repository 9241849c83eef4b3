"""The knowledge base: documents, chunks and their vectors, the keyword index, and how they are
written safely. Everything that reads the store imports it from here, never from ingest/."""

from store.chroma import StoreError
from store.report_store import ReportStore

__all__ = ["ReportStore", "StoreError"]
