"""One call run in a forked child, so that it overlaps the caller's own work on another core.

The child is forked after the imports, so it pays for none of them. It sends the call's result
back pickled; if it fails in any way, :meth:`Forked.result` makes the call again in this process,
so errors are raised exactly as without the fork.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Generic, Self, TypeVar

T = TypeVar("T")


class ChildProcess:
    """A forked child and the pipe it answers on: stopped and reaped by close() or ``with``."""

    _pid: int | None = None
    _reader: int | None = None

    def close(self) -> None:
        """Stop a child whose answer is no longer wanted, and reap it (no zombie, no fd)."""
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
        if self._pid is not None:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass  # it has ended already; waitpid still reaps it
            os.waitpid(self._pid, 0)
            self._pid = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class Forked(ChildProcess, Generic[T]):
    """``call()`` started in a child where forking is safe; :meth:`result` gets its value."""

    def __init__(self, call: Callable[[], T], *, fork: bool = True) -> None:
        """Fork a child running ``call``; without ``fork``, or where unsafe, result() calls it."""
        self._call = call
        self._pid: int | None = None
        self._reader: int | None = None
        if fork and hasattr(os, "fork") and threading.active_count() == 1:
            self._start()

    def _start(self) -> None:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, send the pickle, leave without any exit handler
            code = 1
            try:
                os.close(reader)
                data = pickle.dumps(self._call(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(writer, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(writer)
        self._pid, self._reader = pid, reader

    def result(self) -> T:
        """The call's value: the child's, or, if it sent none, the call made here."""
        sent = self._receive()
        if sent is not None:
            return sent
        return self._call()

    def _receive(self) -> T | None:
        if self._reader is None or self._pid is None:
            return None
        with os.fdopen(self._reader, "rb") as pipe:
            self._reader = None
            data = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if status != 0 or not data:
            return None
        value: T = pickle.loads(data)  # sent by our own child
        return value
