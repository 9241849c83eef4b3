"""How a handler tells the user about a problem: one decorator turns user errors (core.errors.UserError,
and the ValueErrors raised for bad input) into a toast in Chinese, with one line on the terminal
instead of Gradio's traceback; anything else is a bug, logged whole, and the page says so in Chinese.
`bound` gives a module-level handler the service it works on."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import gradio as gr

from core.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
USER_ERRORS = (UserError, ValueError)
ERROR_TITLE = "错误"
NOTICE_TITLE = "提示"
BUG_MESSAGE = "程序出错了（不是您的操作问题）。详细信息已写入运行 policy-qa 的终端日志，请把它告诉维护者。"

log = logging.getLogger("policyqa.webui")


def page_error(e: BaseException) -> gr.Error:
    """The toast for an exception raised in a handler: a user error's own message with one log line,
    a bug's fixed message with its whole traceback in the log. gr.Error passes through unchanged."""
    if isinstance(e, gr.Error):
        return e
    if isinstance(e, USER_ERRORS):
        log.warning("提示用户：%s", e)
        return gr.Error(str(e), title=ERROR_TITLE, print_exception=False)
    log.exception("处理请求时出错")
    return gr.Error(BUG_MESSAGE, title=ERROR_TITLE, print_exception=False)


def notice(message: str) -> None:
    """A warning toast titled in Chinese (Gradio's own title is the English "Warning")."""
    gr.Warning(message, title=NOTICE_TITLE)


def user_errors(fn: F) -> F:
    """`fn` (a function or a generator function) with every exception shown as a Chinese toast
    (see page_error); the terminal gets one line for a user error, never Gradio's traceback."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except GeneratorExit:
                raise
            except Exception as e:
                raise page_error(e) from None

        return streaming  # type: ignore[return-value]

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as e:
            raise page_error(e) from None

    return plain  # type: ignore[return-value]


def bound(fn: Callable[..., Any], *args: Any) -> Callable[..., Any]:
    """A module-level handler with its first arguments (the service) given, as Gradio calls it:
    its signature without them (Gradio maps inputs by it), its name for the API, its type hints (a
    `gr.Request` parameter is given the request) and, for a generator, a generator's kind (Gradio
    streams what it yields)."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*rest: Any, **kwargs: Any) -> Iterator[Any]:
            yield from fn(*args, *rest, **kwargs)

        handler: Callable[..., Any] = streaming
    else:

        @functools.wraps(fn)
        def plain(*rest: Any, **kwargs: Any) -> Any:
            return fn(*args, *rest, **kwargs)

        handler = plain
    handler.__signature__ = inspect.signature(functools.partial(fn, *args))  # type: ignore[attr-defined]
    return handler
