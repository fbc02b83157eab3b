"""Shared machinery of the security tests: payloads, spec builders, CLI runs, figures."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGE = "hostile_client"

# Tallied by every case and printed by conftest's terminal summary.
MEASUREMENTS: list[str] = []
FIGURES = {
    "cases tried": 0,
    "strings planted": 0,
    "injections": 0,
    "tracebacks": 0,
    "writes outside the output dir": 0,
}


def payloads(canary: Path) -> list[str]:
    """Strings that broke generators before: quotes, escapes, line ends, templates, code."""
    run = f"__import__('os').system('touch {canary}')"
    return [
        '"""',
        "'''",
        '"',
        "'",
        "\\",
        'trailing quote"',
        "trailing backslash\\",
        '\\"\\"\\"',
        f'"""\n{run}\n"""',
        f"'''\n{run}\n'''",
        f"'); {run}; ('",
        f'"); {run.replace(chr(39), chr(34))}; ("',
        f"\n{run}\n",
        f"bare\r{run}\rcarriage",
        f"line\u2028{run}\u2029sep",
        "{{ cycler.__init__.__globals__.os.system('touch " + str(canary) + "') }}",
        "{% raw %}{{{%} {# x",
        "${HOME} $(touch " + str(canary) + ") `touch " + str(canary) + "` #{1+1}",
        "nul\x00byte\x00",
        "\\N{BULLET} \\x41 \\u0041 \\n",
        f"# comment\nimport os; {run}",
        "\x1b[2J\x1b]0;title\x07 esc",
        "\ufeffbom\u200bzero\u00a0nbsp\t tab",
        "../../../../tmp/evil",
        "/etc/passwd",
        "C:\\evil\\..\\x",
        "__init__",
        "None",
    ]


def generate_argv(spec_file: Path, out: Path, *extra: str) -> list[str]:
    """The arguments of one ``oapigen generate`` of the hostile package."""
    return ["generate", "--spec", str(spec_file), "--out", str(out), "--package", PACKAGE, *extra]


def run_cli(
    spec: dict[str, Any] | bytes,
    case: Path,
    *,
    suffix: str = ".json",
    extra: tuple[str, ...] = (),
) -> Outcome:
    """Run ``python -m oapigen generate`` on the spec in a clean folder; tally the figures."""
    spec_file = _write_spec(spec, case, suffix)
    before = _tree(case)
    proc = subprocess.run(
        [sys.executable, "-m", "oapigen", *generate_argv(spec_file, case / "out", *extra)],
        cwd=case,
        env={**os.environ, "OAPIGEN_CACHE_DIR": str(case.parent / "black-cache")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return _outcome(case, before, rc=proc.returncode, stdout=proc.stdout, stderr=proc.stderr)


def _write_spec(spec: dict[str, Any] | bytes, case: Path, suffix: str) -> Path:
    case.mkdir(parents=True, exist_ok=True)
    spec_file = case / f"spec{suffix}"
    spec_file.write_bytes(spec if isinstance(spec, bytes) else json.dumps(spec).encode())
    return spec_file


def _outcome(case: Path, before: set[str], *, rc: int, stdout: str, stderr: str) -> Outcome:
    """What a run in ``case`` did (files it left beside ``out`` included), tallied."""
    outside = sorted(p for p in _tree(case) - before if not p.startswith("out/") and p != "out")
    outcome = Outcome(rc=rc, stdout=stdout, stderr=stderr, out=case / "out", outside=outside)
    tally(outcome, case / "CANARY")
    return outcome


def tally(outcome: Outcome, canary: Path) -> None:
    """Count one case in the figures."""
    FIGURES["cases tried"] += 1
    FIGURES["injections"] += canary.exists()
    FIGURES["tracebacks"] += "Traceback" in outcome.stderr
    FIGURES["writes outside the output dir"] += len(outcome.outside)


@dataclass
class Outcome:
    """What one generator run did."""

    rc: int
    stdout: str
    stderr: str
    out: Path
    outside: list[str] = field(default_factory=list)

    def assert_refused(self, *codes: str) -> None:
        """Exit 2, one diagnostic line per problem, no traceback, nothing written."""
        assert self.rc == 2, (self.rc, self.stderr)
        assert "Traceback" not in self.stderr, self.stderr
        assert self.stderr.strip(), "a refusal must say why"
        for code in codes:
            assert f"[{code}]" in self.stderr, (code, self.stderr)
        assert not self.out.exists(), "nothing may be written on error"
        assert not self.outside, self.outside

    def assert_generated(self) -> None:
        """Exit 0, no traceback, every file inside the output folder."""
        assert self.rc == 0, self.stderr
        assert "Traceback" not in self.stderr, self.stderr
        assert not self.outside, self.outside
        for path in self.out.rglob("*"):
            assert path.resolve().is_relative_to(self.out.resolve()), path


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def exercise(outcome: Outcome, plan: dict[str, Any]) -> dict[str, Any]:
    """Import and run the generated package in a subprocess; its report as a dict."""
    plan_file = outcome.out.parent / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "exercise_pkg.py"),
            str(outcome.out),
            PACKAGE,
            str(plan_file),
        ],
        cwd=outcome.out.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def squash(text: str) -> str:
    """Whitespace-insensitive form: black re-indents docstrings and strips trailing spaces."""
    return " ".join(text.split())


