"""The SQLite files beside the store (the facts, the sentence index): opened alike."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the file at `path` (made, with its folder, when missing) in write-ahead-log
    mode, so one process writes while others read; shared by threads (callers hold a lock), waiting
    up to 30 s for another process's write. sqlite3.DatabaseError when the file is not a database."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, timeout=30)
    db.execute("PRAGMA journal_mode=WAL")
    return db


def write_mark(db: sqlite3.Connection) -> tuple[int, int]:
    """What changes whenever anything is committed to the connection's file: by any other connection,
    of any process (SQLite's `PRAGMA data_version`), or by this one (`total_changes`). The same mark
    twice: nothing was written in between, and what was read from the file still holds."""
    (version,) = db.execute("PRAGMA data_version").fetchone()
    return int(version), db.total_changes
