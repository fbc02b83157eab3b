"""The request body's stream flag: the boolean a streaming method sets itself (one switch)."""

from __future__ import annotations

from typing import Any

from oapigen.build.media import pick_content_type
from oapigen.spec.pointer import deref

# The property OpenAI and its followers name it; a body without it asks for nothing.
FLAG = "stream"
# allOf/anyOf nesting followed at most (a cycle of $refs ends here too).
_DEPTH = 16


def stream_flag(document: Any, op: dict[str, Any]) -> str | None:
    """``FLAG`` when the request body (through $ref and allOf) declares it as a boolean."""
    body, _ = deref(document, op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media = content[pick_content_type(content)]
    schema = media.get("schema") if isinstance(media, dict) else None
    flag = _property(document, schema, FLAG, _DEPTH)
    return FLAG if _is_boolean(document, flag) else None


def _property(document: Any, schema: Any, name: str, depth: int) -> Any:
    """The schema of property ``name``, looked up through $ref and allOf."""
    schema, _ = deref(document, schema)
    if depth <= 0 or not isinstance(schema, dict):
        return None
    properties = schema.get("properties")
    if isinstance(properties, dict) and name in properties:
        return properties[name]
    for part in _list(schema.get("allOf")):
        found = _property(document, part, name, depth - 1)
        if found is not None:
            return found
    return None


def _is_boolean(document: Any, schema: Any, depth: int = _DEPTH) -> bool:
    """Whether ``schema`` is a boolean, perhaps nullable (``nullable``, a type list, anyOf)."""
    schema, _ = deref(document, schema)
    if depth <= 0 or not isinstance(schema, dict):
        return False
    kind = schema.get("type")
    if kind == "boolean" or (isinstance(kind, list) and "boolean" in kind):
        return True
    branches = _list(schema.get("anyOf")) + _list(schema.get("oneOf"))
    return any(_is_boolean(document, branch, depth - 1) for branch in branches)


def _list(value: Any) -> list[Any]:
    """A list keyword's value; anything else (a broken spec) counts as empty."""
    return value if isinstance(value, list) else []
