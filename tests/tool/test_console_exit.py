"""The ``oapigen`` command's exit: what the run allocated is frozen before the interpreter ends."""

from __future__ import annotations

import gc
import sys

import pytest

from oapigen.cli import console


def test_console_freezes_the_heap_before_exiting(monkeypatch: pytest.MonkeyPatch) -> None:
    # Frozen objects are skipped by the collections the interpreter runs at exit (a fifth of a
    # cold fragment run's CPU when they walk the whole heap).
    monkeypatch.setattr(sys, "argv", ["oapigen", "--version"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as exited:
            console()
        assert exited.value.code == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