def base_spec() -> dict[str, Any]:
    """A small valid spec: one POST with a path parameter, a body and a response model."""
    item_ref = {"$ref": "#/components/schemas/Item"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1.0"},
        "servers": [{"url": "http://127.0.0.1:9"}],
        "paths": {
            "/items/{id}": {
                "post": {
                    "operationId": "createItem",
                    "tags": ["items"],
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": item_ref}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": item_ref}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Item": {"type": "object", "properties": {"name": {"type": "string"}}}}
        },
    }


def simple_operation(op_id: str, **extra: Any) -> dict[str, Any]:
    """A GET without parameters answering with an Item."""
    return {
        "operationId": op_id,
        "tags": ["items"],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
            }
        },
        **extra,
    }


def escape_pointer(token: str) -> str:
    """One JSON-pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass
class Measured:
    """A CLI run with its peak memory, the CPU time it took and (printed only) its wall time."""

    outcome: Outcome
    max_rss_mb: float
    cpu_seconds: float
    seconds: float


# Peak RSS is VmHWM, the high-water mark of this process image only (ru_maxrss is not used:
# Linux carries the parent's peak across vfork+exec, so it grew with pytest's own size).
_MEASURE = """
import re, sys
from oapigen.cli import main
rc = main(sys.argv[2:])
status = open("/proc/self/status").read()
hwm = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
open(sys.argv[1], "w").write(f"{hwm}")
sys.exit(rc)
"""
# Only a run that hangs is stopped by the clock; how long a run takes is never asserted.
_HANG_GUARD_SECONDS = 600.0


def run_measured(spec: bytes, case: Path, *, suffix: str) -> Measured:
    """Run the CLI in a fresh interpreter; its peak RSS, and the CPU time of it and its children.

    CPU time (user + system, from ``wait4``: the process and every child it waited for, such
    as the validator's worker and the formatter) counts work done, whatever else the machine
    is busy with.
    """
    spec_file = _write_spec(spec, case, suffix)
    figures = case.parent / "measured.txt"
    argv = generate_argv(spec_file, case / "out", "--no-cache")
    before = _tree(case)
    stdout, stderr = case.parent / "stdout.txt", case.parent / "stderr.txt"
    started = time.monotonic()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, str(figures), *argv], cwd=case, stdout=out, stderr=err
        )
        guard = threading.Timer(_HANG_GUARD_SECONDS, proc.kill)
        guard.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            guard.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    outcome = _outcome(
        case, before, rc=proc.returncode, stdout=stdout.read_text(), stderr=stderr.read_text()
    )
    return Measured(
        outcome=outcome,
        max_rss_mb=float(figures.read_text()) if figures.exists() else math.nan,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        seconds=time.monotonic() - started,
    )


@dataclass
class Loopback:
    """A running loopback server and the log of what it received."""

    port: int
    log: Path

    @property
    def url(self) -> str:
        """Base URL of the server."""
        return f"http://127.0.0.1:{self.port}"

    def requests(self) -> list[dict[str, Any]]:
        """Every request received so far."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
