"""The socket end of a call: only final responses, a deadline on every read, bounded bodies.

urllib3 builds each response through its connections' ``response_class``; the pools of
``pool_manager`` use ``final_response`` there, which skips interim replies (1xx) so that a
connection never goes back to the pool with the real answer still unread, and reads the
socket through ``_DeadlineReader`` so a server trickling bytes cannot outlast the call's total.
"""

from __future__ import annotations

import http.client
import io
import time
import zlib
from contextvars import ContextVar
from typing import Any
from urllib.parse import unquote

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .cancel import PAST, CallScope, current_scope, shut
from .configuration import Configuration
from .exceptions import ApiDecodeError, ApiResponseTooLarge

__all__ = [
    "Deadline",
    "TooLarge",
    "call_deadline",
    "discard",
    "final_response",
    "pool_manager",
    "read_body",
    "read_response",
]


class Deadline:
    """The monotonic time by which the reads of a call must end (``math.inf``: no total).

    Mutable: a stream handed to the caller is read after the call, with no total.
    """

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


# The current call's deadline. A context variable because urllib3 builds the response deep
# inside urlopen, in the caller's thread.
call_deadline: ContextVar[Deadline | None] = ContextVar("call_deadline", default=None)
# A server may send any number of interim replies; past this many the exchange is refused.
_MAX_INTERIM = 100
_CHUNK = 65536
# Content codings decoded while reading (bounded output); any other arrives as sent.
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


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
        if self._timeout is None or remaining < self._timeout:
            self._sock.settimeout(remaining)
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
            response = http.client.HTTPResponse(socket_like, debuglevel, method=method, url=url)
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


# urllib3 documents response_class as the way to choose what getresponse builds; typeshed
# types it as the class, which a factory function stands in for.
_RESPONSE_CLASS: Any = staticmethod(final_response)


class _Connection(HTTPConnection):
    """An HTTP connection whose responses are final ones, read by the call's deadline."""

    response_class = _RESPONSE_CLASS


class _TLSConnection(HTTPSConnection):
    """The HTTPS twin of _Connection."""

    response_class = _RESPONSE_CLASS


class _Pool(HTTPConnectionPool):
    """A pool of _Connection."""

    ConnectionCls = _Connection


class _TLSPool(HTTPSConnectionPool):
    """A pool of _TLSConnection."""

    ConnectionCls = _TLSConnection


def _pool_classes() -> dict[str, type[HTTPConnectionPool]]:
    """The pool classes by scheme for a PoolManager's ``pool_classes_by_scheme``."""
    return {"http": _Pool, "https": _TLSPool}


def read_body(raw: urllib3.BaseHTTPResponse, limit: int | None) -> bytes:
    """The whole body, decoded from gzip or deflate when so sent, at most ``limit`` bytes.

    Raises TooLarge as soon as the (decoded) body passes ``limit``; nothing more is read.
    """
    encoding = raw.headers.get("content-encoding", "").strip().lower()
    wbits = _WBITS.get(encoding)
    if wbits is None:
        length = raw.length_remaining
        if length is not None and limit is not None and length > limit:
            raise TooLarge
        if length is not None:
            # One read into one buffer of the announced size: the body is held once, not
            # copied from a growing buffer.
            return raw.read(decode_content=False)
    return _read_chunks(raw, limit, None if wbits is None else zlib.decompressobj(wbits))


def _read_chunks(raw: urllib3.BaseHTTPResponse, limit: int | None, inflate: Any) -> bytes:
    """The body of unknown length, or compressed, read piece by piece against ``limit``."""
    parts: list[bytes] = []
    size = 0
    while chunk := raw.read(_CHUNK, decode_content=False):
        while chunk:
            if inflate is None:
                piece, chunk = chunk, b""
            else:
                # At most one byte past the limit per call: a bomb never inflates in memory.
                piece = inflate.decompress(chunk, 0 if limit is None else limit - size + 1)
                chunk = inflate.unconsumed_tail
            size += len(piece)
            if limit is not None and size > limit:
                raise TooLarge
            parts.append(piece)
    if inflate is not None:
        parts.append(inflate.flush())
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
        discard(raw)  # the server switched protocols: the connection speaks HTTP no more
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
        manager.pool_classes_by_scheme = _pool_classes()
        return manager
    # urllib3 ignores credentials in the proxy URL: they become a Proxy-Authorization header.
    scheme, sep, rest = config.proxy.partition("://")
    credentials, at, address = rest.rpartition("@")
    if not (sep and at):
        proxy = urllib3.ProxyManager(config.proxy, **options)
    else:
        auth = urllib3.make_headers(proxy_basic_auth=unquote(credentials))
        proxy = urllib3.ProxyManager(f"{scheme}://{address}", proxy_headers=auth, **options)
    proxy.pool_classes_by_scheme = _pool_classes()
    return proxy
