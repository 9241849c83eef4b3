"""Several processes on one embedded store: one writer at a time, and word of what the others wrote.

Embedded Chroma keeps each process's vector index in memory: it neither sees vectors another process
adds until it opens the store again, nor may two processes write at once without risk. So every
write to a store on disk takes an exclusive lock on `write.lock` beside it (released by the system
when a writer dies, even by SIGKILL), and bumps the number in `generation`. A process that finds
the number moved by someone else reopens its Chroma client before it reads or writes again. A
pending-write marker seen under the lock is therefore always one a dead writer left, never one of a
writer still at work.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

try:
    import fcntl
except ImportError:  # Windows: one process per store (documented); threads still serialise
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")
LOCK_FILE = "write.lock"
GENERATION_FILE = "generation"
OPEN_LOCK_FILE = "open.lock"


@contextmanager
def opening(db_dir: Path) -> Iterator[None]:
    """Held while a process opens the store at db_dir. Chroma creates its tables and our collections
    on first open, and two processes doing so at once fail ("table collections already exists", seen
    about once in 20 runs of two ingests started together on a new store)."""
    db_dir.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    fd = os.open(db_dir / OPEN_LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # which releases the lock


class Writers:
    """The write lock and generation number of the store at `db_dir`, as one process sees them."""

    def __init__(self, db_dir: Path) -> None:
        self.lock_path = db_dir / LOCK_FILE
        self.generation_path = db_dir / GENERATION_FILE
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._lock_fd: int | None = None
        self.seen = self.generation()

    def generation(self) -> int:
        """The store's write count as on disk (0 for a store never written under this scheme)."""
        try:
            return int(self.generation_path.read_text().split()[0])
        except (FileNotFoundError, ValueError, IndexError):
            return 0

    def changed_elsewhere(self) -> bool:
        """True when another process wrote since this one last looked (or wrote)."""
        return self.generation() != self.seen

    @contextmanager
    def exclusive(self, on_stale: Callable[[], None]) -> Iterator[None]:
        """Hold the store for writing. `on_stale` runs first when another process wrote since this
        one last looked, so that this process writes on top of what is really there. Re-entrant."""
        with self._thread_lock:
            outermost = self._depth == 0
            if outermost:
                self._acquire()
            self._depth += 1
            try:
                if outermost and self.changed_elsewhere():
                    on_stale()
                    self.seen = self.generation()
                if outermost:
                    self._bump()  # before writing too: a writer killed half way still counts
                yield
            finally:
                self._depth -= 1
                if outermost:
                    self._bump()
                    self._release()

    def _bump(self) -> None:
        n = self.generation() + 1
        tmp = self.generation_path.with_name(f"{GENERATION_FILE}.{os.getpid()}")
        tmp.write_text(f"{n}\n")
        os.replace(tmp, self.generation_path)
        self.seen = n

    def _acquire(self) -> None:
        if fcntl is None:
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)

    def _release(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None


class Writable(Protocol):
    def _writing(self) -> AbstractContextManager[None]: ...


def writes(method: Callable[..., T]) -> Callable[..., T]:
    """A store method that writes: it runs holding the store (ReportStore._writing takes the lock
    and catches up with other processes' writes first)."""

    @functools.wraps(method)
    def holding(self: Writable, *args: Any, **kwargs: Any) -> T:
        with self._writing():
            return method(self, *args, **kwargs)

    return holding
