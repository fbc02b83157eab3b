"""What logs and error messages may show of headers, URLs and bodies: never a secret."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .configuration import SECRET_HEADERS, SECRET_KEYS, redact_url

__all__ = ["REDACTED", "body_excerpt", "redact_headers", "redact_url", "scrub"]

REDACTED = "<redacted>"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy with the values of credential headers replaced."""
    return {
        k: REDACTED if k.lower() in SECRET_HEADERS else v for k, v in headers.items()
    }


def scrub(text: str, hidden: Iterable[str | None]) -> str:
    """``text`` with every occurrence of the hidden values (the access token) replaced."""
    for value in hidden:
        if value:
            text = text.replace(value, REDACTED)
    return text


def body_excerpt(
    body: bytes | None, limit: int, hidden: Iterable[str | None] = ()
) -> str:
    """At most ``limit`` characters of a body, values under secret JSON keys replaced."""
    if not body:
        return ""
    try:
        text = json.dumps(_redact_json(json.loads(body)), ensure_ascii=False)
    except (ValueError, RecursionError):
        text = _cut_at_secret(body[: limit * 4].decode("utf-8", "replace"))
    text = scrub(text, hidden)
    return text if len(text) <= limit else text[:limit] + "..."


def _redact_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: REDACTED if k in SECRET_KEYS else _redact_json(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_redact_json(item) for item in data]
    return data


def _cut_at_secret(text: str) -> str:
    """Text that is not JSON (truncated, say) cannot be redacted by key: stop at the first one."""
    found = [(i, key) for key in SECRET_KEYS if (i := text.find(key)) >= 0]
    if not found:
        return text
    index, key = min(found)
    end = index + len(key)
    end += text[end : end + 1] == '"'
    return f"{text[:end]}: {REDACTED}"
