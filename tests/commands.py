"""Commands the tests run as child processes: output kept as text, the exit code for the test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A child that hangs fails its test after this long rather than holding the whole run.
PATIENCE = 600.0


def run(
    argv: Sequence[str],
    *,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float = PATIENCE,
) -> subprocess.CompletedProcess[str]:
    """``argv`` in ``cwd`` (this process's environment unless ``env``); never raises on its exit."""
    return subprocess.run(
        list(argv), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_python(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None, timeout: float = PATIENCE
) -> subprocess.CompletedProcess[str]:
    """This interpreter with ``args``: ``-m module ...``, ``-c code`` or a script."""
    return run([sys.executable, *args], cwd=cwd, env=env, timeout=timeout)


def oapigen(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m oapigen ARGS``, as a user types the command."""
    return run_python("-m", "oapigen", *args, cwd=cwd, env=env)


def mypy_strict(
    *args: str, cwd: Path, cache_dir: Path | None = None, mypypath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``mypy --strict ARGS`` in ``cwd``; ``mypypath`` finds a package that is not installed."""
    cache = ["--cache-dir", str(cache_dir)] if cache_dir is not None else []
    env = {**os.environ, "MYPYPATH": str(mypypath)} if mypypath is not None else None
    return run_python("-m", "mypy", "--strict", *cache, *args, cwd=cwd, env=env)


def importable(folder: Path, **variables: str) -> dict[str, str]:
    """This process's environment with ``folder`` as PYTHONPATH and ``variables`` set."""
    return {**os.environ, "PYTHONPATH": str(folder), **variables}


def mypy_program(code: str, *, folder: Path, mypypath: Path) -> subprocess.CompletedProcess[str]:
    """``code``, a user's program, as ``folder/user.py`` under ``mypy --strict``.

    ``mypypath`` holds the generated package it imports; the cache stays in ``folder``.
    """
    (folder / "user.py").write_text(code, encoding="utf-8")
    return mypy_strict("user.py", cwd=folder, cache_dir=folder / "mc", mypypath=mypypath)


def shipped_suite(out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The suite a generated client ships: ``pytest OPTIONS tests`` in ``out``, the client found."""
    argv = ["-m", "pytest", "-q", "-p", "no:cacheprovider", *options, "tests"]
    return run_python(*argv, cwd=out, env=importable(out))


def mypy_refusal(code: str, wrong: str, *, folder: Path, mypypath: Path) -> str:
    """What ``mypy --strict`` says against ``wrong``, once it has passed ``code`` (both asserted).

    ``wrong`` is ``code`` with one mistake: that mypy refuses it shows the check sees real types.
    """
    good = mypy_program(code, folder=folder, mypypath=mypypath)
    assert good.returncode == 0, good.stdout
    bad = mypy_program(wrong, folder=folder, mypypath=mypypath)
    assert bad.returncode == 1, bad.stdout
    return bad.stdout
