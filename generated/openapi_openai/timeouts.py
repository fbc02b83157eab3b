"""The call's timeout: urllib3's Timeout from a setting, and the deadline of the whole call.

A number of seconds is the total for the whole call: connecting, every read, every retry and
its pause. ``transport`` ends each read by ``call_deadline``; ``api_client`` gives each retry
what is left.
"""

from __future__ import annotations

import math
import time
from contextvars import ContextVar

import urllib3

from .configuration import TimeoutSetting

__all__ = ["Deadline", "as_timeout", "call_deadline", "too_late", "within"]


class Deadline:
    """The monotonic time by which the reads of a call must end (``math.inf``: no total).

    Mutable: a stream handed to the caller is read after the call, with no total.
    """

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


# The current call's deadline. A context variable because urllib3 builds the response deep
# inside urlopen, in the caller's thread.
call_deadline: ContextVar[Deadline | None] = ContextVar("call_deadline", default=None)


def within(timeout: urllib3.Timeout, deadline: float) -> urllib3.Timeout:
    """``timeout`` for a retry: its connect and reads end by the call's deadline too."""
    if deadline == math.inf:
        return timeout
    remaining = max(deadline - time.monotonic(), 0.001)
    connect = timeout.connect_timeout
    connect = (
        remaining if not isinstance(connect, int | float) else min(connect, remaining)
    )
    return urllib3.Timeout(connect=connect, total=remaining)


def too_late(delay: float) -> bool:
    """Whether a retry after ``delay`` seconds would start past the call's total timeout."""
    deadline = call_deadline.get()
    return deadline is not None and time.monotonic() + delay >= deadline.at


def as_timeout(value: TimeoutSetting) -> urllib3.Timeout:
    """A timeout setting as urllib3 takes it: a number is the total."""
    if isinstance(value, urllib3.Timeout):
        return value
    if isinstance(value, tuple):
        return urllib3.Timeout(connect=value[0], read=value[1])
    return urllib3.Timeout(total=value)
