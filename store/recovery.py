"""What an interrupted ingest leaves in a store, undone: chunks of versions the registry does not
name, and rows Chroma lists but its vector index lost. ReportStore.repair runs this holding the store.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from store.chroma import WRITE_BATCH, pages, restore_unindexed
from store.records import DocumentRecord

log = logging.getLogger(__name__)
# After a crash, the newest documents holding this many chunks are checked against Chroma's vector
# index: twice the 1,000 writes between two of its saves (no document has fewer sentences than chunks)
RECENT_CHUNKS = 2000


class Repairable(Protocol):
    """What recovery uses of the store (ReportStore): its collections and its public methods."""

    chunks: Any
    sentences: Any
    pending: Any

    def count_chunks(self) -> int: ...

    def documents(self) -> list[DocumentRecord]: ...

    def get_document(self, doc_id: str) -> DocumentRecord | None: ...

    def drop_other_versions(self, doc_id: str, keep: str | None) -> None: ...

    def sync_keywords(self) -> int: ...


def repair(store: Repairable, full: bool = False) -> int:
    """Drop the chunks of versions the registry does not name, for documents with a pending marker
    (all documents when `full`), put back rows the vector index lost, and bring the keyword index in
    step. Returns how many chunks were removed."""
    before = store.count_chunks()
    pending = store.pending.get()["ids"]
    for doc_id in pending:
        record = store.get_document(doc_id)
        store.drop_other_versions(doc_id, record.version if record else None)
        store.pending.delete(ids=[doc_id])
    if full:
        drop_orphans(store)
    if pending or full:
        # A writer killed inside a Chroma write can leave rows Chroma lists but its vector index
        # lost (seen under SIGKILL); those are written again, so that searches can find them.
        docs = None if full else recently_written(store, pending)
        restored = sum(restore_unindexed(c, WRITE_BATCH, docs) for c in (store.chunks, store.sentences))
        if restored:
            log.warning("重新写入了 %d 条中断时未进入向量索引的记录", restored)
        store.sync_keywords()
    removed = before - store.count_chunks()
    if removed:
        log.info("removed %d chunks left by an interrupted ingest", removed)
    return removed


def recently_written(store: Repairable, pending: list[str]) -> list[str]:
    """The documents whose rows a killed writer may have left out of Chroma's vector index: those
    it was writing, and the newest others until they hold RECENT_CHUNKS chunks (an index is saved
    every 1,000 writes, so older rows were saved with it)."""
    docs = set(pending)
    held = 0
    for record in sorted(store.documents(), key=lambda r: r.ingested_at, reverse=True):
        if held >= RECENT_CHUNKS:
            break
        docs.add(record.doc_id)
        held += record.chunk_count
    return sorted(docs)


def drop_orphans(store: Repairable) -> None:
    """Delete every chunk and sentence row of a version the registry does not name."""
    live = {r.doc_id: r.version for r in store.documents()}
    for collection in (store.chunks, store.sentences):
        orphans = [
            i
            for got in pages(collection, include=["metadatas"])
            for i, md in zip(got["ids"], got["metadatas"], strict=True)
            if live.get(str(md.get("doc_id"))) != md.get("version")
        ]
        for i in range(0, len(orphans), WRITE_BATCH):
            collection.delete(ids=orphans[i : i + WRITE_BATCH])
