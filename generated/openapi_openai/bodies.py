"""A binary response body read as it arrives: in chunks, or written straight to a file.

The ``..._chunks`` twin of an operation answering with bytes (audio, video, an archive)
returns a :class:`BinaryStream` instead of the whole body, so a body larger than memory, or
than ``max_response_bytes``, can be saved or passed on piece by piece.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from typing import IO

import urllib3

from .exceptions import ApiConnectionError, ApiDecodeError
from .types import Closing

__all__ = ["BinaryStream", "is_text", "text_of"]

CHUNK_SIZE = 64 * 1024


class BinaryStream(Closing):
    """An unread binary body; iterate it for chunks, or ``write_to`` a file.

    Use it as a context manager, or read it to its end: either frees the connection. Leaving
    early closes the connection (the unread rest would otherwise reach the next call on it).
    """

    def __init__(
        self, raw: urllib3.BaseHTTPResponse, *, chunk_size: int = CHUNK_SIZE
    ) -> None:
        self._raw = raw
        self.chunk_size = chunk_size
        self.status = raw.status
        self.headers: Mapping[str, str] = raw.headers
        self._done = False

    @property
    def content_type(self) -> str:
        """The body's media type as the server sent it ("" when it sent none)."""
        return str(self.headers.get("content-type", ""))

    def __iter__(self) -> Iterator[bytes]:
        return self.iter_bytes()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body in chunks of at most ``chunk_size`` bytes, decompressed if sent gzipped."""
        if self._done:
            raise RuntimeError("the body of this response was already read or closed")
        self._done = True
        try:
            for chunk in self._raw.stream(
                chunk_size or self.chunk_size, decode_content=True
            ):
                if chunk:
                    yield chunk
        except urllib3.exceptions.DecodeError:
            self._abandon()
            raise ApiDecodeError(
                f"HTTP {self.status}: the body does not decode as its Content-Encoding",
                status=self.status,
                headers=self.headers,
            ) from None
        except urllib3.exceptions.HTTPError as exc:
            self._abandon()
            raise ApiConnectionError(
                f"the body ended early: {type(exc).__name__}"
            ) from None
        except BaseException:
            # GeneratorExit (the loop left early) included: the rest is never read.
            self._abandon()
            raise
        self._raw.release_conn()

    def write_to(self, target: str | os.PathLike[str] | IO[bytes]) -> int:
        """Write the whole body to a path or an open binary file; return the bytes written."""
        if isinstance(target, str | os.PathLike):
            with open(target, "wb") as handle:
                return self._copy(handle)
        return self._copy(target)

    def read(self) -> bytes:
        """The whole body at once (no limit: prefer iterating for a large body)."""
        return b"".join(self.iter_bytes())

    def close(self) -> None:
        """Free the connection, reading nothing more."""
        if not self._done:
            self._done = True
            self._abandon()

    def __repr__(self) -> str:
        return f"BinaryStream(status={self.status}, content_type={self.content_type!r})"

    def _copy(self, handle: IO[bytes]) -> int:
        written = 0
        for chunk in self.iter_bytes():
            handle.write(chunk)
            written += len(chunk)
        return written

    def _abandon(self) -> None:
        self._raw.close()
        self._raw.release_conn()


def is_text(headers: Mapping[str, str]) -> bool:
    """Whether the body is text (``text/plain``, ``text/vtt``, ...), not an event stream."""
    media = str(headers.get("content-type", "")).partition(";")[0].strip().lower()
    return media.startswith("text/") and media != "text/event-stream"


def text_of(data: bytes, headers: Mapping[str, str]) -> str:
    """A text body as ``str``: in the charset its Content-Type names, else UTF-8.

    Bytes that do not decode become U+FFFD: a text answer is shown, never refused.
    """
    charset = "utf-8"
    for parameter in str(headers.get("content-type", "")).split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip('"')
    try:
        return data.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return data.decode("utf-8", "replace")
