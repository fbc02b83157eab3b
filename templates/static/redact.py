"""What logs and error messages may show of headers, URLs and bodies: never a secret."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import urllib3

from .configuration import SECRET_HEADERS, SECRET_KEYS, redact_url

__all__ = [
    "REDACTED",
    "body_excerpt",
    "describe_request",
    "describe_response",
    "redact_headers",
    "redact_url",
    "scrub",
]

REDACTED = "<redacted>"
_LOG_EXCERPT = 2000


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


def describe_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    hidden: Iterable[str | None],
) -> str:
    """One DEBUG log line for a request, credentials and secret values redacted."""
    hidden = tuple(hidden)
    shown = scrub(repr(redact_headers(headers)), hidden)
    excerpt = body_excerpt(body, _LOG_EXCERPT, hidden)
    where = scrub(redact_url(url), hidden)
    return f"request {method} {where} headers={shown} body={excerpt}"


def describe_response(
    raw: urllib3.BaseHTTPResponse, elapsed: float, hidden: Iterable[str | None]
) -> str:
    """One DEBUG log line for a response, credentials and secret values redacted."""
    hidden = tuple(hidden)
    shown = scrub(repr(redact_headers(raw.headers)), hidden)
    excerpt = body_excerpt(raw.data, _LOG_EXCERPT, hidden)
    return (
        f"response {raw.status} {raw.reason} in {elapsed:.3f} s "
        f"headers={shown} body={excerpt}"
    )


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
