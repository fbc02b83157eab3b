"""The HTTP layer: one urllib3 PoolManager, one typed ``request`` for every operation."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import urllib3

from .configuration import Configuration
from .exceptions import (
    ApiConnectionError,
    ApiDecodeError,
    ApiTimeoutError,
    exception_for_status,
)

__all__ = ["ApiClient", "ApiResponse", "Timeout"]

Timeout = float | tuple[float, float] | None


class ApiResponse:
    """A response with a successful status: status, headers and the raw body."""

    __slots__ = ("data", "headers", "raw", "status")

    def __init__(
        self, status: int, headers: Mapping[str, str], data: bytes, raw: Any = None
    ) -> None:
        self.status = status
        self.headers = headers
        self.data = data
        # The unread urllib3 response of a streamed request (text/event-stream).
        self.raw = raw

    def json(self) -> Any:
        """The body parsed as JSON; an ApiDecodeError when it is not JSON."""
        try:
            return json.loads(self.data)
        except ValueError:
            raise ApiDecodeError(
                f"HTTP {self.status}: the response body is not valid JSON",
                status=self.status,
                headers=self.headers,
                body=self.data,
            ) from None


class ApiClient:
    """Sends requests for the generated API classes; use it as a context manager."""

    def __init__(self, configuration: Configuration | None = None) -> None:
        self.configuration = configuration or Configuration()
        self._pool = urllib3.PoolManager(
            maxsize=self.configuration.connection_pool_maxsize
        )

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.clear()

    def __repr__(self) -> str:
        return f"ApiClient(host={self.configuration.host!r})"

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = None,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        auth: Sequence[str] = (),
        timeout: Timeout = None,
        extra_headers: Mapping[str, str] | None = None,
        stream: bool = False,
    ) -> ApiResponse:
        """Send one request; return the response or raise the ApiException for its status."""
        config = self.configuration
        url = config.host + path
        if query:
            url += "?" + urlencode(query)
        send_headers = {"User-Agent": config.user_agent, **config.default_headers}
        if accept:
            send_headers["Accept"] = accept
        if json_body is not None:
            body = json.dumps(json_body, separators=(",", ":")).encode()
            send_headers["Content-Type"] = content_type or "application/json"
        elif content_type and body is not None:
            send_headers["Content-Type"] = content_type
        config.apply_auth(send_headers, auth)
        if headers:
            send_headers.update(headers)
        if extra_headers:
            send_headers.update(extra_headers)
        try:
            raw = self._pool.request(
                method,
                url,
                body=body,
                headers=send_headers,
                timeout=_timeout(timeout if timeout is not None else config.timeout),
                retries=False,
                redirect=False,
                preload_content=not stream,
            )
        except urllib3.exceptions.TimeoutError as exc:
            raise ApiTimeoutError(
                f"no response from {config.host} in time ({type(exc).__name__})"
            ) from None
        except urllib3.exceptions.HTTPError as exc:
            raise ApiConnectionError(
                f"cannot reach {config.host}: {type(exc).__name__}"
            ) from None
        response_headers = raw.headers
        if 200 <= raw.status <= 299:
            if stream:
                return ApiResponse(raw.status, response_headers, b"", raw)
            return ApiResponse(raw.status, response_headers, raw.data)
        raise exception_for_status(raw.status)(
            status=raw.status,
            reason=raw.reason,
            headers=response_headers,
            body=raw.data,
        )


def _timeout(value: float | tuple[float, float]) -> urllib3.Timeout:
    if isinstance(value, tuple):
        return urllib3.Timeout(connect=value[0], read=value[1])
    return urllib3.Timeout(total=value)
