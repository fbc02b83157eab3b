"""Fixtures for the contract tests: Prism mock servers and the generated client pointed at them."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from client_helpers import GENERATED, SPEC
from prism_server import Prism, running

# The committed client is imported from generated/ itself: it is what users get.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))

_COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="session")
def counts() -> Counter[str]:
    """Session-wide tallies (requests validated by Prism, responses decoded), printed at the end."""
    return _COUNTS


@pytest.fixture(scope="session")
def prism_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where Prism writes its request log (shown when a test fails)."""
    return tmp_path_factory.mktemp("prism-logs")


@pytest.fixture(scope="session")
def prism_static(prism_logs: Path) -> Iterator[Prism]:
    """Prism in static mode: validates requests and answers with examples."""
    yield from running(SPEC, dynamic=False, log_dir=prism_logs)


@pytest.fixture(scope="session")
def prism_dynamic(prism_logs: Path) -> Iterator[Prism]:
    """Prism with ``-d``: answers with random data valid against the response schema."""
    yield from running(SPEC, dynamic=True, log_dir=prism_logs)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Hand this worker's tallies to the xdist controller."""
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["contract_counts"] = dict(_COUNTS)


def pytest_testnodedown(node: Any, error: Any) -> None:
    """Collect a finished xdist worker's tallies (hook only called with pytest-xdist)."""
    del error
    _COUNTS.update(getattr(node, "workeroutput", {}).get("contract_counts", {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the tallies once, after the test results."""
    if _COUNTS:
        terminalreporter.section("contract tests")
        for name, value in sorted(_COUNTS.items()):
            terminalreporter.write_line(f"{name}: {value}")
