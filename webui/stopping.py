"""停止 and 新对话 while an answer is being written: the chat they leave is the page's last word.

Gradio cancels the answering event when 停止 (or 新对话) is clicked, but only after the button's own
handler has returned: pieces the answer wrote meanwhile reached the page after the handler's chat and
wrote over its 已停止生成 note (a fresh-eyes trial saw no note after 6 stops in 18), or filled the chat
新对话 had just emptied. So the handler asks the answer of its browser session to end itself: the
answer's generator, at its next piece, yields the chat the handler will give (marked, or empty) and
returns, closing the model's request; the handler waits for that, and both agree whichever comes last.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# How long 停止 waits for the answer to end itself, seconds. An answer notices at the model's next piece:
# a local model still reading the prompt may take longer, and then the handler's chat goes first and
# Gradio's cancel closes the answer (its later pieces are no longer sent).
STOP_WAIT = 10.0
STOP, CLEAR = "stop", "clear"  # how an answer is asked to end


def session_of(request: Any) -> str | None:
    """The browser session of a Gradio request (None outside one: a test, a script)."""
    return getattr(request, "session_hash", None) if request is not None else None


class _Answer:
    def __init__(self) -> None:
        self.closed = threading.Event()
        self.ending: str | None = None  # STOP or CLEAR once asked


class Writing:
    """The answers being written, one at most per browser session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, _Answer] = {}

    @contextmanager
    def answer(self, session: str | None) -> Iterator[_Answer]:
        """Around the writing of one answer (its generator's body); what it yields tells, in its
        `ending`, whether it is asked to end (STOP or CLEAR). Leaving it, by the end, an error or the
        generator's close, is what end() waits for."""
        handle = _Answer()
        if session is None:
            yield handle
            return
        with self._lock:
            self._open[session] = handle
        try:
            yield handle
        finally:
            handle.closed.set()
            with self._lock:
                if self._open.get(session) is handle:
                    del self._open[session]

    def end(self, session: str | None, how: str, timeout: float = STOP_WAIT) -> bool:
        """Ask the answer this session is writing (if any) to end `how` (STOP or CLEAR), and wait
        until it has, at most `timeout` seconds; whether none is open now."""
        with self._lock:
            handle = self._open.get(session) if session is not None else None
        if handle is None:
            return True
        handle.ending = how
        return handle.closed.wait(timeout)
