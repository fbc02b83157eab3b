"""The socket end of a call: only final responses, a deadline on every read, bounded bodies.

urllib3 builds each response through its connections' ``response_class``; the connections of
``pool_manager``'s pools use ``final_response`` there, which skips interim replies (1xx) so that a
connection never goes back to the pool with the real answer still unread, and reads the
socket through ``_DeadlineReader`` so a server trickling bytes cannot outlast the call's total.
"""

from __future__ import annotations

import http.client
import io
import math
import time
import zlib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import unquote

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .cancel import PAST, CallScope, current_scope, shut
from .configuration import Configuration
from .exceptions import ApiDecodeError, ApiResponseTooLarge
from .timeouts import Deadline, call_deadline

__all__ = [
    "TooLarge",
    "discard",
    "final_response",
    "inflater",
    "pool_manager",
    "read_body",
    "read_response",
]


_Connection = TypeVar("_Connection", bound=HTTPConnection)
_Pool = TypeVar("_Pool", bound=HTTPConnectionPool)

# A server may send any number of interim replies; past this many the exchange is refused.
_MAX_INTERIM = 100
_CHUNK = 65536
# Inflated output per step: small pieces, so a bomb's output is never built in one buffer and
# copied (zlib's growing buffer would hold it twice); 256 KiB costs no more CPU than larger steps.
_INFLATE_STEP = 1 << 18
# Content codings decoded while reading (bounded output); any other arrives as sent.
_WBITS = {
    "gzip": 16 + zlib.MAX_WBITS,
    "x-gzip": 16 + zlib.MAX_WBITS,
    "deflate": zlib.MAX_WBITS,
}


class TooLarge(Exception):
    """A body (as decoded) longer than the configured limit."""


class _DeadlineReader(io.RawIOBase):
    """The socket as a raw stream whose every read ends by the call's deadline."""

    def __init__(self, sock: Any, deadline: Deadline, scope: CallScope | None) -> None:
        super().__init__()
        self._sock = sock
        # Read through the socket's own file: it keeps the socket open until this closes, as
        # http.client expects when it closes the connection before the body is read.
        self._file = sock.makefile("rb", 0)
        self._deadline = deadline
        self._timeout: float | None = sock.gettimeout()
        self._shortened = False
        # An asyncio call's scope may cut this read from the event loop's thread.
        self._scope = scope
        if scope is not None:
            scope.watch(self)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline.at - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the call's total timeout has passed")
        if remaining != math.inf and (
            self._timeout is None or remaining < self._timeout
        ):
            self._sock.settimeout(remaining)
            self._shortened = True
        elif self._shortened:
            # No total (none configured, or a stream read after its call): each read waits
            # as long as the per-read timeout allows again, not what was left of the total.
            self._sock.settimeout(self._timeout)
            self._shortened = False
        count: int | None = self._file.readinto(buffer)
        return count if count is not None else 0

    def cut(self) -> None:
        """End the reads from another thread: the deadline passes, the socket shuts down."""
        self._deadline.at = PAST
        shut(self._sock)

    def close(self) -> None:
        if self._scope is not None:
            self._scope.release(self)
        self._file.close()
        super().close()


class _Lent:
    """The connection's reader as one response sees it: only the final response may close it."""

    def __init__(self, reader: io.BufferedReader) -> None:
        self.reader = reader
        self.owner = False
        # Bound once: http.client calls these for every line and chunk.
        self.readline = reader.readline
        self.read = reader.read
        self.read1 = reader.read1
        self.readinto = reader.readinto
        self.peek = reader.peek
        self.fileno = reader.fileno

    @property
    def closed(self) -> bool:
        return self.reader.closed

    def flush(self) -> None:
        """Nothing to flush: the reader is read-only."""

    def close(self) -> None:
        if self.owner:
            self.reader.close()


class _Socket:
    """What http.client.HTTPResponse takes as its socket: something with ``makefile``."""

    def __init__(self, lent: _Lent) -> None:
        self._lent = lent

    def makefile(self, mode: str) -> _Lent:
        return self._lent


def final_response(
    sock: Any, debuglevel: int = 0, method: str | None = None, url: str | None = None
) -> http.client.HTTPResponse:
    """The response after any interim ones (100, 102, 103...): 101 and 2xx-5xx are final."""
    deadline = call_deadline.get()
    if deadline is not None:
        raw: Any = _DeadlineReader(sock, deadline, current_scope.get())
    else:
        raw = sock.makefile("rb", 0)
    reader = io.BufferedReader(raw)
    try:
        for _ in range(_MAX_INTERIM):
            lent = _Lent(reader)
            socket_like: Any = _Socket(lent)
            response = http.client.HTTPResponse(
                socket_like, debuglevel, method=method, url=url
            )
            response.begin()
            if not 100 <= response.status <= 199 or response.status == 101:
                lent.owner = True
                return response
    except BaseException:
        # No response owns the reader yet: closed here, so the socket closes with its connection.
        reader.close()
        raise
    reader.close()
    raise http.client.HTTPException(f"more than {_MAX_INTERIM} interim (1xx) responses")


def _connections(cls: type[_Connection]) -> Callable[..., _Connection]:
    """A maker of ``cls`` connections whose responses are final ones, read by the deadline."""

    def connection(*args: Any, **kwargs: Any) -> _Connection:
        made = cls(*args, **kwargs)
        made.response_class = _RESPONSE_CLASS
        return made

    return connection


def _pools(cls: type[_Pool], connection: Any) -> Callable[..., _Pool]:
    """A maker of urllib3 ``cls`` pools whose connections come from ``connection``."""

    def pool(*args: Any, **kwargs: Any) -> _Pool:
        made = cls(*args, **kwargs)
        made.ConnectionCls = connection
        return made

    return pool


