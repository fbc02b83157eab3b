"""The HTTP layer: one urllib3 PoolManager, one typed ``request`` for every operation.

``request`` retries connection errors, timeouts, 408, 409, 429 and 5xx with backoff (see
``retries``), sends one idempotency key per call across its retries, and logs through the
``logging`` module with credentials redacted. Every body is read whole (never more than
``max_response_bytes``) before its connection goes back to the pool; a stream is handed over
unread. The timeout's total bounds the whole call (see ``timeouts``).
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlencode

import urllib3
from urllib3.util import parse_url

from .cancel import pause
from .configuration import DEFAULT_TIMEOUT, Configuration, TimeoutSetting
from .exceptions import (
    ApiConnectionError,
    ApiException,
    ApiTimeoutError,
    exception_for_status,
)
from .redact import describe_request, describe_response, redact_url, scrub, shown
from .response import ApiResponse
from .retries import backoff, retry_delay
from .serde import dumps
from .streams import EventStream
from .timeouts import Deadline, as_timeout, call_deadline, too_late, within
from .transport import pool_manager, read_response
from .types import UNSET, Closing

__all__ = ["ApiClient", "ApiResponse", "Timeout"]

Timeout = float | tuple[float, float] | None

T = TypeVar("T")

_log = logging.getLogger(__package__)
# Safe methods repeat harmlessly; every other call carries an idempotency key.
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# retries=False made into a Retry on every call otherwise; the loop in _send retries.
_NO_RETRY = urllib3.Retry(total=False, redirect=False)
_SCHEMES = ("http", "https")
# Failures that another attempt cannot fix: a certificate, a malformed URL or proxy.
_FINAL_ERRORS = (
    urllib3.exceptions.SSLError,
    urllib3.exceptions.LocationValueError,
    urllib3.exceptions.ProxySchemeUnknown,
)


class ApiClient(Closing):
    """Sends requests for the generated API classes; use it as a context manager.

    One client is safe to share between threads. Pool settings (proxy, TLS, pool size) are
    read from the configuration when the client is created.
    """

    def __init__(self, configuration: Configuration | None = None) -> None:
        self.configuration = configuration or Configuration()
        self._pool = pool_manager(self.configuration)
        self._timeout_setting: TimeoutSetting = DEFAULT_TIMEOUT
        self._timeout = DEFAULT_TIMEOUT
        self._route: _Route | None = None

    def close(self) -> None:
        """Close every pooled connection; one in use is closed when its call lets it go."""
        self._route = None
        # urllib3's clear() only forgets its pools: one that a response still refers to (a
        # stream kept, an exception's traceback) would keep its idle connections open.
        pools = self._pool.pools
        for key in pools.keys():
            pool = pools.get(key)
            if pool is not None:
                pool.close()
        self._pool.clear()

    def __repr__(self) -> str:
        return f"ApiClient({self.configuration!r})"

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        headers: Mapping[str, str] | None = None,
        json_body: Any = UNSET,
        body: bytes | None = None,
        content_type: str | None = None,
        accept: str | None = None,
        auth: Sequence[str] = (),
        timeout: Timeout = None,
        extra_headers: Mapping[str, str] | None = None,
        stream: bool = False,
        error_data: Callable[[int, Any], Any] | None = None,
    ) -> ApiResponse:
        """Send one call, retrying as configured; return the response or raise an ApiException.

        ``error_data(status, json)`` decodes an error body into the exception's ``data``.
        """
        config = self.configuration
        send_headers = {"User-Agent": config.user_agent}
        if config.default_headers:
            send_headers.update(config.default_headers)
        if accept:
            send_headers["Accept"] = accept
        # None is JSON null (a nullable body); UNSET is no body at all.
        if json_body is not UNSET:
            body = dumps(json_body)
            send_headers["Content-Type"] = content_type or "application/json"
        elif content_type and body is not None:
            send_headers["Content-Type"] = content_type
        auth_query = config.apply_auth(send_headers, auth) if auth else None
        if query or auth_query:
            path += "?" + urlencode([*query, *auth_query] if auth_query else query)
        host = config.host
        url = host + path
        if headers:
            auth_cookie = send_headers.get("Cookie")
            send_headers.update(headers)
            if auth_cookie and "Cookie" in headers:
                send_headers["Cookie"] = f"{headers['Cookie']}; {auth_cookie}"
        if extra_headers:
            send_headers.update(extra_headers)
        key_header = config.idempotency_header
        if key_header and method not in _SAFE_METHODS:
            # A key the caller passed (in any letter case) is kept; header lookups are rare.
            if not ((headers or extra_headers) and _has(send_headers, key_header)):
                # 128 random bits, as uuid4() has, without building a UUID object.
                send_headers[key_header] = os.urandom(16).hex()
        _check_headers(send_headers)
        target = self._direct_target(host, path)
        timeout_value = self._timeout_for(timeout)
        return self._send(
            _Call(method, url, body, send_headers, timeout_value, stream, target, error_data)
        )

    def events(self, response: ApiResponse, decode: Callable[[Any], T]) -> EventStream[T]:
        """The events of a streamed response as ``decode`` makes them (see ``streams``)."""
        config = self.configuration
        hidden = tuple(config.hidden_values())
        return EventStream(response.raw, decode, limit=config.max_response_bytes, hidden=hidden)

    def _direct_target(self, host: str, path: str) -> tuple[urllib3.HTTPConnectionPool, str] | None:
        """The host's connection pool and the request target, when urllib3 would send this path.

        PoolManager.request parses the whole URL and looks the pool up on every call (about a
        fifth of a call's time on loopback); the pool and the base path only change with the host.
        """
        route = self._route
        if route is None or route.host is not host:
            route = self._route = _route(self._pool, host)
        # urllib3 would remove dot segments ("/../") and a fragment: let it handle those paths.
        if route.pool is None or not path.startswith("/") or "/." in path or "#" in path:
            return None
        return route.pool, route.base_path + path

    def _send(self, call: _Call) -> ApiResponse:
        """The attempts of one call: the same body, headers and idempotency key each time."""
        total = call.timeout.total
        # A number is the whole call's total; None (or urllib3's default marker) is no total.
        at = time.monotonic() + total if isinstance(total, int | float) else math.inf
        deadline = Deadline(at)
        token = call_deadline.set(deadline)
        try:
            attempt = 0
            while True:
                outcome = self._exchange(call, attempt)
                if isinstance(outcome, ApiResponse):
                    if outcome.raw is not None:
                        # A stream is read after the call returns: its reads have no total.
                        deadline.at = math.inf
                    return outcome
                attempt += 1
                self._pause(call.method, call.url, outcome[1], attempt, outcome[0])
                call = call._replace(timeout=within(call.timeout, deadline.at))
        finally:
            call_deadline.reset(token)

    def _exchange(self, call: _Call, attempt: int) -> ApiResponse | tuple[float, str]:
        """One attempt: the response, or (delay, cause) when it is to be tried again.

        The body of a response that is retried goes out of scope here, before the pause.
        """
        config = self.configuration
        debug = config.debug and _log.isEnabledFor(logging.DEBUG)
        started = 0.0
        if debug:
            _log.debug(
                "%s",
                describe_request(call.method, call.url, call.headers, call.body, config.hidden_values()),
            )
            started = time.monotonic()
        try:
            raw = self._attempt(call)
            stream = call.stream and 200 <= raw.status <= 299
            data = None if stream else read_response(raw, config.max_response_bytes)
        except urllib3.exceptions.HTTPError as exc:
            error = self._transport_error(exc)
            delay = backoff(attempt, config.backoff_initial, config.backoff_max)
            if attempt >= config.retries or isinstance(exc, _FINAL_ERRORS) or too_late(delay):
                raise error from None
            return delay, type(exc).__name__
        if debug:
            line = describe_response(
                raw.status,
                raw.reason,
                raw.headers,
                data,
                elapsed=time.monotonic() - started,
                hidden=config.hidden_values(),
            )
            _log.debug("%s", line)
        if data is None:
            # The caller reads the body as it arrives (server-sent events).
            return ApiResponse(raw.status, raw.headers, b"", raw)
        if 200 <= raw.status <= 299:
            return ApiResponse(raw.status, raw.headers, data)
        retry_in = self._status_delay(raw, attempt)
        if retry_in is None or too_late(retry_in):
            raise self._status_error(raw, data, call.error_data)
        return retry_in, f"HTTP {raw.status}"

    def _attempt(self, call: _Call) -> urllib3.BaseHTTPResponse:
        """One exchange, no retries, no redirects: straight to the pool when there is a target.

        The body is left unread (``preload_content=False``): ``_read`` reads it, within limits.
        """
        if call.target is not None:
            return call.target[0].urlopen(
                call.method,
                call.target[1],
                body=call.body,
                headers=call.headers,
                timeout=call.timeout,
                retries=_NO_RETRY,
                redirect=False,
                assert_same_host=False,
                preload_content=False,
                decode_content=False,
            )
        return self._pool.request(
            call.method,
            call.url,
            body=call.body,
            headers=call.headers,
            timeout=call.timeout,
            retries=_NO_RETRY,
            redirect=False,
            preload_content=False,
            decode_content=False,
        )

    def _status_delay(
        self, raw: urllib3.BaseHTTPResponse, attempt: int
    ) -> float | None:
        """Seconds before retrying this error response, or None to raise it."""
        config = self.configuration
        return retry_delay(
            raw.status,
            raw.headers,
            attempt=attempt,
            retries=config.retries,
            initial=config.backoff_initial,
            maximum=config.backoff_max,
            max_retry_after=config.max_retry_after,
        )

    def _pause(
        self, method: str, url: str, cause: str, attempt: int, delay: float
    ) -> None:
        """Say why the call is tried again (INFO, redacted), then wait."""
        if _log.isEnabledFor(logging.INFO):
            _log.info(
                "%s %s failed (%s); retry %d of %d in %.2f s",
                method,
                scrub(redact_url(url), self.configuration.hidden_values()),
                cause,
                attempt,
                self.configuration.retries,
                delay,
            )
        pause(delay)

    def _timeout_for(self, value: Timeout) -> urllib3.Timeout:
        """The call's timeout as urllib3 takes it; the configured one is converted once."""
        if value is not None:
            return as_timeout(value)
        setting = self.configuration.timeout
        if setting is not self._timeout_setting:
            self._timeout = as_timeout(setting)
            self._timeout_setting = setting
        return self._timeout

    def _transport_error(self, exc: urllib3.exceptions.HTTPError) -> ApiConnectionError:
        host = redact_url(self.configuration.host)
        detail = shown(str(exc), 300, self.configuration.hidden_values())
        # NewConnectionError subclasses ConnectTimeoutError in urllib3 2: a refusal is not a timeout.
        if isinstance(exc, urllib3.exceptions.TimeoutError) and not isinstance(
            exc, urllib3.exceptions.NewConnectionError
        ):
            return ApiTimeoutError(f"no response from {host} in time: {detail}")
        return ApiConnectionError(f"cannot reach {host}: {detail}")

    def _status_error(
        self,
        raw: urllib3.BaseHTTPResponse,
        data: bytes,
        error_data: Callable[[int, Any], Any] | None = None,
    ) -> ApiException:
        return exception_for_status(raw.status)(
            status=raw.status,
            reason=raw.reason,
            headers=raw.headers,
            body=data,
            hidden=self.configuration.hidden_values(),
            decode=error_data,
        )


class _Call(NamedTuple):
    """What every attempt of one call sends, and how."""

    method: str
    url: str
    body: bytes | None
    headers: dict[str, str]
    timeout: urllib3.Timeout
    stream: bool
    target: tuple[urllib3.HTTPConnectionPool, str] | None
    error_data: Callable[[int, Any], Any] | None


class _Route(NamedTuple):
    """Where calls to one configured host go: its connection pool (None: through the manager)."""

    host: str
    pool: urllib3.HTTPConnectionPool | None
    base_path: str


def _route(manager: urllib3.PoolManager, host: str) -> _Route:
    """The pool PoolManager.request would pick for ``host``, if it sends paths to it unchanged."""
    if type(manager) is not urllib3.PoolManager:
        return _Route(host, None, "")  # a proxy rewrites requests: keep its own request()
    try:
        url = parse_url(host)
        if url.host and url.scheme in _SCHEMES and url.query is None and url.fragment is None:
            pool = manager.connection_from_host(url.host, port=url.port, scheme=url.scheme)
            return _Route(host, pool, url.path or "")
    except urllib3.exceptions.HTTPError:
        pass  # raised again by the manager on the call, where it becomes an ApiConnectionError
    return _Route(host, None, "")


def _has(headers: Mapping[str, str], name: str) -> bool:
    """Whether ``headers`` has ``name`` in any letter case."""
    if name in headers:
        return True
    lower = name.lower()
    return any(key.lower() == lower for key in headers)


def _check_headers(headers: Mapping[str, str]) -> None:
    """Refuse CR/LF (header injection) before sending; the value is not echoed: it may be a key."""
    for name, value in headers.items():
        if "\r" in value or "\n" in value or "\r" in name or "\n" in name:
            shown = (
                repr(name)
                if "\r" not in name and "\n" not in name
                else "(a header name)"
            )
            raise ValueError(
                f"header {shown} contains a line break (CR or LF) and was not sent; "
                "look for a trailing newline in the value (not shown: it may be a credential)"
            )
