"""What selects a page of a list: query parameters, or fields of a POST's JSON request body."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oapigen import ir
from oapigen.build.media import JSON, pick_content_type
from oapigen.spec.pointer import deref

# $ref and allOf nesting followed at most (a cycle of $refs ends here too).
_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Selector:
    """A value the caller sends that may select a page: its argument (or body key) and type."""

    name: str
    hint: str
    in_body: bool = False


def query_selectors(params: tuple[ir.Param, ...]) -> dict[str, Selector]:
    """wire name -> selector, for the operation's query parameters."""
    return {
        p.wire_name: Selector(p.py_name, p.type.hint) for p in params if p.location == "query"
    }


def body_selectors(document: Any, op: dict[str, Any]) -> dict[str, Selector]:
    """wire name -> selector, for the top-level fields of a JSON object request body."""
    body, _ = deref(document, op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return {}
    key = pick_content_type(content)
    media = content[key]
    if not JSON.match(str(key)) or not isinstance(media, dict):
        return {}
    found = {}
    for wire, schema in _properties(document, media.get("schema"), _DEPTH).items():
        target, _ = deref(document, schema)
        kind = target.get("type") if isinstance(target, dict) else None
        hint = {"integer": "int", "string": "str"}.get(kind if isinstance(kind, str) else "")
        if hint:
            found[wire] = Selector(wire, hint, in_body=True)
    return found


def _properties(document: Any, schema: Any, depth: int) -> dict[str, Any]:
    """The object's properties, through $ref and allOf."""
    schema, _ = deref(document, schema)
    if depth <= 0 or not isinstance(schema, dict):
        return {}
    found: dict[str, Any] = {}
    parts = schema.get("allOf")
    for part in parts if isinstance(parts, list) else []:
        found.update(_properties(document, part, depth - 1))
    properties = schema.get("properties")
    if isinstance(properties, dict):
        found.update({str(k): v for k, v in properties.items()})
    return found
