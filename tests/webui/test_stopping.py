"""停止 and 新对话 wait for the answer they cancel (webui/stopping.py); the browser tests click them."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import gradio as gr
from gradio.helpers import special_args

from webui.ask_tab import (
    SEARCHING,
    STOPPED_BEFORE,
    STOPPED_NOTE,
    cleared,
    marked,
    regenerate,
    respond,
    stopped,
)
from webui.errors import bound
from webui.forms import message_text
from webui.stopping import CLEAR, STOP, Writing


def test_an_answer_asked_to_end_ends_itself_and_the_asker_waits_for_it():
    writing = Writing()

    def answer():
        with writing.answer("s1") as handle:
            for piece in ("a", "b", "c"):
                if handle.ending is not None:
                    yield f"ended: {handle.ending}"
                    return
                yield piece

    written = answer()
    assert next(written) == "a"
    ended: list[bool] = []
    asker = threading.Thread(target=lambda: ended.append(writing.end("s1", STOP, timeout=30)))
    asker.start()
    assert writing.end("s2", STOP, timeout=0) and writing.end(None, CLEAR, timeout=0)  # none open there
    deadline = time.monotonic() + 30
    while writing._open["s1"].ending is None and time.monotonic() < deadline:  # the asker has asked
        time.sleep(0.01)
    assert list(written) == ["ended: stop"]  # its next piece is the end the asker asked for
    asker.join(timeout=30)
    assert ended == [True] and writing.end("s1", STOP, timeout=0)


def test_an_answer_closed_by_gradio_releases_the_asker():
    writing = Writing()

    def answer():
        with writing.answer("s1"):
            yield "piece"
            yield "never"

    written = answer()
    next(written)
    assert not writing.end("s1", CLEAR, timeout=0.05)  # it has not come to its next piece
    written.close()  # what Gradio's cancel does to it
    assert writing.end("s1", CLEAR, timeout=0)


def test_the_handlers_are_given_their_browser_session():
    """A bound handler keeps its type hints, so Gradio gives the `gr.Request` parameter the request
    (through a functools.partial it found none: 停止 would not know which answer to wait for)."""
    service = SimpleNamespace()
    request = gr.Request(session_hash="abc")
    for handler, inputs in (
        (bound(respond, service), ["问", [], [], [], None, None, None, None]),
        (bound(regenerate, service), [[], [], [], None, None, None, None]),
        (stopped, [[]]),
        (cleared, []),
    ):
        given, *_ = special_args(handler, list(inputs), request)
        assert given[-1] is request, handler


def test_a_stop_before_anything_is_written_leaves_no_placeholder_as_the_answer():
    asked = {"role": "user", "content": "两委交叉任职比例是多少"}
    assert marked([asked, {"role": "assistant", "content": SEARCHING}]) == [
        asked,
        {"role": "assistant", "content": STOPPED_BEFORE},
    ]
    once = marked([asked, {"role": "assistant", "content": "根据报告，比例为87.7"}])
    assert message_text(once[-1]) == f"根据报告，比例为87.7\n\n{STOPPED_NOTE}" and marked(once) == once
