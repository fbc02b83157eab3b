"""Server-sent events of a streamed response, decoded as they arrive, each within the size limit.

``EventStream`` reads a ``text/event-stream`` body in the framing of the HTML standard
(``event:`` and ``data:`` fields, an empty line ending each event), ending at the body's end or
at ``data: [DONE]`` as OpenAI sends it. An error event (``event: error``, or a payload
``{"error": ...}``) raises ApiStreamError; a payload that fits none of the event types the spec
declares is yielded as an UnknownEvent holding the raw data, so a server newer than the spec
does not end the stream. ``max_response_bytes`` bounds each event, not the whole stream.

The connection is freed whatever happens: back to the pool once the body is read to its end,
closed when the caller stops early (``close()``, a ``with`` block, or the stream collected after
a ``break``) or a read or an event raises.
"""

from __future__ import annotations

import http.client
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

import urllib3

from .exceptions import (
    ApiConnectionError,
    ApiDecodeError,
    ApiResponseTooLarge,
    ApiStreamError,
    ApiTimeoutError,
)
from .serde import DECODE_FAILURES, loads, request_data, to_data
from .transport import TooLarge, discard, inflater, read_response
from .types import Closing, UnknownVariant

__all__ = ["Event", "EventStream", "UnknownEvent", "flagged", "parse_events"]

T = TypeVar("T")

