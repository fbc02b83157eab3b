"""``ruff check --fix`` (unused imports) then ``ruff format`` over all the files of a run."""

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
# Templates import every name a module might use: ruff drops the unused ones (F401, and TC005
# for a TYPE_CHECKING block left empty) and sorts what is left (I). Whatever is neither the
# standard library nor a known third-party package is the generated package itself: saying so,
# instead of naming the package, keeps the output a function of the text alone (the format
# cache is keyed by it). The generated code depends on urllib3, its tests on pytest.
FIX_RULES = "F401,I,TC005"
_FIX_SETTINGS = (
    'lint.isort.default-section = "first-party"',
    'lint.isort.known-third-party = ["pytest", "urllib3"]',
)


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
        _run(folder, _fix_command(target))
        completed = _run(folder, _command(line_length, target))
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


def fix_texts(texts: dict[str, str], *, target: str) -> dict[str, str]:
    """Each text with its unused imports dropped and the rest sorted (a text that does not
    parse comes back as it was: the formatter then says why)."""
    ordered = sorted(texts)
    with tempfile.TemporaryDirectory(prefix="oapigen-fix-") as tmp:
        folder = Path(tmp)
        for index, path in enumerate(ordered):
            (folder / f"{index}.py").write_bytes(texts[path].encode("utf-8"))
        _run(folder, _fix_command(target))
        return {
            path: (folder / f"{index}.py").read_bytes().decode("utf-8")
            for index, path in enumerate(ordered)
        }


class Piped:
    """``ruff check --fix`` piped into ``ruff format`` for one text, running in the background."""

    def __init__(self, text: str, *, line_length: int, target: str) -> None:
        """Start both processes and hand ``text`` over; ``finish`` collects the result."""
        piped = ("--stdin-filename", "piped.py", "-")
        self.fixer = subprocess.Popen(
            [*_fix_command(target), *piped],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Its findings are the unfixable ones; a text that does not parse comes out as it
            # went in, and the formatter says why.
            stderr=subprocess.DEVNULL,
        )
        self.formatter = subprocess.Popen(
            [*_command(line_length, target), *piped],
            stdin=self.fixer.stdout,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        if self.fixer.stdout is not None:  # the formatter holds its own copy of the pipe
            self.fixer.stdout.close()
            self.fixer.stdout = None
        if self.fixer.stdin is not None:  # always: PIPE was asked for
            # ruff reads all of its input before it writes: handing it over now cannot deadlock.
            # Bytes, as the folder path writes them: no newline translation either way.
            try:
                self.fixer.stdin.write(text.encode("utf-8"))
                self.fixer.stdin.close()
            except BrokenPipeError:
                pass  # ruff exited early: finish reports why
            self.fixer.stdin = None

    def stop(self) -> None:
        """Kill both processes and reap them."""
        for process in (self.fixer, self.formatter):
            process.kill()
            process.communicate()  # reaps it and closes its pipes

    def finish(self) -> tuple[str, str | None]:
        """The formatted text, or why ruff refused it."""
        stdout, raw_errors = self.formatter.communicate()
        self.fixer.wait()
        stderr = raw_errors.decode("utf-8", "replace")
        problem = _PIPED_PARSE_ERROR.search(stderr)
        if problem is not None:
            return "", problem.group(1)
        if self.formatter.returncode != 0:
            reason = stderr.strip().splitlines() or [f"exit {self.formatter.returncode}"]
            raise RuntimeError(f"ruff format failed: {reason[0]}")
        return stdout.decode("utf-8"), None


def _run(folder: Path, command: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, "."],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@functools.cache
def _ruff() -> str:
    from ruff import find_ruff_bin  # noqa: PLC0415 - looked up through sysconfig: once

    return str(find_ruff_bin())


@functools.cache
def _fix_command(target: str) -> tuple[str, ...]:
    settings = [part for setting in _FIX_SETTINGS for part in ("--config", setting)]
    return (
        _ruff(),
        "check",
        "--isolated",
        "--no-cache",
        "--no-respect-gitignore",
        "--fix",
        "--exit-zero",
        "--quiet",
        "--select",
        FIX_RULES,
        "--target-version",
        target,
        *settings,
    )


@functools.cache
def _command(line_length: int, target: str) -> tuple[str, ...]:
    return (
        _ruff(),
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
