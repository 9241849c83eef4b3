"""Work over a large report's chunks in worker processes, in order, with bounded memory.

The keyword tokens (jieba) and the facts of a report are pure Python, a chunk at a time, and hold
the GIL: in one process they take one core. A 50 MB report spent about half its ingest there with
the model's vectors cached. For a report of at least PARALLEL_CHUNKS chunks they run in one worker
process per core; below that, starting the workers (each imports jieba and the fact rules, about
2 s) would cost more than it saves, and the work runs in the calling process.

The workers are spawned, not forked: the calling process runs Chroma's and PyTorch's threads, and a
forked child of a threaded process can deadlock on a lock some thread held.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")

PARALLEL_CHUNKS = 2000  # a report of fewer chunks (about 2 MB of text) is worked on here
BATCH = 64  # chunks a task: large enough that sending them costs little against the work
AHEAD = 2  # tasks in flight per worker: results wait in memory only this far ahead of their reader


def cores() -> int:
    """The cores this process may run on (its affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # (not on Linux)
        return os.cpu_count() or 1


@contextmanager
def chunk_workers(
    n_chunks: int, warm: Callable[[], None] | None = None, workers: int | None = None
) -> Iterator[Executor | None]:
    """Worker processes for a report of n_chunks chunks (one per core, or `workers`), or None when
    it is small or there is one core (`ordered_map` then works here). The workers start at once and
    run `warm` (a module-level function loading what their tasks need) while the caller goes on;
    they are stopped on leaving, pending tasks cancelled."""
    count = workers or cores()
    if n_chunks < PARALLEL_CHUNKS or count < 2:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(count, mp_context=context, initializer=warm)
    try:
        for _ in range(count):
            pool.submit(int)  # (starts the processes now, not at the first task)
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def ordered_map(
    fn: Callable[[list[T]], list[R]], items: Sequence[T], pool: Executor | None, batch: int = BATCH
) -> Iterator[R]:
    """fn over the items, `batch` at a time, its results one by one in the items' order. With a
    pool, fn runs in its workers (fn and the items must pickle: a module-level function, or a
    functools.partial of one), at most AHEAD tasks per worker ahead of the reader; without, here,
    as when the workers die (the rest is then worked on here, with a warning). An exception fn
    raises is raised here, at its batch."""
    parts = [list(items[i : i + batch]) for i in range(0, len(items), batch)]
    done = 0  # parts yielded
    if pool is not None:
        limit = AHEAD * max(getattr(pool, "_max_workers", 1), 1)
        pending: deque[Future[list[R]]] = deque()
        try:
            for part in parts:
                pending.append(pool.submit(fn, part))
                if len(pending) >= limit:
                    got = pending.popleft().result()
                    done += 1
                    yield from got
            while pending:
                got = pending.popleft().result()
                done += 1
                yield from got
        except BrokenProcessPool as e:  # a worker died (killed, or a __main__ that cannot be re-run)
            log.warning("worker processes stopped (%s): the rest is worked on here", e)
    for part in parts[done:]:
        yield from fn(part)
