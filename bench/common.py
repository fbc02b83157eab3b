"""Shared pieces: child processes measured with wait4, loopback servers, interleaved rounds."""

from __future__ import annotations

import os
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


@dataclass(slots=True)
class Run:
    """One child process: wall seconds, peak RSS of the process tree, exit code."""

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
    """Run ``argv`` to completion; rusage comes from wait4 so it covers this child alone.

    With ``log``, the child's whole output (stdout and stderr) is kept there: a peer's warnings
    are counted from it afterwards.
    """
    with tempfile.TemporaryFile() as scratch:
        sink = open(log, "w+b") if log is not None else scratch  # closed below
        # Both streams into the log, in order; otherwise stdout is dropped and stderr kept.
        stdout = sink if log is not None else subprocess.DEVNULL
        stderr = subprocess.STDOUT if log is not None else sink
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, env=env, stdout=stdout, stderr=stderr)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        tail = sink.read()[-2000:].decode("utf-8", "replace")
        if sink is not scratch:
            sink.close()
    # ru_maxrss of a reaped child includes its own reaped children (the JVM under a wrapper).
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss, proc.returncode, tail, cpu)


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
