"""How a handler tells the user about a problem they can fix: one decorator turns user errors
(core.errors.UserError, and the ValueErrors raised for bad input) into gr.Error, whose message
the page shows; anything else is a bug and goes to the log. `bound` gives a module-level handler
the service it works on."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import gradio as gr

from core.errors import UserError

F = TypeVar("F", bound=Callable[..., Any])
USER_ERRORS = (UserError, ValueError)


def user_errors(fn: F) -> F:
    """`fn` (a function or a generator function) with a UserError or ValueError raised as
    gr.Error(message): the page shows the message, the terminal no traceback."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except USER_ERRORS as e:
                raise gr.Error(str(e)) from None

        return streaming  # type: ignore[return-value]

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except USER_ERRORS as e:
            raise gr.Error(str(e)) from None

    return plain  # type: ignore[return-value]


def bound(fn: Callable[..., Any], *args: Any) -> Callable[..., Any]:
    """A module-level handler with its first arguments (the service) given, as Gradio calls it:
    its signature without them (Gradio maps inputs by it), its name for the API."""
    handler = functools.partial(fn, *args)
    handler.__name__ = fn.__name__  # type: ignore[attr-defined]
    handler.__doc__ = fn.__doc__
    return handler
