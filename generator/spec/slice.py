"""Cut a spec down to some operations and everything they reference."""

from __future__ import annotations

from typing import Any

from oapigen.diagnostics import Collector
from oapigen.spec.pointer import HTTP_METHODS, check_refs, iter_refs, lookup, ref_pointer, split


def slice_spec(document: Any, operation_ids: list[str], diags: Collector) -> dict[str, Any]:
    """A self-contained document with just ``operation_ids``; unknown ids are errors."""
    # Refs are followed below: one that leaves the document or resolves nowhere is an error first.
    check_refs(document, diags)
    diags.raise_if_errors()
    paths: dict[str, Any] = {}
    found: set[str] = set()
    for path, item in _mapping(document.get("paths")).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict) and op.get("operationId") in operation_ids:
                found.add(op["operationId"])
                kept = paths.setdefault(
                    path, {k: v for k, v in item.items() if k not in HTTP_METHODS}
                )
                kept[method] = op
    for missing in sorted(set(operation_ids) - found):
        diags.error("/paths", "unknown-operation", f"no operation has operationId {missing!r}")
    components = _referenced_components(document, paths)
    result: dict[str, Any] = {"openapi": document.get("openapi")}
    for key in ("info", "servers", "security"):
        if key in document:
            result[key] = document[key]
    used_tags = {
        t
        for item in paths.values()
        for op in item.values()
        if isinstance(op, dict)
        for t in _listed(op.get("tags"))
        if isinstance(t, str)
    }
    tags = [
        t
        for t in _listed(document.get("tags"))
        if isinstance(t, dict) and t.get("name") in used_tags
    ]
    if tags:
        result["tags"] = tags
    result["paths"] = paths
    schemes = _used_security(document, paths)
    if schemes:
        components.setdefault("securitySchemes", {}).update(schemes)
    if components:
        result["components"] = components
    return result


def _referenced_components(document: Any, paths: dict[str, Any]) -> dict[str, Any]:
    """Follow refs transitively from the kept paths; keep components in document order."""
    wanted: set[tuple[str, str]] = set()
    queue: list[Any] = [paths]
    while queue:
        node = queue.pop()
        for _, ref in iter_refs(node):
            pointer = ref_pointer(ref) if isinstance(ref, str) else None
            tokens = split(pointer) if pointer else []
            if len(tokens) >= 3 and tokens[0] == "components":
                key = (tokens[1], tokens[2])
                if key not in wanted:
                    wanted.add(key)
                    queue.append(
                        lookup(document, f"/components/{_esc(tokens[1])}/{_esc(tokens[2])}")
                    )
    result: dict[str, Any] = {}
    for section, entries in _mapping(document.get("components")).items():
        if isinstance(entries, dict):
            kept = {k: v for k, v in entries.items() if (section, k) in wanted}
            if kept:
                result[section] = kept
    return result


def _esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _used_security(document: Any, paths: dict[str, Any]) -> dict[str, Any]:
    requirements = _listed(document.get("security"))
    for item in paths.values():
        for op in item.values():
            if isinstance(op, dict):
                requirements.extend(_listed(op.get("security")))
    names = {str(name) for r in requirements if isinstance(r, dict) for name in r}
    schemes = _mapping(_mapping(document.get("components")).get("securitySchemes"))
    return {k: v for k, v in schemes.items() if k in names}


def _listed(value: Any) -> list[Any]:
    """A list field's entries; nothing when it is no list (the validator reports that)."""
    return list(value) if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    """A mapping field; empty when it is no mapping (the validator reports that)."""
    return value if isinstance(value, dict) else {}
