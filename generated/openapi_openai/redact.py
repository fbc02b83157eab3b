"""What logs and error messages may show of headers, URLs and bodies: never a secret."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .configuration import SECRET_HEADERS, SECRET_KEYS, SECRET_PREFIXES, redact_url

__all__ = [
    "REDACTED",
    "body_excerpt",
    "describe_request",
    "describe_response",
    "redact_headers",
    "model_repr",
    "redact_url",
    "scrub",
    "shown",
]

REDACTED = "<redacted>"
_LOG_EXCERPT = 2000
# A secret by its shape: a configured prefix (sk-, ek_) not inside a word, then token characters.
_SECRET_VALUE = (
    re.compile(
        "(?<![A-Za-z0-9])(?:"
        + "|".join(re.escape(p) for p in SECRET_PREFIXES)
        + r")[A-Za-z0-9_\-.~+/=]*"
    )
    if SECRET_PREFIXES
    else None
)
# JSON escapes of ASCII (client\u005fsecret) read as the characters they stand for.
_ASCII_ESCAPE = re.compile(r"\\u00([0-7][0-9a-fA-F])")
# C0 and C1 controls, DEL, and line/paragraph separators: shown as escapes, never as themselves
# (no forged log lines, no terminal escapes).
_CONTROLS = {
    c: f"\\x{c:02x}" if c < 256 else f"\\u{c:04x}"
    for c in [*range(32), *range(127, 160), 0x2028, 0x2029]
}


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy with the values of credential headers replaced."""
    return {
        k: REDACTED if k.lower() in SECRET_HEADERS else v for k, v in headers.items()
    }


def scrub(text: str, hidden: Iterable[str | None] = ()) -> str:
    """``text`` with the hidden values (the access token) and secret-shaped values replaced."""
    for value in hidden:
        if value:
            text = text.replace(value, REDACTED)
    if _SECRET_VALUE is not None:
        text = _SECRET_VALUE.sub(REDACTED, text)
    return text


def model_repr(model: Any) -> str:
    """The dataclass repr of a model, with secret-shaped values masked."""
    fields = ", ".join(
        f"{f.name}={getattr(model, f.name)!r}"
        for f in dataclasses.fields(model)
        if f.repr
    )
    return scrub(f"{type(model).__qualname__}({fields})")


def shown(text: str, limit: int, hidden: Iterable[str | None] = ()) -> str:
    """Server text as a message may show it: secrets masked, controls escaped, ``limit`` long."""
    # Masked before it is cut: a cut must not leave half of a token behind.
    text = scrub(text[: limit * 2 + 1024], hidden).translate(_CONTROLS)
    return text if len(text) <= limit else text[:limit] + "..."


_NOT_PARSED: Any = object()


def body_excerpt(
    body: bytes | None,
    limit: int,
    hidden: Iterable[str | None] = (),
    parsed: Any = _NOT_PARSED,
) -> str:
    """At most ``limit`` characters of a body, secret keys' values and secret values replaced.

    ``parsed`` is the body's JSON when the caller has it already (None: not JSON).
    """
    if not body:
        return ""
    if parsed is _NOT_PARSED:
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError, MemoryError):
            parsed = None
    if parsed is not None:
        text = _json_head(_redact_json(parsed), limit)
    else:
        text = body[: limit * 4].decode("utf-8", "replace")
        text = _cut_at_secret(_ASCII_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text))
    return shown(text, limit, hidden)


def _json_head(data: Any, limit: int) -> str:
    """The start of ``data`` as JSON text, encoded no further than ``limit`` characters."""
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False).iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size > limit:
            break
    return "".join(pieces)


def describe_request(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes | None,
    hidden: Iterable[str | None],
) -> str:
    """One DEBUG log line for a request, credentials and secret values redacted."""
    hidden = tuple(hidden)
    excerpt = body_excerpt(body, _LOG_EXCERPT, hidden)
    line = (
        f"request {method} {redact_url(url)} headers={redact_headers(headers)!r} body="
    )
    return shown(line, _LOG_EXCERPT * 2, hidden) + excerpt


def describe_response(
    status: int,
    reason: str | None,
    headers: Mapping[str, str],
    body: bytes | None,
    *,
    elapsed: float,
    hidden: Iterable[str | None],
) -> str:
    """One DEBUG log line for a response (``body`` None: a stream, not read), redacted."""
    hidden = tuple(hidden)
    excerpt = "(stream)" if body is None else body_excerpt(body, _LOG_EXCERPT, hidden)
    # The reason phrase and every header are the server's text: a token may be echoed there.
    line = f"response {status} {reason} in {elapsed:.3f} s headers={redact_headers(headers)!r} body="
    return shown(line, _LOG_EXCERPT * 2, hidden) + excerpt


def _redact_json(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: REDACTED if isinstance(k, str) and k in SECRET_KEYS else _redact_json(v)
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
