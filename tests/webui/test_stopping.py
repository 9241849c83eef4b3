"""停止 and 新对话 wait for the answer they cancel (webui/stopping.py); the browser tests click them."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import gradio as gr
from gradio.helpers import special_args

from webui.ask_tab import cleared, regenerate, respond, stopped
from webui.errors import bound
from webui.stopping import Writing


def test_a_wait_returns_once_the_sessions_answer_is_closed_mid_way():
    writing = Writing()

    def answer():
        with writing.answer("s1"):
            yield "piece"
            yield "never"

    written = answer()
    assert next(written) == "piece"
    waited: list[bool] = []
    waiter = threading.Thread(target=lambda: waited.append(writing.wait("s1", timeout=30)))
    waiter.start()
    assert writing.wait("s2", timeout=0) and writing.wait(None, timeout=0)  # no answer open there
    assert not writing.wait("s1", timeout=0.05)
    written.close()  # what Gradio does to a cancelled answer
    waiter.join(timeout=30)
    assert waited == [True] and writing.wait("s1", timeout=0)


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