# Three settings on objects this module makes, no subclass and nothing private (STYLE 9):
# - a PoolManager makes each pool with ``pool_classes_by_scheme[scheme](...)`` (its public
#   attribute; the module-level default is in urllib3's reference, urllib3.poolmanager);
# - a pool makes each connection with its ``ConnectionCls`` (a public attribute, in the
#   reference: https://urllib3.readthedocs.io/en/stable/reference/urllib3.connectionpool.html);
# - ``HTTPConnection.getresponse`` "returns an instance of HTTPResponse or of whatever object
#   is returned by the response_class variable" (its docstring, in the reference:
#   https://urllib3.readthedocs.io/en/stable/reference/urllib3.connection.html).
# Typeshed types each as a class; a factory function stands in for one, hence Any.
_RESPONSE_CLASS: Any = final_response
_POOLS: Any = {
    "http": _pools(HTTPConnectionPool, _connections(HTTPConnection)),
    "https": _pools(HTTPSConnectionPool, _connections(HTTPSConnection)),
}


def read_body(raw: urllib3.BaseHTTPResponse, limit: int | None) -> bytes:
    """The whole body, decoded from gzip or deflate when so sent, at most ``limit`` bytes.

    Raises TooLarge as soon as the (decoded) body passes ``limit``; nothing more is read.
    """
    inflate = inflater(raw.headers)
    if inflate is None:
        length = raw.length_remaining
        if length is not None and limit is not None and length > limit:
            raise TooLarge
        if length is not None:
            # One read into one buffer of the announced size: the body is held once, not
            # copied from a growing buffer.
            return raw.read(decode_content=False)
    return _read_chunks(raw, limit, inflate)


def inflater(headers: Mapping[str, str]) -> Any:
    """A zlib decompressor for a body sent with gzip or deflate, else None (read as sent)."""
    wbits = _WBITS.get(headers.get("content-encoding", "").strip().lower())
    return None if wbits is None else zlib.decompressobj(wbits)


def _read_chunks(
    raw: urllib3.BaseHTTPResponse, limit: int | None, inflate: Any
) -> bytes:
    """The body of unknown length, or compressed, read piece by piece against ``limit``."""
    parts: list[bytes] = []
    size = 0
    while chunk := raw.read(_CHUNK, decode_content=False):
        while chunk:
            if inflate is None:
                piece, chunk = chunk, b""
            else:
                # At most one byte past the limit: a bomb never inflates past it in memory.
                step = (
                    _INFLATE_STEP
                    if limit is None
                    else min(_INFLATE_STEP, limit - size + 1)
                )
                piece = inflate.decompress(chunk, step)
                chunk = inflate.unconsumed_tail
            size += len(piece)
            if limit is not None and size > limit:
                raise TooLarge
            parts.append(piece)
    if inflate is not None:
        parts.append(inflate.flush())
        if limit is not None and size + len(parts[-1]) > limit:
            raise TooLarge
    return b"".join(parts)


def discard(raw: urllib3.BaseHTTPResponse) -> None:
    """Close a response that was not read to its end; its connection returns to the pool closed."""
    raw.close()
    raw.release_conn()


def read_response(raw: urllib3.BaseHTTPResponse, limit: int | None) -> bytes:
    """The whole body, at most ``limit`` bytes; its connection goes back to the pool.

    A body that is not read to its end closes its connection: the next call on it would
    otherwise receive the rest of this one.
    """
    try:
        data = read_body(raw, limit)
    except TooLarge:
        discard(raw)
        raise ApiResponseTooLarge(
            f"HTTP {raw.status}: the response is longer than max_response_bytes ({limit})",
            status=raw.status,
            reason=raw.reason,
            headers=raw.headers,
        ) from None
    except MemoryError:
        discard(raw)
        raise ApiResponseTooLarge(
            f"HTTP {raw.status}: not enough memory to read the response",
            status=raw.status,
            headers=raw.headers,
        ) from None
    except zlib.error:
        discard(raw)
        encoding = raw.headers.get("content-encoding", "")[:40]
        raise ApiDecodeError(
            f"HTTP {raw.status}: the body does not decode as its Content-Encoding {encoding!r}",
            status=raw.status,
            headers=raw.headers,
        ) from None
    except BaseException:
        discard(raw)
        raise
    if raw.status == 101:
        discard(
            raw
        )  # the server switched protocols: the connection speaks HTTP no more
    return data


def pool_manager(config: Configuration) -> urllib3.PoolManager:
    """The one pool of the client, with its TLS and proxy settings."""
    options: dict[str, Any] = {
        "maxsize": config.connection_pool_maxsize,
        "cert_reqs": "CERT_REQUIRED" if config.verify_ssl else "CERT_NONE",
    }
    if config.ssl_ca_cert:
        options["ca_certs"] = config.ssl_ca_cert
    if config.cert_file:
        options["cert_file"] = config.cert_file
        options["key_file"] = config.key_file
    if not config.proxy:
        manager = urllib3.PoolManager(**options)
        # Pools whose responses are final ones (no 1xx), read within the call's total.
        manager.pool_classes_by_scheme = dict(_POOLS)
        return manager
    # urllib3 ignores credentials in the proxy URL: they become a Proxy-Authorization header.
    scheme, sep, rest = config.proxy.partition("://")
    credentials, at, address = rest.rpartition("@")
    if not (sep and at):
        proxy = urllib3.ProxyManager(config.proxy, **options)
    else:
        auth = urllib3.make_headers(proxy_basic_auth=unquote(credentials))
        proxy = urllib3.ProxyManager(
            f"{scheme}://{address}", proxy_headers=auth, **options
        )
    proxy.pool_classes_by_scheme = dict(_POOLS)
    return proxy
