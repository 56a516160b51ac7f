"""Values looked up at most once per request.

A page asks the same small questions many times while it is built: which locale the reader reads,
whether any page is private, which roles the user holds. `once_per_request(key, look_up)` answers
each from the first look-up until the request ends (Django's `request_started` and
`request_finished` signals), and outside a request (tasks, the shell, a test calling code
directly) looks up every time, so nothing outlives the request that read it.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


def once_per_request(key: Hashable, look_up: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return look_up()
    if key not in memo:
        memo[key] = look_up()
    return memo[key]


def forget(key: Hashable) -> None:
    """Drop one answer, after a write in this request that changes it."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


def _begin(**kwargs) -> None:
    _memo.set({})


def _end(**kwargs) -> None:
    _memo.set(None)


def forget_all() -> None:
    """End the current memo, as the end of a request does (a test's streamed response that is
    never read to its end never sends `request_finished`)."""
    _end()


request_started.connect(_begin, dispatch_uid="portal-request-memo-begin")
request_finished.connect(_end, dispatch_uid="portal-request-memo-end")
