"""The validator's child forked at start-up: same findings, and never left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oapigen.spec import validate_early, validate_fork

from .conftest import ROOT
from .test_bad_specs import CASES
from .test_validate_fork import FRAGMENT, checked, invalid_spec, open_fds, write_spec

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture
def early(monkeypatch: pytest.MonkeyPatch) -> Iterator[validate_early.EarlyChild]:
    """A started early child (xdist's threads would otherwise forbid the fork)."""
    monkeypatch.setattr("threading.active_count", lambda: 1)
    validate_early.start()
    child = validate_early.take()
    assert child is not None
    monkeypatch.setattr(validate_early, "_waiting", child)
    yield child
    validate_early.discard()


def assert_reaped(pid: int) -> None:
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@needs_fork
@pytest.mark.parametrize("make", [invalid_spec, None], ids=["invalid", "fragment"])
def test_the_early_child_finds_what_the_validator_finds_in_process(
    tmp_path: Path, make: Any, early: validate_early.EarlyChild
) -> None:
    path = write_spec(tmp_path, make()) if make else FRAGMENT
    document, version = checked(path)
    with validate_fork.UpstreamValidation(document, version, None, fork=True) as run:
        in_child = run.findings()
    in_process = validate_fork.UpstreamValidation(document, version, None, fork=False).findings()
    assert validate_early.take() is None, "the early child was used"
    assert in_child == in_process
    assert bool(in_child) == (make is not None)
    assert_reaped(early.pid)


@needs_fork
def test_an_unused_early_child_is_stopped_and_reaped(early: validate_early.EarlyChild) -> None:
    validate_early.discard()
    assert validate_early.take() is None
    assert_reaped(early.pid)
    for fd in (early.requests, early.answers):
        assert str(fd) not in open_fds()


@needs_fork
def test_a_dead_early_child_is_replaced_by_a_fresh_fork(early: validate_early.EarlyChild) -> None:
    os.kill(early.pid, signal.SIGKILL)
    os.waitid(os.P_PID, early.pid, os.WEXITED | os.WNOWAIT)  # dead, not yet reaped
    document, version = checked(FRAGMENT)
    with validate_fork.UpstreamValidation(document, version, None, fork=True) as run:
        assert run.findings() == []
    assert_reaped(early.pid)


@needs_fork
@pytest.mark.parametrize("spec", CASES, ids=[c.stem for c in CASES])
def test_bad_specs_give_the_same_diagnostics_through_the_early_child(
    spec: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    argv = ["generate", "--spec", str(spec.relative_to(ROOT)), "--out", str(out), "--no-cache"]
    result = subprocess.run(
        [sys.executable, "-m", "oapigen", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == spec.with_suffix(".expected").read_text(encoding="utf-8")
    assert not out.exists()
