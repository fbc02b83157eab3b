"""``ruff format`` over all the files of a run, in one process."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
from pathlib import Path

# ruff names each file it cannot parse on stderr, relative to its working directory.
_PARSE_ERROR = re.compile(r"^error: Failed to parse (\d+)\.py:(\d+:\d+: .*)$", re.MULTILINE)
# Deleting ~2,000 files ruff has just rewritten took 5-7 s on this machine's disk (ext4 mounted
# with discard) against 0.02 s in memory: the scratch folder goes to tmpfs where there is one.
_SHM = Path("/dev/shm")


_PIPED_PARSE_ERROR = re.compile(r"^error: Failed to parse piped\.py:(\d+:\d+: .*)$", re.MULTILINE)


def format_texts(
    texts: dict[str, str], *, line_length: int, target: str
) -> dict[str, tuple[str, str | None]]:
    """Each text formatted, or the reason ruff refused it."""
    if _SHM.is_dir() and os.access(_SHM, os.W_OK):
        try:
            return _format_in(_SHM, texts, line_length=line_length, target=target)
        except OSError:  # /dev/shm full (Docker gives it 64 MB): use the ordinary temp dir
            pass
    return _format_in(None, texts, line_length=line_length, target=target)


def _format_in(
    parent: Path | None, texts: dict[str, str], *, line_length: int, target: str
) -> dict[str, tuple[str, str | None]]:
    ordered = sorted(texts)
    with tempfile.TemporaryDirectory(prefix="oapigen-format-", dir=parent) as tmp:
        folder = Path(tmp)
        # Numbered flat names: no generated path can fall under ruff's default excludes.
        for index, path in enumerate(ordered):
            (folder / f"{index}.py").write_bytes(texts[path].encode("utf-8"))
        completed = _run_ruff(folder, line_length=line_length, target=target)
        problems = {
            ordered[int(number)]: reason
            for number, reason in _PARSE_ERROR.findall(completed.stderr)
        }
        if completed.returncode != 0 and not problems:
            reason = completed.stderr.strip().splitlines() or [f"exit {completed.returncode}"]
            raise RuntimeError(f"ruff format failed: {reason[0]}")
        return {
            path: (
                ("", problems[path])
                if path in problems
                else ((folder / f"{index}.py").read_bytes().decode("utf-8"), None)
            )
            for index, path in enumerate(ordered)
        }


def start_piped(text: str, *, line_length: int, target: str) -> subprocess.Popen[bytes]:
    """A ruff process formatting ``text`` from its standard input; see ``finish_piped``."""
    process = subprocess.Popen(
        [*_command(line_length, target), "--stdin-filename", "piped.py", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if process.stdin is not None:  # always: PIPE was asked for
        # ruff reads all of its input before it writes: handing it over now cannot deadlock.
        # Bytes, as the folder path writes them: no newline translation either way.
        try:
            process.stdin.write(text.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # ruff exited early: finish_piped reports why
        process.stdin = None
    return process


def finish_piped(process: subprocess.Popen[bytes]) -> tuple[str, str | None]:
    """The formatted text, or why ruff refused it."""
    stdout, raw_errors = process.communicate()
    stderr = raw_errors.decode("utf-8", "replace")
    problem = _PIPED_PARSE_ERROR.search(stderr)
    if problem is not None:
        return "", problem.group(1)
    if process.returncode != 0:
        reason = stderr.strip().splitlines() or [f"exit {process.returncode}"]
        raise RuntimeError(f"ruff format failed: {reason[0]}")
    return stdout.decode("utf-8"), None


def _run_ruff(folder: Path, *, line_length: int, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*_command(line_length, target), "."],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@functools.cache
def _command(line_length: int, target: str) -> tuple[str, ...]:
    from ruff import find_ruff_bin  # noqa: PLC0415 - looked up through sysconfig: once

    return (
        str(find_ruff_bin()),
        "format",
        # The project's own ruff settings (100 columns) must not leak into generated code.
        "--isolated",
        "--no-cache",
        "--no-respect-gitignore",
        "--line-length",
        str(line_length),
        "--target-version",
        target,
    )
