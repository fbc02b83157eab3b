"""Fixtures of the security tests: a loopback server and the figures summary."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sec_harness import FIGURES, HERE, MEASUREMENTS, Loopback


@pytest.fixture
def loopback(tmp_path: Path) -> Iterator[Loopback]:
    """A stdlib HTTP server on 127.0.0.1, stopped by its own pid."""
    log = tmp_path / "requests.jsonl"
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "loopback_server.py"), str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield Loopback(port=port, log=log)
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Hand this xdist worker's figures to the controller, which prints them."""
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["security_figures"] = dict(FIGURES)
        workeroutput["security_measurements"] = list(MEASUREMENTS)


def pytest_testnodedown(node: Any, error: Any) -> None:
    """Add up a finished xdist worker's figures (only called under pytest-xdist)."""
    del error
    output = getattr(node, "workeroutput", {})
    for name, count in output.get("security_figures", {}).items():
        FIGURES[name] += count
    MEASUREMENTS.extend(output.get("security_measurements", []))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the figures the issue asks for (counted in this process)."""
    if FIGURES["cases tried"]:
        line = ", ".join(f"{name}: {count}" for name, count in FIGURES.items())
        terminalreporter.write_line(f"security figures: {line}")
    for line in MEASUREMENTS:
        terminalreporter.write_line(f"security limits: {line}")
