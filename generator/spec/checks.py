"""Our own checks of a loaded spec: the defects openapi-spec-validator does not report.

It yields duplicate operationIds and undeclared path parameters without a place, and stops on
a dangling ``$ref`` (STYLE §4): these checks run first, and repair where lenient allows.
"""

from __future__ import annotations

import re
from typing import Any

from oapigen.diagnostics import Collector
from oapigen.spec.pointer import check_refs, deref, join, operations

_TEMPLATE = re.compile(r"{([^{}]+)}")


def check(document: Any, diags: Collector, *, lenient: bool) -> str | None:
    """The checks of our own, repairing where lenient allows (they are fast, and build needs them).

    Returns the OpenAPI version when the upstream validator may be run on the document.
    """
    version = str(document.get("openapi", ""))
    if not re.fullmatch(r"3\.[01]\.\d+", version):
        diags.error(
            "/openapi",
            "unsupported-version",
            f"OpenAPI {version!r} is not 3.0.x or 3.1.x",
        )
        return None
    check_refs(document, diags)
    if diags.errors:
        # The upstream validator follows refs itself (even http:// and file://): never hand it one.
        return None
    _check_operations(document, diags)
    report = diags.warning if lenient else diags.error
    _check_required_lists(document, report, repair=lenient)
    return version


def _check_operations(document: Any, diags: Collector) -> None:
    seen: dict[str, str] = {}
    for path, item, _, op, pointer in operations(document):
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
        _check_path_params(document, path, item, op, pointer=pointer, diags=diags)


def _check_path_params(
    document: Any, path: str, item: Any, op: Any, *, pointer: str, diags: Collector
) -> None:
    declared = set()
    for param in list(item.get("parameters") or []) + list(op.get("parameters") or []):
        target, _ = deref(document, param)
        if isinstance(target, dict) and target.get("in") == "path":
            declared.add(target.get("name"))
    for name in _TEMPLATE.findall(path):
        if name not in declared:
            diags.error(
                pointer,
                "undeclared-path-param",
                f"path parameter {{{name}}} is not declared",
            )


def _check_required_lists(document: Any, report: Any, *, repair: bool) -> None:
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            req = node.get("required")
            if isinstance(req, list) and len(set(map(str, req))) != len(req):
                dupes = sorted({r for r in req if req.count(r) > 1})
                report(
                    join(pointer, "required"),
                    "duplicate-required",
                    f"listed twice: {dupes}",
                )
                if repair:
                    node["required"] = list(dict.fromkeys(req))
            stack.extend(
                (join(pointer, k), v) for k, v in node.items() if isinstance(v, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (join(pointer, i), v) for i, v in enumerate(node) if isinstance(v, dict | list)
            )
