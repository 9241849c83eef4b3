"""Opens the store at argv[1] the way every command does (open_store), at the wall-clock time
argv[2], so that several processes open one new store together."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from core.settings import Settings
from store import open_store

if __name__ == "__main__":
    start = float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    store = open_store(Settings(db_dir=Path(sys.argv[1]), chroma_url=""), with_embedder=False)
    print(len(store.documents()))
