"""Validate a loaded spec: openapi-spec-validator plus the checks it does not make."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .diagnostics import Collector
from .resolve import check_refs, join
from .validation_cache import upstream_messages

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"{([^{}]+)}")


def validate(
    document: Any, diags: Collector, *, lenient: bool, cache_dir: Path | None = None
) -> Any:
    """Record every problem in ``diags``; return the document, repaired where lenient allows."""
    version = str(document.get("openapi", ""))
    if not re.fullmatch(r"3\.[01]\.\d+", version):
        diags.error("/openapi", "unsupported-version", f"OpenAPI {version!r} is not 3.0.x or 3.1.x")
        return document
    check_refs(document, diags)
    if diags.errors:
        # The upstream validator follows refs itself (even http:// and file://): never hand it one.
        return document
    _check_operations(document, diags)
    report = diags.warning if lenient else diags.error
    _check_required_lists(document, report, repair=lenient)
    messages = upstream_messages(
        document, version, lambda: _run_upstream_validator(document, version), cache_dir
    )
    for message in messages:
        report("", "spec-invalid", message)
    return document


def _run_upstream_validator(document: Any, version: str) -> list[str]:
    # Imported on use: it costs ~0.3 s, which a run answered from the cache never pays.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator  # noqa: PLC0415

    cls = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    seen: set[tuple[str, str]] = set()
    messages = []
    try:
        for err in cls(document).iter_errors():
            # The validator checks each schema on its own, so its path is relative to that schema.
            where = "/".join(str(p) for p in err.absolute_path)
            message = f"{err.message[:300]}" + (f" (at {where})" if where else "")
            key = ("", message)
            if key not in seen:
                seen.add(key)
                messages.append(message)
    except Exception as exc:
        messages.append(f"validator stopped: {type(exc).__name__}: {str(exc)[:300]}")
    return messages


def _check_operations(document: Any, diags: Collector) -> None:
    paths = document.get("paths") or {}
    if not isinstance(paths, dict):
        return
    seen: dict[str, str] = {}
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            pointer = join("/paths", path, method)
            op_id = op.get("operationId")
            if isinstance(op_id, str):
                if op_id in seen:
                    diags.error(
                        pointer + "/operationId",
                        "duplicate-operation-id",
                        f"operationId {op_id!r} is also used at #{seen[op_id]}",
                    )
                else:
                    seen[op_id] = pointer
            _check_path_params(document, path, item, op, pointer, diags)


def _check_path_params(
    document: Any, path: str, item: Any, op: Any, pointer: str, diags: Collector
) -> None:
    from .resolve import deref

    declared = set()
    for param in list(item.get("parameters") or []) + list(op.get("parameters") or []):
        target, _ = deref(document, param)
        if isinstance(target, dict) and target.get("in") == "path":
            declared.add(target.get("name"))
    for name in _TEMPLATE.findall(path):
        if name not in declared:
            diags.error(
                pointer, "undeclared-path-param", f"path parameter {{{name}}} is not declared"
            )


def _check_required_lists(document: Any, report: Any, *, repair: bool) -> None:
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            req = node.get("required")
            if isinstance(req, list) and len(set(map(str, req))) != len(req):
                dupes = sorted({r for r in req if req.count(r) > 1})
                report(join(pointer, "required"), "duplicate-required", f"listed twice: {dupes}")
                if repair:
                    node["required"] = list(dict.fromkeys(req))
            stack.extend((join(pointer, k), v) for k, v in node.items() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((join(pointer, i), v) for i, v in enumerate(node) if isinstance(v, dict | list))
