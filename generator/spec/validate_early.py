"""A validator child started with the process, so its slow import overlaps the parent's start-up.

The import of openapi-spec-validator (~0.2 s, pydantic-settings included) was the critical path
of an uncached run: the child that paid it was forked only after the parent had imported Jinja and
the generator and loaded the spec. This module is imported before all of those (it needs only the
standard library): it forks at once, the child imports the validator and then waits on a pipe for
the checked document, which :mod:`generator.validate_fork` hands it when the parent has one.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from pathlib import Path
from typing import Any

# Room for a small spec's pickle, so handing it over never waits for the child's import.
_PIPE_SIZE = 1 << 20


class EarlyChild:
    """A forked child that has (or is) importing the validator and waits for a document."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        """Keep the child's id, the pipe it reads the request from and the one it answers on."""
        self.pid = pid
        self.requests = requests
        self.answers = answers

    def hand_over(self, document: Any, version: str, cache_dir: Path | None) -> bool:
        """Send the document to validate; False (and the child reaped) if it cannot be sent."""
        data = pickle.dumps((document, version, cache_dir), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            with os.fdopen(self.requests, "wb") as pipe:
                pipe.write(data)
        except OSError:  # the child died (BrokenPipeError): the caller forks a fresh one
            self.discard()
            return False
        return True

    def discard(self) -> None:
        """Stop the child and reap it: no zombie, no open descriptor."""
        for fd in (self.requests, self.answers):
            try:
                os.close(fd)
            except OSError:
                pass  # already closed by hand_over's file object
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it has ended already; waitpid still reaps it
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass  # reaped already


_waiting: EarlyChild | None = None


def start() -> None:
    """Fork the early child now, when this process may fork (no other thread runs)."""
    global _waiting  # noqa: PLW0603 - one child per process, taken once by the validation
    if _waiting is not None or not hasattr(os, "fork") or threading.active_count() != 1:
        return
    request_reader, request_writer = os.pipe()
    answer_reader, answer_writer = os.pipe()
    _widen(request_writer)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(request_writer)
        os.close(answer_reader)
        _child(request_reader, answer_writer)
    os.close(request_reader)
    os.close(answer_writer)
    _waiting = EarlyChild(pid, request_writer, answer_reader)


def take() -> EarlyChild | None:
    """The waiting early child, if any; it is the caller's from then on."""
    global _waiting
    child, _waiting = _waiting, None
    return child


def discard() -> None:
    """Stop the early child if nothing took it (the run failed early, or needed no validator)."""
    child = take()
    if child is not None:
        child.discard()


def _widen(fd: int) -> None:
    try:
        import fcntl  # noqa: PLC0415 - Linux only, and only its F_SETPIPE_SZ matters

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    except (ImportError, AttributeError, OSError):
        pass  # a smaller pipe only means hand_over may wait for the child's import


def _child(requests: int, answers: int) -> None:
    code = 1
    try:
        try:
            from oapigen.spec.validate import (
                import_upstream,
            )  # noqa: PLC0415 - the point of this child

            import_upstream()
        # A broken install fails again, and is reported, when the validator runs.
        except Exception:
            pass
        with os.fdopen(requests, "rb") as pipe:
            data = pipe.read()
        if data:
            from oapigen.spec.validate_fork import answer  # noqa: PLC0415

            answer(answers, *pickle.loads(data))  # the pickle comes from our own parent
        code = 0
    finally:
        os._exit(code)
