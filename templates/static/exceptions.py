"""Errors the client raises.

ApiException                      any failed call; status, reason, headers, body, request_id
├── BadRequestException           400
├── UnauthorizedException         401
├── ForbiddenException            403
├── NotFoundException             404
├── ConflictException             409
├── UnprocessableEntityException  422
├── RateLimitException            429
├── ServiceException              5xx, including non-standard codes such as 520
├── ApiConnectionError            no response: refused, reset, DNS, TLS, broken framing
│   └── ApiTimeoutError           no response within the timeout
├── ApiDecodeError                a 2xx whose body is not what the spec declares
├── ApiStreamError                an error event in a stream (its data on ``error``)
└── ApiResponseTooLarge           a body longer than Configuration.max_response_bytes

Other statuses (1xx, 3xx, 405, 410, ...) raise ApiException itself. Messages show the error
object's ``message`` when the body has one, else a short excerpt of the body; values under
secret keys, secret-shaped values (``sk-``, ``ek_``) and the access token are never part of
a message. The server's text in a message is cut to about 1 KB with control characters
escaped; ``body`` keeps the whole body.

A JSON error body is always decoded: ``data`` holds it in the type the spec declares for the
status (``404``, ``4XX``, ``default``, else the error schema most of the spec's operations
declare), or the JSON as it came when nothing is declared or it does not fit (no union branch
takes it, or it lacks a key the schema requires); it is None only when the body is not JSON.
``body`` always keeps the raw bytes.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .redact import body_excerpt, shown
from .types import UNSET, UnknownVariant

__all__ = [
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiException",
    "ApiResponseTooLarge",
    "ApiStreamError",
    "ApiTimeoutError",
    "BadRequestException",
    "ConflictException",
    "ForbiddenException",
    "NotFoundException",
    "RateLimitException",
    "ServiceException",
    "UnauthorizedException",
    "UnprocessableEntityException",
    "exception_for_status",
]

_EXCERPT = 200
# Longest message: a server's text (an 11 MB error message) must not become a log line.
_MESSAGE_LIMIT = 1024
_NOT_JSON: Any = object()


class ApiException(Exception):
    """A call failed; ``status`` is None when no response arrived.

    ``error`` is the parsed error object (``{"message", "type", "code", ...}``) when the
    body carried one; ``data`` is the body decoded into the type the spec declares for the
    status (see ``decode``), else the parsed JSON, None when it is not JSON; ``body`` keeps
    the raw bytes.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        reason: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        hidden: Iterable[str | None] = (),
        decode: Callable[[int, Any], Any] | None = None,
    ) -> None:
        self.status = status
        self.reason = reason
        # Kept as given: urllib3's header dict looks names up case-insensitively.
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.body = body
        self.request_id = _header(self.headers, "x-request-id")
        # The body is parsed once, for the error object, the declared data and the excerpt.
        parsed = _parse(body)
        self.error = _error_object(parsed)
        self.data: Any = _declared_data(status, parsed, decode)
        hidden = tuple(hidden)
        super().__init__(shown(self._describe(message, hidden, parsed), _MESSAGE_LIMIT, hidden))

    def _describe(self, message: str | None, hidden: tuple[str | None, ...], parsed: Any) -> str:
        if message:
            parts = [message]
        elif self.status is not None:
            parts = [f"HTTP {self.status}" + (f" {self.reason}" if self.reason else "")]
        else:
            parts = ["request failed"]
        error = self.error or {}
        detail = error.get("message")
        if isinstance(detail, str) and detail:
            parts.append(f"- {detail[:_MESSAGE_LIMIT]}")
            extra = [f"{k}={str(error[k])[:80]}" for k in ("type", "code") if error.get(k)]
            if extra:
                parts.append(f"({', '.join(extra)})")
        elif self.body:
            excerpt = body_excerpt(self.body, _EXCERPT, hidden, None if parsed is _NOT_JSON else parsed)
            parts.append(f"- body: {excerpt!r}")
        if self.request_id:
            parts.append(f"(request id {self.request_id[:200]})")
        return " ".join(parts)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value


def _parse(body: bytes | None) -> Any:
    """The body as JSON, or _NOT_JSON."""
    if not body:
        return _NOT_JSON
    try:
        return json.loads(body)
    except (ValueError, RecursionError, MemoryError):
        return _NOT_JSON


def _error_object(data: Any) -> dict[str, Any] | None:
    """The ``{"error": {...}}`` object most JSON APIs send, when there is one."""
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            return error
        if isinstance(error, str):
            return {"message": error}
    return None


def _declared_data(
    status: int | None, parsed: Any, decode: Callable[[int, Any], Any] | None
) -> Any:
    """The JSON body decoded as the spec declares it for ``status``, else as it came."""
    if parsed is _NOT_JSON:
        return None
    if decode is None or status is None:
        return parsed
    try:
        decoded = decode(status, parsed)
    # The HTTP error is what the caller must see: a body that does not decode (a changed
    # error shape, a decoder defect) is kept as plain JSON.
    except Exception:
        return parsed
    # A body of another shape (a proxy's {"message": ...} where the spec's error schema is
    # guessed for an undeclared status) would decode as a model whose required fields read
    # UNSET: ``e.data.error.message`` would fail on UNSET. It is kept as it came instead.
    return parsed if _does_not_fit(decoded) else decoded


def _does_not_fit(value: Any) -> bool:
    """Whether a decoded error body fits no branch, or lacks a field its model requires."""
    if isinstance(value, UnknownVariant):
        return True
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return False
    return any(
        field.default is dataclasses.MISSING
        and field.default_factory is dataclasses.MISSING
        and getattr(value, field.name) is UNSET
        for field in dataclasses.fields(value)
    )


class BadRequestException(ApiException):
    """HTTP 400."""


class UnauthorizedException(ApiException):
    """HTTP 401."""


class ForbiddenException(ApiException):
    """HTTP 403."""


class NotFoundException(ApiException):
    """HTTP 404."""


class ConflictException(ApiException):
    """HTTP 409."""


class UnprocessableEntityException(ApiException):
    """HTTP 422."""


class RateLimitException(ApiException):
    """HTTP 429."""


class ServiceException(ApiException):
    """Any HTTP 5xx."""


class ApiConnectionError(ApiException):
    """No response: the connection failed."""


class ApiTimeoutError(ApiConnectionError):
    """No response within the timeout."""


class ApiDecodeError(ApiException):
    """A successful status whose body is not what the spec declares."""


class ApiStreamError(ApiException):
    """An error event in a stream (``event: error``, or data ``{"error": {...}}``)."""


class ApiResponseTooLarge(ApiException):
    """A response body longer than ``Configuration.max_response_bytes``; nothing more was read."""


_BY_STATUS: dict[int, type[ApiException]] = {
    400: BadRequestException,
    401: UnauthorizedException,
    403: ForbiddenException,
    404: NotFoundException,
    409: ConflictException,
    422: UnprocessableEntityException,
    429: RateLimitException,
}


def exception_for_status(status: int) -> type[ApiException]:
    """The exception class raised for an HTTP status."""
    if 500 <= status <= 599:
        return ServiceException
    return _BY_STATUS.get(status, ApiException)
