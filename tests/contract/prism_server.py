"""Run Prism (the npm OpenAPI mock server) on a loopback port for the contract tests."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PRISM = HERE / "node_modules" / ".bin" / "prism"
# Loading the 3 MB upstream document takes Prism a while on a busy 2-core machine.
STARTUP_LIMIT = 300.0


class PrismMissing(RuntimeError):
    """Prism is not installed: run ``make setup`` (it runs ``npm ci`` in tests/contract)."""


@dataclass(slots=True)
class Prism:
    """One running ``prism mock`` process; ``stop`` ends it and every process it spawned."""

    spec: Path
    dynamic: bool
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        """The base URL the generated client should use."""
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """What Prism printed so far (its request log lists every violation it found)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """SIGTERM the process group Prism leads (node may fork), then SIGKILL what is left."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(self.process.pid, signal.SIGKILL)
                self.process.wait()
        # Children outlive a dead leader in its group; make sure none is left listening.
        _signal_group(self.process.pid, signal.SIGKILL)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_prism(
    spec: Path, *, dynamic: bool, log_dir: Path, ignore_examples: bool = False
) -> Prism:
    """Start ``prism mock`` on a free port and return once it answers HTTP."""
    if not PRISM.exists():
        raise PrismMissing(f"{PRISM} not found: run `make setup`")
    for _attempt in range(3):  # another process may take the port between probe and bind
        port = free_port()
        log_path = log_dir / f"prism-{'dynamic' if dynamic else 'static'}-{port}.log"
        args = [
            str(PRISM),
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "--errors",
            "false",
        ]
        if dynamic:
            args.append("-d")
        if ignore_examples:
            args.append("--ignoreExamples")
        args.append(str(spec))
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                args,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so stop() reaches node's children
                env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"},
            )
        prism = Prism(spec=spec, dynamic=dynamic, port=port, process=process, log_path=log_path)
        if _wait_until_answering(prism):
            return prism
        prism.stop()
        if "EADDRINUSE" not in prism.log():
            raise RuntimeError(f"Prism did not start:\n{prism.log()}")
    raise RuntimeError(f"Prism found no free port:\n{prism.log()}")


def running(
    spec: Path, *, dynamic: bool, log_dir: Path, ignore_examples: bool = False
) -> Iterator[Prism]:
    """Body of a fixture: a started Prism, stopped when the fixture ends."""
    prism = start_prism(spec, dynamic=dynamic, log_dir=log_dir, ignore_examples=ignore_examples)
    try:
        yield prism
    finally:
        prism.stop()


def _wait_until_answering(prism: Prism) -> bool:
    """True once this Prism says it listens on its port and answers there; False if it exited.

    The port was free when probed, not reserved: another process (a test of another worktree,
    another xdist worker) can take it before Prism binds it. Prism then exits on EADDRINUSE,
    but an HTTP probe alone could be answered by that other server first, and every test of
    the session would talk to it. Prism's own log line, written after its listen() succeeded,
    tells that the port is ours.
    """
    listening = f"Prism is listening on {prism.url}"
    deadline = time.monotonic() + STARTUP_LIMIT
    while time.monotonic() < deadline:
        if prism.process.poll() is not None:
            return False
        if listening in prism.log() and _answers(prism.port):
            return True
        time.sleep(0.2)
    return False


def _answers(port: int) -> bool:
    """Whether an HTTP request to ``port`` on loopback gets any response."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", "/__oapigen_probe__")
        conn.getresponse().read()
        return True
    # A server still starting can reset, close or half-answer (HTTPException is no OSError).
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def violations(body: bytes) -> str:
    """Prism's 422 body as one violation per line."""
    try:
        problem: Any = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")
    lines = [problem.get("detail", "")] if isinstance(problem, dict) else []
    for item in problem.get("validation", []) if isinstance(problem, dict) else []:
        where = ".".join(str(part) for part in item.get("location", []))
        lines.append(f"  {where}: [{item.get('code')}] {item.get('message')}")
    return "\n".join(lines)
