"""The upstream validator in a forked child, so its seconds overlap building and rendering.

The child gets a copy-on-write snapshot of the checked document and sends its findings back as
JSON through a pipe. Where forking is unsafe (other threads run: a held lock would be copied
into the child) or impossible, the validator runs at once, in this process.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from oapigen.spec import validate_early
from oapigen.diagnostics import Collector
from oapigen.forked import ChildProcess
from oapigen.spec.validate import report_upstream, upstream_findings

Findings = list[tuple[str, str]]


class ValidatorDied(Exception):
    """The validator's child process ended without sending its findings."""


def can_fork() -> bool:
    """Whether this process may fork: the platform has it and no other thread runs."""
    return hasattr(os, "fork") and threading.active_count() == 1


class UpstreamValidation(ChildProcess):
    """A started run of the upstream validator; :meth:`findings` waits for it."""

    def __init__(
        self, document: Any, version: str, cache_dir: Path | None, *, fork: bool | None = None
    ) -> None:
        """Start validating: in a child when ``fork`` (default: when it is safe), else now."""
        self._pid: int | None = None
        self._reader: int | None = None
        self._result: Findings | None = None
        if fork if fork is not None else can_fork():
            self._pid, self._reader = _start_child(document, version, cache_dir)
        else:
            self._result = upstream_findings(document, version, cache_dir)

    def findings(self) -> Findings:
        """The validator's findings, once its child has ended; ValidatorDied if it crashed."""
        if self._result is None and self._pid is not None and self._reader is not None:
            self._result = self._join(self._pid, self._reader)
        if self._result is None:
            raise ValidatorDied("it was stopped")  # findings() after close()
        return self._result

    def report_into(self, diags: Collector, *, lenient: bool) -> None:
        """Wait for the findings and record them in ``diags``; a crash is one error."""
        try:
            findings = self.findings()
        except ValidatorDied as exc:
            diags.error("", "validator-died", f"the spec validator's process ended early: {exc}")
            return
        report_upstream(findings, diags, lenient=lenient)

    def _join(self, pid: int, reader: int) -> Findings:
        self._reader = None
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        self._pid = None
        _, status = os.waitpid(pid, 0)
        try:
            sent = json.loads(data)
        except ValueError:
            raise ValidatorDied(_how_it_ended(status)) from None
        if "crash" in sent:
            raise ValidatorDied(f"it failed: {sent['crash']}")
        return [(str(pointer), str(message)) for pointer, message in sent["findings"]]


def _start_child(document: Any, version: str, cache_dir: Path | None) -> tuple[int, int]:
    early = validate_early.take()
    if early is not None and early.hand_over(document, version, cache_dir):
        return early.pid, early.answers
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: validate, send JSON, leave without running any exit handlers
        code = 1
        try:
            os.close(reader)
            answer(writer, document, version, cache_dir)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return pid, reader


def answer(writer: int, document: Any, version: str, cache_dir: Path | None) -> None:
    """In a child: validate, and send the findings (or the crash) as JSON through ``writer``."""
    try:
        message: dict[str, Any] = {"findings": upstream_findings(document, version, cache_dir)}
    # Anything the child raises is reported by the parent, as one line.
    except Exception as exc:
        message = {"crash": f"{type(exc).__name__}: {str(exc)[:300]}"}
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(json.dumps(message).encode())


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"it was killed by signal {os.WTERMSIG(status)}"
    return f"it exited with status {os.waitstatus_to_exitcode(status)}"
