"""The facts of every stored report (facts/), kept beside the store like the keyword index, in one
SQLite file: a row per document (its content version and the extractor version that read it), a
row per fact, and each sentence once. Written with the document and re-derived from its chunks
when either version moves. Readers hold only the indicator names in memory, with an index from
their character pairs, so a question finds its candidate facts without reading them all; the facts
of an indicator are read from the file when asked for (an index on the indicator)."""

from __future__ import annotations

import itertools
import json
import threading
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from facts.extract import EXTRACTOR_VERSION
from facts.model import Fact
from store.sqlite_file import connect, write_mark

FACTS_FILE = "facts.sqlite"
_BATCH = 2000  # facts written at a time
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS docs (doc_id TEXT PRIMARY KEY, version TEXT, extractor TEXT)",
    "CREATE TABLE IF NOT EXISTS facts (doc_id TEXT, indicator TEXT, sentence_start INTEGER, data TEXT)",
    "CREATE INDEX IF NOT EXISTS facts_indicator ON facts (indicator)",
    "CREATE INDEX IF NOT EXISTS facts_doc ON facts (doc_id)",
    "CREATE TABLE IF NOT EXISTS sentences "
    "(doc_id TEXT, start INTEGER, text TEXT, PRIMARY KEY (doc_id, start)) WITHOUT ROWID",
)
_LIVE = "JOIN docs d ON d.doc_id = f.doc_id AND d.extractor = ?"
_SELECT = (
    "SELECT f.data, s.text FROM facts f "
    + _LIVE
    + " JOIN sentences s ON s.doc_id = f.doc_id AND s.start = f.sentence_start"
)


def pairs(text: str) -> set[str]:
    """The character pairs of a text (a one-character text is its own pair)."""
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


class FactIndex:
    """Facts by document and by indicator, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db = connect(self.path)
        self._lock = threading.RLock()
        if self._db.execute(
            "SELECT name FROM sqlite_master WHERE name = 'docs' AND sql LIKE '%payload%'"
        ).fetchone():
            self._db.execute("DROP TABLE docs")  # a store of the first layout: its facts are read again
        for statement in _SCHEMA:
            self._db.execute(statement)
        self._db.commit()
        self._seen: dict[str, str] = {}  # the versions the indicator names below were read at
        self._mark: tuple[int, int] | None = None  # the file's write mark when _seen was read
        self._by_pair: dict[str, set[str]] | None = None  # character pair -> indicators
        self._indicators: set[str] = set()

    # --- writing ---------------------------------------------------------------------------

    def upsert_document(self, doc_id: str, version: str, facts: Iterable[Fact]) -> None:
        """Replace a document's facts with those of this version (`facts` may be a generator: they
        are written as they come)."""
        with self._lock, self._db:
            self._delete(doc_id)
            it = iter(facts)
            while batch := list(itertools.islice(it, _BATCH)):
                rows, sentences = [], {}
                for f in batch:
                    data = f.to_dict()
                    sentences[f.sentence_start] = data.pop("sentence")
                    rows.append((doc_id, f.indicator, f.sentence_start, json.dumps(data, ensure_ascii=False)))
                self._db.executemany("INSERT INTO facts VALUES (?, ?, ?, ?)", rows)
                self._db.executemany(
                    "INSERT OR REPLACE INTO sentences VALUES (?, ?, ?)",
                    [(doc_id, start, text) for start, text in sentences.items()],
                )
            self._db.execute("INSERT INTO docs VALUES (?, ?, ?)", (doc_id, version, EXTRACTOR_VERSION))

    def delete_document(self, doc_id: str) -> None:
        with self._lock, self._db:
            self._delete(doc_id)

    def _delete(self, doc_id: str) -> None:
        for table in ("docs", "facts", "sentences"):
            self._db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))

    def versions(self) -> dict[str, str]:
        """doc_id -> version of the documents whose facts the current extractor read."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc_id, version FROM docs WHERE extractor = ?", (EXTRACTOR_VERSION,)
            )
            return dict(rows)

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take in documents written or removed since the last look; True when anything changed."""
        with self._lock:
            mark = write_mark(self._db)
            if mark == self._mark:  # (reading 5,000 reports' versions per question took 6 ms)
                return False
            now = self.versions()
            changed = now != self._seen
            if changed:
                self._seen, self._by_pair = now, None
            self._mark = mark
            return changed

    def facts_of(self, doc_id: str) -> list[Fact]:
        """A document's facts."""
        with self._lock:
            rows = self._db.execute(_SELECT + " WHERE f.doc_id = ?", (EXTRACTOR_VERSION, doc_id)).fetchall()
        return [_fact(data, sentence) for data, sentence in rows]

    def indicators_like(self, text: str, min_shared: float = 0.25) -> list[str]:
        """The indicators that share at least `min_shared` of `text`'s character pairs (at least
        one), or contain it, or are contained in it: candidates, for a finer test to pick from."""
        with self._lock:
            if self._by_pair is None:
                self._build()
            index, indicators = self._by_pair or {}, self._indicators
        wanted = pairs(text)
        counts: dict[str, int] = defaultdict(int)
        for pair in wanted:
            for indicator in index.get(pair, ()):
                counts[indicator] += 1
        return [
            i
            for i, n in counts.items()
            if n >= max(1.0, min_shared * len(wanted)) or (i in indicators and (i in text or text in i))
        ]

    def facts_about(self, indicator: str) -> list[Fact]:
        """Every fact of this exact indicator, across documents."""
        with self._lock:
            rows = self._db.execute(
                _SELECT + " WHERE f.indicator = ?", (EXTRACTOR_VERSION, indicator)
            ).fetchall()
        return [_fact(data, sentence) for data, sentence in rows]

    def _build(self) -> None:
        rows = self._db.execute("SELECT DISTINCT f.indicator FROM facts f " + _LIVE, (EXTRACTOR_VERSION,))
        self._indicators = {r[0] for r in rows}
        by_pair: dict[str, set[str]] = defaultdict(set)
        for indicator in self._indicators:
            for pair in pairs(indicator):
                by_pair[pair].add(indicator)
        self._by_pair = dict(by_pair)

    def close(self) -> None:
        self._db.close()


def _fact(data: str, sentence: str) -> Fact:
    return Fact.from_dict({**json.loads(data), "sentence": sentence})
