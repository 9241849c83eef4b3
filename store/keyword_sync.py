"""The indexes derived from the store, kept in step with it: the keyword index, the facts
(store/fact_index.py) and the searched copy of the sentence vectors (store/sentence_index.py).
Opened and checked on first use, rebuilt from the store when a file is damaged, and updated for
documents they lack or hold in an old version (or, for facts, read by an older extractor)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol, TypeVar

from core.types import Chunk
from facts.extract import facts_of_report
from store.fact_index import FACTS_FILE, FactIndex
from store.keywords import KeywordIndex, KeywordIndexError, keyword_entries
from store.records import DocumentRecord
from store.sentence_index import SENTENCES_FILE, SentenceIndex, SentenceRow

log = logging.getLogger(__name__)
KEYWORDS_FILE = "keywords.sqlite"
_SAY_COPY_FROM = 20  # documents copied into the sentence index at once from which a line is printed
_Derived = TypeVar("_Derived", FactIndex, SentenceIndex)


class DocumentSource(Protocol):
    """What the keeper reads of the store: its committed documents and their live chunks."""

    def documents(self) -> list[DocumentRecord]: ...

    def chunks_of(self, doc_id: str) -> list[Chunk]: ...

    def stored_sentences(self, versions: dict[str, str]) -> Iterator[tuple[str, str, list[SentenceRow]]]: ...

    def release_sentence_vectors(self) -> None: ...


class KeywordKeeper:
    """The keyword index of the store at `db_dir`, and the notices about it a user should hear."""

    def __init__(self, db_dir: Path, source: DocumentSource) -> None:
        self.path = Path(db_dir) / KEYWORDS_FILE
        self.source = source
        self.notices: list[str] = []
        self._index: KeywordIndex | None = None
        self._facts: FactIndex | None = None
        self.facts_path = Path(db_dir) / FACTS_FILE
        self._sentences: SentenceIndex | None = None
        self.sentences_path = Path(db_dir) / SENTENCES_FILE

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
                _remove(self.path)
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
            self._facts = self._opened(FactIndex, self.facts_path, "事实索引")
            self.sync()
        return self._facts

    @property
    def sentences(self) -> SentenceIndex:
        """The searched sentence vectors, opened and brought in step on first use; an unreadable
        file is rebuilt from the store's sentence rows."""
        if self._sentences is None:
            self._sentences = self._opened(SentenceIndex, self.sentences_path, "句子向量索引")
            self.sync()
        return self._sentences

    def _opened(self, kind: Callable[[Path], _Derived], path: Path, name: str) -> _Derived:
        """The derived index in `path`; a file SQLite cannot read is removed, said, and made anew
        (the caller's sync fills it from the store)."""
        try:
            index = kind(path)
            index.versions()
            return index
        except sqlite3.DatabaseError as e:
            self.notice(f"{name} {path} 不可用（{e}），正在从知识库重建")
            _remove(path)
            return kind(path)

    def notice(self, message: str) -> None:
        """Something the user should hear about the store (printed by the command line and the app)."""
        log.warning(message)
        self.notices.append(message)

    def refresh(self) -> bool:
        """Bring this process's copies in step with the files; a document whose keyword entry is
        found damaged is indexed again from the store. True when anything changed."""
        index = self.index
        changed = self.facts.refresh()
        changed = self.sentences.refresh() or changed
        changed = index.refresh() or changed
        if index.damaged:
            damaged, index.damaged = index.damaged, []
            self.notice(
                f"关键词索引中 {len(damaged)} 篇文档的条目已损坏，已从知识库重建：{'、'.join(damaged[:5])}"
            )
            self.sync()
            index.refresh()
            changed = True
        return changed

    def delete_document(self, doc_id: str) -> None:
        """Drop a document from every derived index."""
        for derived in (self.index, self.facts, self.sentences):
            derived.delete_document(doc_id)

    def sync(self) -> int:
        """Index documents the index lacks or holds in an old version, drop those the store no
        longer has. Returns how many documents were (re)indexed or dropped."""
        index, facts, sentences = self.index, self.facts, self.sentences
        records = {r.doc_id: r for r in self.source.documents()}
        held, held_facts, held_sentences = index.versions(), facts.versions(), sentences.versions()
        gone = (held.keys() | held_facts.keys() | held_sentences.keys()) - records.keys()
        for doc_id in gone:
            self.delete_document(doc_id)
        stale = [d for d, r in records.items() if r.version != held.get(d) or r.version != held_facts.get(d)]
        for doc_id in stale:
            record, chunks = records[doc_id], self.source.chunks_of(doc_id)
            if held.get(doc_id) != record.version:
                index.upsert_document(doc_id, record.version, keyword_entries(chunks))
            if held_facts.get(doc_id) != record.version:
                facts.upsert_document(doc_id, record.version, facts_of_report(chunks, record.meta))
        lacking = {d: r.version for d, r in records.items() if held_sentences.get(d) != r.version}
        if lacking:
            if len(lacking) >= _SAY_COPY_FROM:  # a store made before the sentence index: say why it waits
                log.warning(
                    "正在把 %d 篇报告的句子向量复制到 %s（只需一次；1,000 篇约 1 分钟）",
                    len(lacking),
                    self.sentences_path,
                )
            for doc_id, version in lacking.items():
                sentences.discard(doc_id, version)  # what an interrupted copy left
            for doc_id, version, rows in self.source.stored_sentences(lacking):
                sentences.add(doc_id, version, rows)
            for doc_id, version in lacking.items():
                sentences.commit(doc_id, version)
            self.source.release_sentence_vectors()  # Chroma loaded its whole sentence index to read them
        return len(set(stale) | lacking.keys()) + len(gone)


def _remove(path: Path) -> None:
    """An SQLite file and its write-ahead log."""
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
