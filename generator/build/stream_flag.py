"""The request body's stream flag: the field a streaming method sets itself (one switch)."""

from __future__ import annotations

from typing import Any

from oapigen import ir
from oapigen.build.media import pick_content_type
from oapigen.spec.pointer import deref

# The boolean OpenAI and its followers name it; a body without it asks for nothing.
FLAG = "stream"
# The enum value that asks for server-sent events where a string field chooses the format
# (OpenAI's createSpeech: ``stream_format: sse | audio``).
EVENTS_VALUE = "sse"
# allOf/anyOf nesting followed at most (a cycle of $refs ends here too).
_DEPTH = 16


def stream_flag(document: Any, op: dict[str, Any]) -> ir.StreamFlag | None:
    """The body's ``stream`` boolean, else a string enum offering ``sse`` and another value.

    Each looked up through $ref and allOf; the streaming method sends True (``'sse'``), its
    twins False (the enum's default, else its first other value).
    """
    schema = _body_schema(document, op)
    if _is_boolean(document, _property(document, schema, FLAG, _DEPTH)):
        return ir.StreamFlag(wire_name=FLAG, on_repr="True", off_repr="False", off_text="false")
    for name, prop in _properties(document, schema, _DEPTH).items():
        other = _other_format(document, prop)
        if other is not None:
            return ir.StreamFlag(
                wire_name=name,
                on_repr=repr(EVENTS_VALUE),
                off_repr=repr(other),
                off_text=repr(other),
            )
    return None


def _body_schema(document: Any, op: dict[str, Any]) -> Any:
    body, _ = deref(document, op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media = content[pick_content_type(content)]
    return media.get("schema") if isinstance(media, dict) else None


def _other_format(document: Any, schema: Any) -> str | None:
    """The value beside ``sse`` of a string enum offering both, else None."""
    schema, _ = deref(document, schema)
    values = schema.get("enum") if isinstance(schema, dict) else None
    if not isinstance(values, list) or EVENTS_VALUE not in values:
        return None
    others = [v for v in values if isinstance(v, str) and v != EVENTS_VALUE]
    default = schema.get("default")
    return default if default in others else (others[0] if others else None)


def _properties(document: Any, schema: Any, depth: int) -> dict[str, Any]:
    """Every property of ``schema`` (through $ref and allOf), in document order."""
    schema, _ = deref(document, schema)
    if depth <= 0 or not isinstance(schema, dict):
        return {}
    properties = schema.get("properties")
    found = {str(k): v for k, v in properties.items()} if isinstance(properties, dict) else {}
    for part in _list(schema.get("allOf")):
        for name, prop in _properties(document, part, depth - 1).items():
            found.setdefault(name, prop)
    return found


def _property(document: Any, schema: Any, name: str, depth: int) -> Any:
    """The schema of property ``name``, looked up through $ref and allOf."""
    return _properties(document, schema, depth).get(name)


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
