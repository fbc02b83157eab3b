"""Shared pieces: commands measured with wait4 under bench/launcher.py, loopback servers, rounds."""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LAUNCHER = Path(__file__).resolve().parent / "launcher.py"


@dataclass(slots=True)
class Run:
    """One measured command: wall seconds, peak RSS of its process tree, exit code."""

    seconds: float
    max_rss_kib: int
    returncode: int
    stderr_tail: str
    cpu_seconds: float = 0.0
    # What the contender left out although it exited 0 (a peer that drops operations), or why
    # it failed, in words; a run with a shortfall is reported as such, never as a time.
    shortfall: str = ""


def run_child(
    argv: Sequence[str],
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 900,
    log: Path | None = None,
) -> Run:
    """Run ``argv`` to completion under ``bench/launcher.py``; rusage covers that command alone.

    The launcher forks the command, so the command's peak RSS starts from the launcher's few
    MiB, not from this process's high-water mark (see the launcher's docstring), and its wall
    time excludes the launcher's start-up. With ``log``, the command's whole output (stdout and
    stderr) is kept there: a peer's warnings are counted from it afterwards. Past ``timeout``
    the whole process group is killed and the run has returncode -9.
    """
    report_read, report_write = os.pipe()
    launcher = [sys.executable, "-S", "-I", str(LAUNCHER), str(report_write), *argv]
    with tempfile.TemporaryFile() as scratch, os.fdopen(report_read, "rb") as report:
        sink = open(log, "w+b") if log is not None else scratch  # closed below
        # Both streams into the log, in order; otherwise stdout is dropped and stderr kept.
        stdout = sink if log is not None else subprocess.DEVNULL
        stderr = subprocess.STDOUT if log is not None else sink
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                launcher,
                cwd=cwd,
                env=env,
                stdout=stdout,
                stderr=stderr,
                pass_fds=(report_write,),
                process_group=0,  # its own group, so a timeout kills the command's whole tree
            )
        finally:
            os.close(report_write)  # only the launcher holds it now: EOF once it has exited
        status = _wait_or_kill_group(proc, start + timeout)
        seconds = time.perf_counter() - start
        reported = report.read().decode().split()
        sink.seek(0)
        tail = sink.read()[-2000:].decode("utf-8", "replace")
        if sink is not scratch:
            sink.close()
    if reported[:1] == ["exec-error"]:  # as Popen would have raised for the command itself
        errno = int(reported[1])
        raise OSError(errno, os.strerror(errno), argv[0])
    if reported[:1] != ["status"]:  # killed on timeout before the command was reaped
        return Run(seconds, 0, os.waitstatus_to_exitcode(status), tail)
    # ru_maxrss of a reaped child includes its own reaped children (the JVM under a wrapper).
    _, command_status, max_rss_kib, cpu, command_seconds = reported
    returncode = os.waitstatus_to_exitcode(int(command_status))
    return Run(float(command_seconds), int(max_rss_kib), returncode, tail, float(cpu))


def _wait_or_kill_group(proc: subprocess.Popen[bytes], deadline: float) -> int:
    """The launcher's wait status; past ``deadline`` its process group is killed first.

    The group is the launcher's own, so a Ctrl-C at the terminal no longer reaches the
    command: when this wait is interrupted, the group is killed before the interrupt goes on.
    """
    try:
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, _ = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        _, status, _ = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        raise
    proc.returncode = os.waitstatus_to_exitcode(status)
    return status


@dataclass(frozen=True, slots=True)
class LoopbackServer:
    """A server process of the benchmark and the loopback port it printed."""

    process: subprocess.Popen[str]
    port: int

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def loopback_server(module: str, *args: str) -> Iterator[LoopbackServer]:
    """``python -m MODULE ARGS``, a server that prints its port and serves until stdin closes.

    Ended by closing its stdin; killed (by its own pid) only when it does not exit then. Its
    exit code is in ``process.returncode`` after the block.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        yield LoopbackServer(process, int(process.stdout.readline()))
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


@dataclass(slots=True)
class Series:
    """Every timed sample of one contender in one figure."""

    name: str
    seconds: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    shortfalls: list[str] = field(default_factory=list)  # see Run.shortfall

    @property
    def median(self) -> float | None:
        """Median seconds, or None when no run succeeded."""
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def median_cpu(self) -> float | None:
        """Median CPU seconds (user + system, children included)."""
        return statistics.median(self.cpu_seconds) if self.cpu_seconds else None

    @property
    def median_rss_mib(self) -> float | None:
        """Median peak RSS in MiB."""
        return statistics.median(self.rss_kib) / 1024 if self.rss_kib else None


def interleave(
    contenders: dict[str, Callable[[], float | Run]],
    *,
    warmup: int,
    reps: int,
    log: Callable[[str], None] = print,
) -> dict[str, Series]:
    """A/B interleaved rounds; the order rotates each round; warm-up rounds are dropped."""
    series = {name: Series(name) for name in contenders}
    names = list(contenders)
    for round_no in range(warmup + reps):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            timed = round_no >= warmup
            try:
                sample = contenders[name]()
            except Exception as exc:  # a peer that breaks is a finding, not the end of the run
                sample = Run(0.0, 0, -1, f"{type(exc).__name__}: {exc}")
            if isinstance(sample, Run):
                rss = sample.max_rss_kib / 1024
                label = f"{sample.seconds:.3f}s cpu {sample.cpu_seconds:.2f}s {rss:.0f}MiB"
                if sample.shortfall:
                    label += f" ({sample.shortfall})"
                    if timed:
                        series[name].shortfalls.append(sample.shortfall)
                if sample.returncode != 0:
                    label += f" rc={sample.returncode}"
                    if timed:
                        series[name].failures.append(sample.stderr_tail)
                elif timed:  # an incomplete run's time is kept, but no ratio is taken on it
                    series[name].seconds.append(sample.seconds)
                    series[name].rss_kib.append(sample.max_rss_kib)
                    series[name].cpu_seconds.append(sample.cpu_seconds)
            else:
                label = f"{sample * 1e6:.1f}us"
                if timed:
                    series[name].seconds.append(sample)
            log(f"  {'warm-up' if not timed else f'round {round_no - warmup + 1}'} {name}: {label}")
    return series
