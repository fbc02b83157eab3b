"""run_child measures the command alone: not its parent's memory, and a timeout ends its tree.

Nothing here is timed: the only clock is run_child's own timeout, and waits end on a condition.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from bench.common import run_child

MIB = 1024  # ru_maxrss is in KiB on Linux

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB, /proc")

# Writes one byte per page, so the pages are resident (a fresh zeroed buffer may not be).
_ALLOCATE_200_MIB = "x = bytearray(200 * 2**20); x[::4096] = b'1' * len(x[::4096])"


def test_a_child_of_a_large_parent_reports_its_own_peak() -> None:
    held = bytearray(300 * 2**20)
    held[::4096] = b"1" * len(held[::4096])
    done = run_child([sys.executable, "-c", "pass"])
    assert len(held) == 300 * 2**20  # still held while the child ran
    assert done.returncode == 0
    assert 0 < done.max_rss_kib < 60 * MIB


def test_a_child_that_allocates_reports_what_it_allocated() -> None:
    done = run_child([sys.executable, "-c", _ALLOCATE_200_MIB])
    assert done.returncode == 0
    assert done.max_rss_kib >= 200 * MIB
    assert done.cpu_seconds > 0


def test_the_peak_of_a_reaped_grandchild_counts() -> None:
    inner = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {_ALLOCATE_200_MIB!r}])"
    done = run_child([sys.executable, "-c", inner])
    assert done.returncode == 0
    assert done.max_rss_kib >= 200 * MIB


def test_exit_codes_and_signals_come_through(tmp_path: Path) -> None:
    assert run_child([sys.executable, "-c", "raise SystemExit(3)"]).returncode == 3
    killed = run_child(["sh", "-c", "echo dying >&2; kill -TERM $$"])
    assert killed.returncode == -15
    assert killed.stderr_tail == "dying\n"
    with pytest.raises(FileNotFoundError):
        run_child([str(tmp_path / "no-such-program")])


def test_the_log_keeps_both_streams_in_order(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    done = run_child(["sh", "-c", "echo one; echo two >&2; echo three"], log=log)
    assert done.returncode == 0
    assert log.read_text() == "one\ntwo\nthree\n"
    assert done.stderr_tail == "one\ntwo\nthree\n"


def _ended(pid: int) -> bool:
    """Gone, or a zombie waiting for whoever inherited it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def _assert_both_end(pids: Path) -> None:
    """The shell and the sleep whose pids the command wrote both end (killed with the group)."""
    shell, sleeper = (int(pid) for pid in pids.read_text().split())
    # SIGKILL is delivered at once but takes effect when each process is next scheduled; the
    # bound only keeps a broken kill from hanging the suite.
    give_up = time.monotonic() + 60
    while not (_ended(shell) and _ended(sleeper)) and time.monotonic() < give_up:
        time.sleep(0.01)
    alive = [pid for pid in (shell, sleeper) if not _ended(pid)]
    for pid in alive:  # never leave a stray sleep behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _sleeping_tree(pids: Path, then: str = "") -> list[str]:
    """A shell with a background sleep; both outlive any timeout unless the group is killed."""
    return ["sh", "-c", f"sleep 600 & echo $$ $! > {pids}.tmp; mv {pids}.tmp {pids}; {then} wait"]


def test_a_timeout_kills_the_whole_tree(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    done = run_child(_sleeping_tree(pids), timeout=5)
    assert done.returncode == -9
    assert pids.exists()  # the command was running when the timeout struck
    _assert_both_end(pids)


def test_an_interrupted_wait_kills_the_whole_tree(tmp_path: Path) -> None:
    # The command runs in its own process group, out of reach of a Ctrl-C at the terminal; so
    # it interrupts the bench itself, as a Ctrl-C would, once its tree is running.
    pids = tmp_path / "pids"
    with pytest.raises(KeyboardInterrupt):
        run_child(_sleeping_tree(pids, f"kill -INT {os.getpid()};"))
    _assert_both_end(pids)
