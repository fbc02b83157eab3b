"""Cutting a call that runs in another thread: what ``async_client`` does on cancellation.

A worker thread blocked in a socket read cannot be interrupted, but the socket can be shut
down under it: the read then ends at once, urllib3 closes the connection (it never goes back
to the pool half read) and the call raises in the worker, where nobody waits for it any more.
Each call run for asyncio has a ``CallScope`` in the context variable ``current_scope``; the
transport registers the reader of each response with it for as long as that response owns its
socket, so a cut never touches a connection another call has taken from the pool since.
"""

from __future__ import annotations

import math
import socket
import threading
import time
from contextvars import ContextVar
from typing import Protocol

from .exceptions import ApiConnectionError

__all__ = ["PAST", "CallScope", "Cuttable", "current_scope", "pause", "shut"]


class Cuttable(Protocol):
    """A response reader the scope can cut: its deadline and its socket."""

    def cut(self) -> None:
        """End every read now: the next read fails and a blocked one returns."""


class CallScope:
    """One call's cut switch, shared by the awaiting task and the worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cut = threading.Event()
        self._readers: set[Cuttable] = set()
        self._finished = False

    @property
    def cancelled(self) -> bool:
        """Whether the call was cut."""
        return self._cut.is_set()

    def watch(self, reader: Cuttable) -> None:
        """Cut ``reader`` with the call; at once if the call was cut already."""
        with self._lock:
            if self._cut.is_set():
                reader.cut()
            else:
                self._readers.add(reader)

    def release(self, reader: Cuttable) -> None:
        """``reader`` gave its socket back: the call may no longer cut it."""
        with self._lock:
            self._readers.discard(reader)

    def finish(self) -> None:
        """The call is over: a late cancel must not cut a socket it has given back."""
        with self._lock:
            self._finished = True
            self._readers.clear()

    def cancel(self) -> None:
        """Cut the call: its current response's socket, and any retry still to come."""
        with self._lock:
            if self._finished:
                return
            self._cut.set()
            readers, self._readers = self._readers, set()
        for reader in readers:
            reader.cut()

    def wait(self, delay: float) -> None:
        """Sleep ``delay`` seconds before a retry, ending early (with an error) if cut."""
        if self._cut.wait(delay):
            raise ApiConnectionError("the call was cancelled")


# The scope of the call running in this context: set by the async client for each call.
current_scope: ContextVar[CallScope | None] = ContextVar("current_scope", default=None)


def pause(delay: float) -> None:
    """Wait ``delay`` seconds before a retry: a cancelled asyncio call stops waiting."""
    scope = current_scope.get()
    if scope is None:
        time.sleep(delay)
    else:
        scope.wait(delay)


def shut(sock: socket.socket) -> None:
    """Shut ``sock`` down both ways, which wakes a read blocked on it in another thread.

    Shutdown and not close: the descriptor stays valid until urllib3 closes the connection in
    the reading thread, so it cannot be reused for another socket while that read runs.
    """
    try:
        # socket.socket's own shutdown: SSLSocket's drops its TLS state, which the reading
        # thread is still using; the socket level is all a wake-up needs.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed or never connected: nothing left to wake


# The reads of a cut call end by this deadline: already past.
PAST = -math.inf
