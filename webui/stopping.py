"""停止 and 新对话 while an answer is being written: the chat they leave is the page's last word.

Gradio cancels the answering event and closes its generator when 停止 (or 新对话) is clicked, but
it runs the button's own handler at the same time: pieces the answer wrote in between reached the
page after the handler's chat and wrote over its 已停止生成 note (a fresh-eyes trial saw no note
after 6 stops in 18). So the handler waits until the answer of its browser session is closed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# How long 停止 waits for the answer to close, seconds. Gradio closes it when the model's next piece
# comes (it cannot interrupt the read): a local model still reading the prompt may take longer, and
# then the chat is marked anyway (the cancelled answer's later pieces are no longer sent).
STOP_WAIT = 10.0


def session_of(request: Any) -> str | None:
    """The browser session of a Gradio request (None outside one: a test, a script)."""
    return getattr(request, "session_hash", None) if request is not None else None


class Writing:
    """The answers being written, one at most per browser session."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, threading.Event] = {}

    @contextmanager
    def answer(self, session: str | None) -> Iterator[None]:
        """Around the writing of one answer (its generator's body: leaving it, by the end, an error
        or the generator's close, is what wait() waits for)."""
        if session is None:
            yield
            return
        closed = threading.Event()
        with self._lock:
            self._open[session] = closed
        try:
            yield
        finally:
            closed.set()
            with self._lock:
                if self._open.get(session) is closed:
                    del self._open[session]

    def wait(self, session: str | None, timeout: float = STOP_WAIT) -> bool:
        """Wait until the answer this session is writing (if any) is closed, at most `timeout`
        seconds; whether none is open now."""
        with self._lock:
            closed = self._open.get(session) if session is not None else None
        return closed is None or closed.wait(timeout)
