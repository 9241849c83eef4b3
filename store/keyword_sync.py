"""The indexes derived from the store's chunks, kept in step with it: the keyword index and the
facts (store/fact_index.py). Opened and checked on first use, rebuilt from the store when a file is
damaged, and updated for documents they lack or hold in an old version (or, for facts, read by an
older extractor)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Protocol

from core.types import Chunk
from facts.extract import facts_of_report
from store.fact_index import FACTS_FILE, FactIndex
from store.keywords import KeywordIndex, KeywordIndexError, keyword_entries
from store.records import DocumentRecord

log = logging.getLogger(__name__)
KEYWORDS_FILE = "keywords.sqlite"


class DocumentSource(Protocol):
    """What the keeper reads of the store: its committed documents and their live chunks."""

    def documents(self) -> list[DocumentRecord]: ...

    def chunks_of(self, doc_id: str) -> list[Chunk]: ...


class KeywordKeeper:
    """The keyword index of the store at `db_dir`, and the notices about it a user should hear."""

    def __init__(self, db_dir: Path, source: DocumentSource) -> None:
        self.path = Path(db_dir) / KEYWORDS_FILE
        self.source = source
        self.notices: list[str] = []
        self._index: KeywordIndex | None = None
        self._facts: FactIndex | None = None
        self.facts_path = Path(db_dir) / FACTS_FILE

    @property
    def index(self) -> KeywordIndex:
        """The index, opened and brought in step on first use; a file that is not whole is rebuilt."""
        if self._index is None:
            index = None
            try:
                index = KeywordIndex(self.path)
                index.check()
            except KeywordIndexError as e:
                self.notice(f"关键词索引 {self.path} 不可用（{e}），正在从知识库重建")
                if index is not None:
                    index.close()
                for stale in (self.path, Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                    stale.unlink(missing_ok=True)
                index = KeywordIndex(self.path)
            self._index = index
            rebuilt = self.sync()
            if self.notices and rebuilt:
                self.notice(f"关键词索引已重建：{rebuilt} 篇文档")
        return self._index

    @property
    def facts(self) -> FactIndex:
        """The fact index, opened and brought in step on first use; an unreadable file is rebuilt."""
        if self._facts is None:
            try:
                self._facts = FactIndex(self.facts_path)
                self._facts.versions()
            except sqlite3.DatabaseError as e:
                self.notice(f"事实索引 {self.facts_path} 不可用（{e}），正在从知识库重建")
                for stale in (
                    self.facts_path,
                    Path(f"{self.facts_path}-wal"),
                    Path(f"{self.facts_path}-shm"),
                ):
                    stale.unlink(missing_ok=True)
                self._facts = FactIndex(self.facts_path)
            self.sync()
        return self._facts

    def notice(self, message: str) -> None:
        """Something the user should hear about the store (printed by the command line and the app)."""
        log.warning(message)
        self.notices.append(message)

    def refresh(self) -> bool:
        """Bring this process's copy in step with the file; a document whose entry is found damaged
        is indexed again from the store. True when anything changed."""
        index = self.index
        changed = index.refresh()
        if index.damaged:
            damaged, index.damaged = index.damaged, []
            self.notice(
                f"关键词索引中 {len(damaged)} 篇文档的条目已损坏，已从知识库重建：{'、'.join(damaged[:5])}"
            )
            self.sync()
            index.refresh()
            changed = True
        return changed

    def sync(self) -> int:
        """Index documents the index lacks or holds in an old version, drop those the store no
        longer has. Returns how many documents were (re)indexed or dropped."""
        index, facts = self.index, self.facts
        records = {r.doc_id: r for r in self.source.documents()}
        held, held_facts = index.versions(), facts.versions()
        gone = (held.keys() | held_facts.keys()) - records.keys()
        for doc_id in gone:
            index.delete_document(doc_id)
            facts.delete_document(doc_id)
        stale = [d for d, r in records.items() if held.get(d) != r.version or held_facts.get(d) != r.version]
        for doc_id in stale:
            record, chunks = records[doc_id], self.source.chunks_of(doc_id)
            if held.get(doc_id) != record.version:
                index.upsert_document(doc_id, record.version, keyword_entries(chunks))
            if held_facts.get(doc_id) != record.version:
                facts.upsert_document(doc_id, record.version, facts_of_report(chunks, record.meta))
        return len(stale) + len(gone)
