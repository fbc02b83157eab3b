"""Text answers the spec does not declare, where its request can ask for them.

OpenAI's ``createTranscription`` and ``createTranslation`` declare only JSON, yet
``response_format="text"`` (or ``srt``, ``vtt``) answers ``text/plain``, as the official SDK
knows. An operation whose request body has a ``response_format`` enum naming a text format,
and whose success declares JSON but no text, returns ``str`` too: the method's annotation says
``... | str`` and a ``text/*`` answer is returned as text. Elsewhere an answer the spec does not
declare stays an ApiDecodeError (the annotation is what mypy holds the caller to).
"""

from __future__ import annotations

from typing import Any

from oapigen.build.media import EVENTS, JSON, pick_content_type
from oapigen.spec.pointer import deref

FORMAT_PROPERTY = "response_format"
# The values of a format enum that ask for a text answer (OpenAI's audio formats).
TEXT_FORMATS = ("text", "srt", "vtt")
# $ref, allOf and anyOf/oneOf nesting followed at most (a cycle of $refs ends here too).
_DEPTH = 16


def text_formats(document: Any, op: dict[str, Any]) -> tuple[str, ...]:
    """The text formats the operation's request may ask for, when its success declares only
    JSON (and events); empty when the spec's own types already cover the answer."""
    if not _json_only(document, op):
        return ()
    body, _ = deref(document, op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return ()
    media = content[pick_content_type(content)]
    schema = media.get("schema") if isinstance(media, dict) else None
    values = _enum_values(document, _property(document, schema, _DEPTH), _DEPTH)
    return tuple(value for value in TEXT_FORMATS if value in values)


def _json_only(document: Any, op: dict[str, Any]) -> bool:
    """Whether the first 2xx response declares JSON and no text besides an event stream."""
    for status, raw in (op.get("responses") or {}).items():
        if not str(status).startswith("2"):
            continue
        response, _ = deref(document, raw)
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            return False
        kinds = [str(key) for key in content]
        texts = [k for k in kinds if k.startswith("text/") and not k.startswith(EVENTS)]
        return any(JSON.match(k) for k in kinds) and not texts
    return False


def _property(document: Any, schema: Any, depth: int) -> Any:
    """The schema of ``FORMAT_PROPERTY``, looked up through $ref and allOf."""
    schema, _ = deref(document, schema)
    if depth <= 0 or not isinstance(schema, dict):
        return None
    properties = schema.get("properties")
    if isinstance(properties, dict) and FORMAT_PROPERTY in properties:
        return properties[FORMAT_PROPERTY]
    for part in _list(schema.get("allOf")):
        found = _property(document, part, depth - 1)
        if found is not None:
            return found
    return None


def _enum_values(document: Any, schema: Any, depth: int) -> set[Any]:
    """Every enum value ``schema`` allows, through $ref, allOf, anyOf and oneOf."""
    schema, _ = deref(document, schema)
    if depth <= 0 or not isinstance(schema, dict):
        return set()
    values = {v for v in _list(schema.get("enum")) if isinstance(v, str)}
    if isinstance(schema.get("const"), str):
        values.add(schema["const"])
    for keyword in ("allOf", "anyOf", "oneOf"):
        for part in _list(schema.get(keyword)):
            values |= _enum_values(document, part, depth - 1)
    return values


def _list(value: Any) -> list[Any]:
    """A list keyword's value; anything else (a broken spec) counts as empty."""
    return value if isinstance(value, list) else []
