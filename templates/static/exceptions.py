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
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

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
    """A call failed; ``status`` is None when no response arrived."""

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        reason: str | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers: dict[str, str] = dict(headers or {})
        self.body = body
        self.request_id = self.headers.get("x-request-id")
        self.error = _error_object(body)
        super().__init__(message or self._describe())

    def _describe(self) -> str:
        parts = [f"HTTP {self.status}" if self.status is not None else "request failed"]
        if self.reason:
            parts.append(self.reason)
        message = self.error.get("message") if self.error else None
        if isinstance(message, str):
            parts.append(f"- {message}")
        elif self.body:
            parts.append(f"- body: {self.body[:_EXCERPT].decode('utf-8', 'replace')!r}")
        if self.request_id:
            parts.append(f"(request id {self.request_id})")
        return " ".join(parts)


def _error_object(body: bytes | None) -> dict[str, Any] | None:
    """The ``{"error": {...}}`` object most JSON APIs send, when there is one."""
    if not body:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict):
        error = data.get("error", data)
        if isinstance(error, dict):
            return error
        if isinstance(error, str):
            return {"message": error}
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
