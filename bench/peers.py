"""What a peer left out: a peer that exits 0 but drops operations has not generated the spec.

The real-world figure (7) compares cold times only between contenders that generated the whole
API. Each peer's output is counted against the spec's own operations, and its log is read for the
warnings it gives when it leaves something out, so the table can say "dropped 35 of 468
operations" where a bare time would flatter it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

# openapi-python-client: "WARNING parsing GET /v1/x within tag. Endpoint will not be generated."
# (printed once per tag the operation carries, so distinct method and path are counted).
_OPC_DROPPED = re.compile(r"parsing (\w+) (\S+) within .*?Endpoint will not be generated")
# "error: Failed to parse pkg/api/gists/gistsupdate.py:38:5: Expected a statement"
_OPC_RUFF = re.compile(r"^error: (Failed to parse .+)$", re.MULTILINE)
# The schemas listed under "Failure to process schema has resulted in the removal of:".
_OPC_REMOVED = re.compile(r"^(/components/schemas/\S+)$", re.MULTILINE)
_OPC_VALIDATION = re.compile(r"(\d+) validation errors? for OpenAPI")
# The exception line(s) that end a traceback, up to the blank line or the end.
_RAISED = re.compile(r"^(\w+(?:Error|Exception): (?:.+\n?)+)", re.MULTILINE)
# OpenAPI Generator's python client: one `<name>_with_http_info` method per operation.
_OAG_METHOD = re.compile(r"^    def (\w+)_with_http_info\(", re.MULTILINE)
# ...and the status codes it can decode; an operation it read as empty has none.
_OAG_EMPTY_MAP = re.compile(r"_response_types_map: Dict\[str, Optional\[str\]\] = \{\s*\}")


def spec_operations(spec: Path) -> int:
    """How many operations the root document's ``paths`` declare (a split spec's refs included:
    an operation written as ``get: {$ref: file.yml}`` is one operation wherever its body lives).

    Counted in a child process, so the bench process never holds a 4 MB spec's objects (~150
    MiB). Contenders no longer depend on it: ``run_child`` measures each one under
    ``bench/launcher.py``, whatever this process holds.
    """
    done = subprocess.run(
        [sys.executable, "-c", _COUNT_OPERATIONS, str(spec)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


_COUNT_OPERATIONS = f"""
import sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
with open(sys.argv[1], "rb") as handle:
    paths = yaml.load(handle, Loader=loader).get("paths") or {{}}
methods = {sorted(_METHODS)!r}
print(sum(1 for item in paths.values() if isinstance(item, dict) for key in item if key in methods))
"""


def opc_dropped(log: str) -> set[str]:
    """``METHOD /path`` of each operation openapi-python-client said it would not generate."""
    return {f"{method} {path}" for method, path in _OPC_DROPPED.findall(log)}


def opc_errors(log: str) -> int:
    """How many errors openapi-python-client gave when it exits 1 ("client was not created"):
    its document parser's count ("661 validation errors for OpenAPI"), else its ERROR blocks.
    """
    counted = _OPC_VALIDATION.search(log)
    if counted:
        return int(counted.group(1))
    return sum(1 for line in log.splitlines() if line.startswith("ERROR"))


def opc_written(out: Path) -> int:
    """Operation modules openapi-python-client wrote (``<package>/api/<tag>/<op>.py``)."""
    return sum(1 for p in out.glob("*/api/*/*.py") if p.name != "__init__.py")


def oag_written(out: Path) -> tuple[int, int]:
    """Operations OpenAPI Generator wrote, and how many of them decode no response at all."""
    written = empty = 0
    for module in (out / "oag_client" / "api").glob("*.py"):
        text = module.read_text(encoding="utf-8", errors="replace")
        written += len(_OAG_METHOD.findall(text))
        # Three methods per operation (plain, with_http_info, without_preload_content).
        empty += len(_OAG_EMPTY_MAP.findall(text)) // 3
    return written, empty


def opc_shortfall(out: Path, log: str, *, declared: int, returncode: int) -> str:
    """What openapi-python-client left out or failed on ("" when it wrote every operation)."""
    parts = [] if returncode == 0 else [f"exit {returncode}"]
    errors = opc_errors(log) if returncode else 0
    if errors:
        parts.append(f"{errors} errors")
    raised = _RAISED.findall(log) if returncode else []
    if raised:  # an uncaught exception, printed as a framed traceback
        parts.append(f"crashed: {' '.join(raised[-1].split())[:220]}")
    ruff = _OPC_RUFF.search(log)
    if ruff:  # its post-hook could not parse what it wrote
        parts.append(f"its ruff hook failed on its own output: {ruff.group(1)[:160]}")
    dropped = len(opc_dropped(log))
    if dropped:
        parts.append(f"{dropped} of {declared} operations dropped with a warning")
    removed = len(set(_OPC_REMOVED.findall(log)))
    if removed:
        parts.append(f"{removed} schemas removed")
    if returncode and "client was not created" in log:
        parts.append("no client written")
    elif not returncode and not dropped and opc_written(out) < declared:
        parts.append(f"{opc_written(out)} of {declared} operations written")
    return ", ".join(parts)


def oag_shortfall(out: Path, *, declared: int, returncode: int) -> str:
    """What OpenAPI Generator left out ("" when every operation has a method that decodes)."""
    if returncode != 0:
        return f"exit {returncode}"
    written, empty = oag_written(out)
    parts = []
    if written < declared:
        parts.append(f"{declared - written} of {declared} operations missing")
    if empty:
        parts.append(f"{empty} of {written} methods empty (no parameters, no responses)")
    return ", ".join(parts)


def import_failure(folder: Path, package: str, *, env: dict[str, str]) -> str:
    """Why ``import package`` fails from ``folder`` ("" when it imports): a client that cannot be
    imported was not generated, whatever its exit code (OpenAPI Generator's Stripe package).
    Untimed: it runs after the measured run.
    """
    argv = [sys.executable, "-c", f"import {package}"]
    env = {**env, "PYTHONPATH": str(folder)}
    done = subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return ""
    lines = [x for x in done.stderr.strip().splitlines() if x.strip()]
    return f"the package does not import ({lines[-1][:160] if lines else done.returncode})"


def opc_package(out: Path) -> str | None:
    """The import package openapi-python-client wrote into its project folder."""
    found = sorted(p.parent.parent.name for p in out.glob("*/api/__init__.py"))
    return found[0] if found else None
