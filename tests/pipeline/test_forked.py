"""A call run in a forked child: its value, or the call made again here; never a zombie."""

from __future__ import annotations

import os
import signal
import time

import pytest

from oapigen.forked import Forked

from .test_validate_fork import open_fds

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(autouse=True)
def single_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """xdist's threads would forbid the fork."""
    monkeypatch.setattr("threading.active_count", lambda: 1)


def in_child_or_here() -> dict[str, int]:
    return {"pid": os.getpid()}


@needs_fork
def test_the_value_comes_from_the_child_which_is_reaped() -> None:
    before = open_fds()
    with Forked(in_child_or_here) as run:
        pid = run._pid
        assert pid is not None
        assert run.result() == {"pid": pid}
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert open_fds() == before


def test_without_fork_the_call_is_made_here() -> None:
    with Forked(in_child_or_here, fork=False) as run:
        assert run._pid is None
        assert run.result() == {"pid": os.getpid()}


@needs_fork
def test_an_error_in_the_child_is_raised_here_as_without_the_fork() -> None:
    calls: list[int] = []

    def failing() -> dict[str, int]:
        calls.append(os.getpid())
        raise LookupError("a template is missing")

    with Forked(failing) as run, pytest.raises(LookupError, match="a template is missing"):
        run.result()
    assert calls == [os.getpid()], "made again in this process"


@needs_fork
def test_a_killed_child_means_the_call_is_made_here() -> None:
    def killed() -> dict[str, int]:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return {"pid": parent}

    parent = os.getpid()
    with Forked(killed) as run:
        assert run.result() == {"pid": parent}


def waits_long() -> None:
    time.sleep(60)


@needs_fork
def test_a_child_no_longer_wanted_is_stopped_and_reaped() -> None:
    before = open_fds()
    run = Forked(waits_long)
    pid = run._pid
    assert pid is not None
    run.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert open_fds() == before
