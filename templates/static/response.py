"""What a successful call returns before decoding: status, headers and the body, read once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .bodies import is_text, text_of
from .exceptions import ApiDecodeError
from .serde import loads
from .types import UnknownVariant

__all__ = ["ApiResponse"]


class ApiResponse:
    """A response with a successful status: status, headers and the raw body."""

    __slots__ = ("_data", "_text", "headers", "raw", "status")

    def __init__(
        self, status: int, headers: Mapping[str, str], data: bytes, raw: Any = None
    ) -> None:
        self.status = status
        self.headers = headers
        self._data: bytes | None = data
        self._text = ""
        # The unread urllib3 response of a streamed request (text/event-stream).
        self.raw = raw

    @property
    def data(self) -> bytes:
        """The body as received."""
        if self._data is None:
            # json() kept the body as its text only; UTF-8 text encodes back to the same bytes.
            self._data = self._text.encode()
        return self._data

    def json(self) -> Any:
        """The body parsed as JSON; an ApiDecodeError when it is not JSON."""
        content_type = self.headers.get("content-type", "")
        if content_type and "json" not in content_type.lower():
            raise ApiDecodeError(
                f"HTTP {self.status}: expected a JSON body, got {content_type[:80]!r}",
                status=self.status,
                headers=self.headers,
                body=self.data,
            )
        try:
            return loads(self._body_text())
        except (ValueError, RecursionError, MemoryError):
            raise ApiDecodeError(
                f"HTTP {self.status}: the response body is not valid JSON",
                status=self.status,
                headers=self.headers,
                body=self.data,
            ) from None

    def undeclared(self) -> UnknownVariant | None:
        """A body the spec declares none for: None when empty, else kept as it came.

        Lenient in what it receives: JSON comes as its parsed value, text as ``str``, anything
        else as ``bytes``, inside an UnknownVariant (OpenAI answers some deletes declared
        bodiless with JSON).
        """
        if not self.data.strip():
            return None
        media = str(self.headers.get("content-type", "")).lower()
        if not media or "json" in media:
            try:
                return UnknownVariant(loads(self._body_text()))
            except (ValueError, RecursionError):
                pass  # not JSON after all: kept as text or bytes below
        if is_text(self.headers):
            return UnknownVariant(text_of(self.data, self.headers))
        return UnknownVariant(self.data)

    def _body_text(self) -> str | bytes:
        """The body as text, holding it once: the bytes are let go once decoded.

        A large body is then in memory as its text and its parsed value, not three times.
        """
        data = self._data
        if data is None:
            return self._text
        try:
            text = data.decode()
        except UnicodeDecodeError:
            return data  # UTF-16/32 or broken: loads tells or reports it from the bytes
        if text.startswith("\ufeff") or b"\x00" in data[:4]:
            return data  # a BOM or UTF-16/32 text: loads reads those from the bytes
        self._text, self._data = text, None
        return text