# read1 returns what has arrived, up to this much: an event is handed over when it is complete.
_READ = 65536
_DONE = "[DONE]"
# What a broken or stalled connection raises while the caller reads the stream.
_READ_FAILURES = (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


class Event(NamedTuple):
    """One event as framed: its type (``event:``, None when absent) and its data lines joined."""

    event: str | None
    data: str


@dataclass(frozen=True, slots=True, repr=False)
class UnknownEvent(UnknownVariant):
    """An event whose data fits none of the event types the spec declares: the raw JSON data,
    and its ``event:`` type when it had one.

    An UnknownVariant, as any received value no union branch fits: ``isinstance(x,
    UnknownVariant)`` and ``case UnknownVariant(data=raw):`` catch it in a stream too.
    """

    event: str | None = None

    def __repr__(self) -> str:
        # Keys only: the values come from the server and may carry a secret.
        shape = sorted(map(str, self.data))[:20] if isinstance(self.data, dict) else None
        return f"UnknownEvent(event={self.event!r}, keys={shape!r})"


class EventStream(Closing, Generic[T]):
    """The decoded events of a streamed response: iterate it once; close it to stop early."""

    def __init__(
        self,
        raw: urllib3.BaseHTTPResponse,
        decode: Callable[[Any], T],
        *,
        limit: int | None,
        hidden: tuple[str | None, ...] = (),
    ) -> None:
        if _is_json(raw.headers):
            _refuse_json(raw, limit)
        self._raw = raw
        # The reader holds no reference back to this object: dropped after a ``break``, the
        # stream is freed at once and the reader's clean-up closes the connection.
        self._events = _read(raw, decode, limit, hidden)

    def __iter__(self) -> EventStream[T]:
        return self

    def __next__(self) -> T | UnknownEvent:
        return next(self._events)

    def close(self) -> None:
        """Stop reading; the connection is closed unless the body was read to its end."""
        self._events.close()
        if self._raw.connection is not None:
            discard(self._raw)  # never iterated: the reader above never held it



def _is_json(headers: Any) -> bool:
    media = str(headers.get("content-type", "")).partition(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _refuse_json(raw: urllib3.BaseHTTPResponse, limit: int | None) -> None:
    """ApiDecodeError for a whole JSON answer where events were asked for.

    A server or proxy that ignores the stream flag answers JSON; read as events it would
    yield nothing at all. The body is read (within the limit), so the connection is reused.
    """
    body = read_response(raw, limit)
    raw.release_conn()  # read to its end: the connection serves the next call
    raise ApiDecodeError(
        f"HTTP {raw.status}: expected an event stream, got {raw.headers.get('content-type')!r}",
        status=raw.status,
        headers=raw.headers,
        body=body,
    )


def _read(
    raw: urllib3.BaseHTTPResponse,
    decode: Callable[[Any], T],
    limit: int | None,
    hidden: tuple[str | None, ...],
) -> Generator[T | UnknownEvent, None, None]:
    """The decoded events; the connection is released or closed when this ends."""
    pieces = _pieces(raw)
    ended = False
    try:
        for event in parse_events(pieces, limit):
            if event.data == _DONE and event.event is None:
                ended = _drained(pieces, limit)
                return
            yield _decoded(raw, event, decode, hidden)
        ended = True
    except TooLarge:
        raise ApiResponseTooLarge(
            f"HTTP {raw.status}: an event is longer than max_response_bytes ({limit})",
            status=raw.status,
            headers=raw.headers,
        ) from None
    except zlib.error:
        raise ApiDecodeError(
            f"HTTP {raw.status}: the stream does not decode as its Content-Encoding",
            status=raw.status,
            headers=raw.headers,
        ) from None
    except _READ_FAILURES as exc:
        timeout = isinstance(exc, TimeoutError | urllib3.exceptions.TimeoutError)
        kind = ApiTimeoutError if timeout else ApiConnectionError
        message = f"the stream ended early ({type(exc).__name__})"
        raise kind(message, status=raw.status, headers=raw.headers) from None
    finally:
        if ended:
            raw.release_conn()  # read to its end: the connection serves the next call
        else:
            discard(raw)


def _decoded(
    raw: urllib3.BaseHTTPResponse,
    event: Event,
    decode: Callable[[Any], T],
    hidden: tuple[str | None, ...],
) -> T | UnknownEvent:
    """One event's data decoded; ApiStreamError for an error event."""
    body = event.data.encode()
    data: Any = None
    if event.event != "error":
        try:
            data = loads(event.data)
        except (ValueError, RecursionError, MemoryError):
            raise ApiDecodeError(
                f"HTTP {raw.status}: an event's data is not valid JSON",
                status=raw.status,
                headers=raw.headers,
                body=body,
            ) from None
    # OpenAI sends errors both ways: as an ``error`` event, and as data {"error": {...}}.
    error = data.get("error") if isinstance(data, dict) else None
    if event.event == "error" or (isinstance(error, dict | str) and error):
        raise ApiStreamError(
            f"HTTP {raw.status}: an error event in the stream",
            status=raw.status,
            headers=raw.headers,
            body=body,
            hidden=hidden,
        )
    try:
        value = decode(data)
    except DECODE_FAILURES:
        # Lenient in what it receives: an event type newer than the spec is kept.
        return UnknownEvent(data, event.event)
    # A union of event types keeps what fits none of them; in a stream that is an UnknownEvent.
    if isinstance(value, UnknownVariant):
        return UnknownEvent(value.data, event.event)
    return value


def flagged(value: Any, flag: str, setting: Any) -> Any:
    """Request data with ``flag`` set to ``setting`` (``stream`` True, ``stream_format``
    ``"sse"``, or their other value): the method, not the body, chooses a stream."""
    data = value if isinstance(value, dict) else request_data(lambda: to_data(value))
    return {**data, flag: setting} if isinstance(data, dict) else data


def parse_events(pieces: Iterable[bytes], limit: int | None) -> Iterator[Event]:
    """The events framed in ``pieces`` of a body; TooLarge when one passes ``limit`` bytes.

    Lines end in LF or CRLF; comments (``:``), ``id`` and ``retry`` are skipped; an event
    left without its empty line at the body's end is still handed over.
    """
    partial: list[bytes] = []  # the start of a line split across pieces
    size = 0  # bytes of the current event so far
    kind: str | None = None
    data: list[str] = []
    for piece in pieces:
        start = 0
        while (end := piece.find(b"\n", start)) >= 0:
            size += end - start + 1
            if limit is not None and size > limit:
                raise TooLarge
            line = b"".join([*partial, piece[start:end]]) if partial else piece[start:end]
            partial.clear()
            start = end + 1
            text = line.removesuffix(b"\r").decode("utf-8", "replace")
            if text:
                field, _, value = text.partition(":")
                value = value.removeprefix(" ")
                if field == "data":
                    data.append(value)
                elif field == "event":
                    kind = value or None
                continue
            if data:
                yield Event(kind, "\n".join(data))
            kind, data, size = None, [], 0
        if start < len(piece):
            size += len(piece) - start
            if limit is not None and size > limit:
                raise TooLarge
            partial.append(piece[start:])
    if partial:
        text = b"".join(partial).removesuffix(b"\r").decode("utf-8", "replace")
        if text.startswith("data:"):
            data.append(text[5:].removeprefix(" "))
    if data:
        yield Event(kind, "\n".join(data))


def _pieces(raw: urllib3.BaseHTTPResponse) -> Iterator[bytes]:
    """The body as it arrives, decoded from gzip or deflate in bounded steps when so sent."""
    inflate = inflater(raw.headers)
    while chunk := raw.read1(_READ, decode_content=False):
        if inflate is None:
            yield chunk
            continue
        while chunk:
            yield inflate.decompress(chunk, _READ)
            chunk = inflate.unconsumed_tail
    if inflate is not None:
        yield inflate.flush()


def _drained(pieces: Iterator[bytes], limit: int | None) -> bool:
    """Whether what follows ``[DONE]`` ends within ``limit`` bytes, leaving the connection clean."""
    size = 0
    try:
        for piece in pieces:
            size += len(piece)
            if limit is not None and size > limit:
                return False
    except (*_READ_FAILURES, zlib.error):
        return False
    return True
