"""Run one measured command and report its own rusage: ``python -S -I launcher.py FD ARGV...``.

Why a launcher: on Linux a child's ``ru_maxrss`` from ``wait4`` starts at the resident set its
parent had when it forked (the forked copy's high-water mark survives ``exec``). Measured
straight from the bench process, every contender would be charged at least the bench's own
memory. This script is small (``-S``: no site, stdlib built-ins only), so the command it forks
starts from the launcher's few MiB; it reaps the command with ``wait4`` and writes one line to
file descriptor ``FD``:

    ``status <waitstatus> <ru_maxrss KiB> <user+system seconds> <wall seconds>``

or, from the forked child when ``exec`` itself fails, ``exec-error <errno>`` first. The wall
time is taken here, from just before the fork to the reap, so the launcher's own start-up is
not charged to the command. It then exits as the command did. Nothing is imported from the
bench package: this file runs as a script, without the package on ``sys.path``.
"""

import os
import signal
import sys
import time


def _run(report_fd: int, argv: list[str]) -> int:
    """Fork, exec ``argv`` in the child, reap it; return its wait status."""
    # The command (and anything it leaves behind) never holds it.
    os.set_inheritable(report_fd, False)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(argv[0], argv)
        except OSError as exc:
            os.write(report_fd, f"exec-error {exc.errno}\n".encode())
        os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    os.write(report_fd, f"status {status} {usage.ru_maxrss} {cpu!r} {seconds!r}\n".encode())
    return status


def main() -> None:
    """Entry point: exit with the command's exit code, or die of the signal that killed it."""
    report_fd = int(sys.argv[1])
    status = _run(report_fd, sys.argv[2:])
    os.close(report_fd)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:  # the same death for whoever waits on the launcher
        try:
            signal.signal(-code, signal.SIG_DFL)
        except (OSError, ValueError):  # SIGKILL and SIGSTOP keep their default anyway
            pass
        os.kill(os.getpid(), -code)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
