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
├── ApiConnectionError            no response: refused, reset, DNS, TLS
│   └── ApiTimeoutError           no response within the timeout
└── ApiDecodeError                a 2xx whose body is not what the spec declares

Other statuses (3xx, 405, 410, ...) raise ApiException itself. Messages show the error
object's ``message`` when the body has one, else a short excerpt of the body; values under
secret keys and the access token are never part of a message.

When the spec declares a JSON body for the status (``404``, ``4XX``, ``default``, ...), the
exception's ``data`` holds that body decoded into the declared type; it is None when nothing
is declared or the body does not fit, and ``body`` always keeps the raw bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .redact import body_excerpt, scrub

__all__ = [
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiException",
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


class ApiException(Exception):
    """A call failed; ``status`` is None when no response arrived.

    ``error`` is the parsed error object (``{"message", "type", "code", ...}``) when the
    body carried one; ``data`` is the body decoded into the type the spec declares for the
    status (see ``decode``), else None; ``body`` keeps the raw bytes.
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
        self.error = _error_object(body)
        self.data: Any = _declared_data(status, body, decode)
        hidden = tuple(hidden)
        super().__init__(scrub(self._describe(message, hidden), hidden))

    def _describe(self, message: str | None, hidden: tuple[str | None, ...]) -> str:
        if message:
            parts = [message]
        elif self.status is not None:
            parts = [f"HTTP {self.status}" + (f" {self.reason}" if self.reason else "")]
        else:
            parts = ["request failed"]
        error = self.error or {}
        detail = error.get("message")
        if isinstance(detail, str) and detail:
            parts.append(f"- {detail}")
            extra = [f"{k}={error[k]}" for k in ("type", "code") if error.get(k)]
            if extra:
                parts.append(f"({', '.join(extra)})")
        elif self.body:
            parts.append(f"- body: {body_excerpt(self.body, _EXCERPT, hidden)!r}")
        if self.request_id:
            parts.append(f"(request id {self.request_id})")
        return " ".join(parts)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value


def _error_object(body: bytes | None) -> dict[str, Any] | None:
    """The ``{"error": {...}}`` object most JSON APIs send, when there is one."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            return error
        if isinstance(error, str):
            return {"message": error}
    return None


def _declared_data(
    status: int | None, body: bytes | None, decode: Callable[[int, Any], Any] | None
) -> Any:
    """The JSON body decoded as the spec declares it for ``status``; None if it does not fit."""
    if decode is None or status is None or not body:
        return None
    try:
        return decode(status, json.loads(body))
    # The HTTP error is what the caller must see: a body that does not decode (HTML from a
    # proxy, a changed error shape, a decoder defect) only leaves ``data`` empty.
    except Exception:
        return None


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
