"""What a peer left out: a peer that exits 0 but drops operations has not generated the spec.

The real-world figure (7) compares cold times only between contenders that generated the whole
API. Each peer's output is counted against the spec's own operations, and its log is read for the
warnings it gives when it leaves something out, so the table can say "dropped 35 of 468
operations" where a bare time would flatter it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

# openapi-python-client: "WARNING parsing GET /v1/x within tag. Endpoint will not be generated."
# (printed once per tag the operation carries, so distinct method and path are counted).
_OPC_DROPPED = re.compile(r"parsing (\w+) (\S+) within .*?Endpoint will not be generated")
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
    """
    with spec.open("rb") as handle:
        document = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    paths = document.get("paths") or {}
    return sum(
        1 for item in paths.values() if isinstance(item, dict) for key in item if key in _METHODS
    )


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
    """What openapi-python-client left out ("" when it wrote every operation)."""
    if returncode != 0:
        errors = opc_errors(log)
        if errors:
            return f"exit {returncode}, {errors} errors, no client written"
        raised = _RAISED.findall(log)
        if raised:  # an uncaught exception, printed as a framed traceback
            return f"exit {returncode}, crashed: {' '.join(raised[-1].split())[:220]}"
        return f"exit {returncode}, no client written"
    dropped = len(opc_dropped(log))
    written = opc_written(out)
    if not dropped and written >= declared:
        return ""
    return f"{dropped} of {declared} operations dropped with a warning, {written} written"


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
