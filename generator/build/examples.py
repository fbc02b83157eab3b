"""Example values a spec gives for schemas and operations."""

from __future__ import annotations

import json
from typing import Any

_NOTHING = object()


def schema_example(document: Any, schema: Any) -> Any:
    """The schema's own example: ``example``, then ``examples[0]``, then ``x-oaiMeta.example``."""
    del document
    if not isinstance(schema, dict):
        return None
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return examples[0]
    meta = schema.get("x-oaiMeta")
    if isinstance(meta, dict) and "example" in meta:
        value = _maybe_json(meta["example"])
        return None if value is _NOTHING else value
    return None


def operation_response_examples(operation: Any) -> list[Any]:
    """The JSON response examples in an operation's ``x-oaiMeta`` (strings parsed)."""
    meta = operation.get("x-oaiMeta") if isinstance(operation, dict) else None
    if not isinstance(meta, dict):
        return []
    examples = meta.get("examples")
    entries = examples if isinstance(examples, list) else [examples]
    found = []
    for entry in entries:
        if isinstance(entry, dict) and "response" in entry:
            value = _maybe_json(entry["response"])
            if value is not _NOTHING:
                found.append(value)
    return found


def operation_request_example(operation: Any) -> Any:
    """A JSON request body from the operation's curl example, when one parses."""
    meta = operation.get("x-oaiMeta") if isinstance(operation, dict) else None
    if not isinstance(meta, dict):
        return None
    examples = meta.get("examples")
    entries = examples if isinstance(examples, list) else [examples]
    for entry in entries:
        request = entry.get("request") if isinstance(entry, dict) else None
        curl = request.get("curl") if isinstance(request, dict) else None
        body = _curl_json_body(curl) if isinstance(curl, str) else None
        if body is not None:
            return body
    return None


def _curl_json_body(curl: str) -> Any:
    start = curl.find("-d '")
    if start < 0:
        return None
    end = curl.find("'", start + 4)
    try:
        return json.loads(curl[start + 4 : end])
    except ValueError:
        return None


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return _NOTHING
    return value
