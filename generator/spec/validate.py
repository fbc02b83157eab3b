"""Validate a loaded spec: openapi-spec-validator plus the checks it does not make."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from oapigen.cache.validation import upstream_messages
from oapigen.diagnostics import Collector
from oapigen.spec import validator_settings
from oapigen.spec.pointer import check_refs, deref, join, operations
from oapigen.versions import version as package_version

_TEMPLATE = re.compile(r"{([^{}]+)}")
# Findings depend on the validator's version and on how this module locates them.
_CACHE_PREFIX = f"openapi-spec-validator {package_version('openapi-spec-validator')} locate-1\n"


def validate(
    document: Any, diags: Collector, *, lenient: bool, cache_dir: Path | None = None
) -> Any:
    """Record every problem in ``diags``; return the document, repaired where lenient allows.

    ``cache_dir`` keeps the upstream validator's findings by content hash.
    """
    version = check(document, diags, lenient=lenient)
    if version is not None:
        report_upstream(upstream_findings(document, version, cache_dir), diags, lenient=lenient)
    return document


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


def report_upstream(findings: list[tuple[str, str]], diags: Collector, *, lenient: bool) -> None:
    """Record the upstream validator's findings: warnings when lenient, else errors."""
    report = diags.warning if lenient else diags.error
    for pointer, message in findings:
        report(pointer, "spec-invalid", message)


def upstream_findings(document: Any, version: str, cache_dir: Path | None) -> list[tuple[str, str]]:
    """The upstream validator's findings, cached: it is the slowest stage.

    Stored under the exact document and under the document with its prose blanked, so an
    edited description does not re-run it (see ``validation_cache``).
    """
    found = upstream_messages(
        document,
        _CACHE_PREFIX + version,
        lambda: _upstream_findings(document, version),
        cache_dir,
    )
    return [(str(pointer), str(message)) for pointer, message in found]


def import_upstream() -> tuple[type[Any], type[Any]]:
    """The upstream validator's classes for OpenAPI 3.0 and 3.1 (the import takes ~0.2 s)."""
    # Imported on use: a run answered from the cache never pays for it.
    validator_settings.install()
    try:
        from oapigen.spec.validator_speedups import spec_validators  # noqa: PLC0415
    except ImportError:  # other library versions moved a private name: run the published ones
        from openapi_spec_validator import (  # noqa: PLC0415
            OpenAPIV30SpecValidator,
            OpenAPIV31SpecValidator,
        )

        return OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    return spec_validators()


def _upstream_findings(document: Any, version: str) -> list[tuple[str, str]]:
    for_30, for_31 = import_upstream()
    cls = for_31 if version.startswith("3.1") else for_30
    findings: list[tuple[str, str]] = []
    locator = _Locator(document)
    try:
        for err in cls(document).iter_errors():
            # The validator checks each schema on its own, so its path is relative to that schema:
            # find the node it was looking at to turn that path into a document pointer.
            relative = list(err.absolute_path)
            pointer = locator.find(err)
            where = "/".join(str(p) for p in relative)
            message = err.message[:300] + (f" (at {where})" if where and pointer is None else "")
            if (pointer or "", message) not in findings:
                findings.append((pointer or "", message))
    # The validator raises untyped errors on bad input: any of them is a finding.
    except Exception as exc:
        findings.append(("", f"validator stopped: {type(exc).__name__}: {str(exc)[:300]}"))
    return findings


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
    # A parameters value that is no list is the upstream validator's to report.
    groups = [g for g in (item.get("parameters"), op.get("parameters")) if isinstance(g, list)]
    for param in (p for group in groups for p in group):
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
            # Only names can be listed twice: other entries are the upstream validator's to report.
            names = [r for r in req if isinstance(r, str)] if isinstance(req, list) else []
            if len(set(names)) != len(names):
                dupes = sorted({r for r in names if names.count(r) > 1})
                report(
                    join(pointer, "required"),
                    "duplicate-required",
                    f"listed twice: {dupes}",
                )
                if repair:
                    node["required"] = list(dict.fromkeys(names))
            stack.extend(
                (join(pointer, k), v) for k, v in node.items() if isinstance(v, dict | list)
            )
        elif isinstance(node, list):
            stack.extend(
                (join(pointer, i), v) for i, v in enumerate(node) if isinstance(v, dict | list)
            )


class _Locator:
    """Finds where in the document a validator error points."""

    MAX_SEARCHES = 200  # each search walks the document: keep bad specs linear

    def __init__(self, document: Any) -> None:
        self.document = document
        self.searches = 0
        self._nodes: list[tuple[str, Any]] | None = None
        self._by_id: dict[int, str] = {}
        self._pending: dict[tuple[tuple[str, ...], int], list[str]] = {}

    def nodes(self) -> list[tuple[str, Any]]:
        """Every container of the document with its pointer (built once, on first need)."""
        if self._nodes is None:
            found: list[tuple[str, Any]] = []
            stack: list[tuple[str, Any]] = [("", self.document)]
            while stack:
                pointer, node = stack.pop()
                found.append((pointer, node))
                items = node.items() if isinstance(node, dict) else enumerate(node)
                stack.extend((join(pointer, k), v) for k, v in items if isinstance(v, dict | list))
            self._nodes = found
            self._by_id = {id(node): pointer for pointer, node in found}
        return self._nodes

    def pointer_of(self, node: Any) -> str | None:
        """The pointer of a container of the document, by identity."""
        self.nodes()
        return self._by_id.get(id(node))

    def find(self, err: Any) -> str | None:
        """The pointer of the value ``err`` is about, when it can be told."""
        relative, instance = list(err.absolute_path), err.instance
        if isinstance(instance, dict | list):
            return self.pointer_of(instance)
        if not relative:
            # A schema's own value (its default or example) was checked against the schema.
            schema = err.schema if isinstance(err.schema, dict) else None
            where = self.pointer_of(schema) if schema is not None else None
            for name in ("default", "example", "const"):
                if where is not None and schema is not None and name in schema:
                    if schema[name] is instance:
                        return join(where, name)
            return where
        key = (tuple(map(str, relative)), id(instance))
        if key not in self._pending:
            if self.searches >= self.MAX_SEARCHES:
                return None
            self.searches += 1
            self._pending[key] = [
                join(pointer, *relative)
                for pointer, node in self.nodes()
                if _follow(node, relative) is instance
            ]
        # Equal scalars can be one object (True, None): each error takes the next place found.
        pending = self._pending[key]
        return pending.pop(0) if pending else None


def _follow(node: Any, path: list[Any]) -> Any:
    for token in path:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        else:
            return _MISSING
    return node


_MISSING = object()
