"""The UNSET sentinel (a field that is absent, not null), the unknown variant of a union, and
the ``with`` / ``async with`` behaviour shared by everything that holds a connection."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeVar

__all__ = ["UNSET", "AsyncClosing", "Closing", "Unset", "UnknownVariant"]

_Closing = TypeVar("_Closing", bound="Closing")
_AsyncClosing = TypeVar("_AsyncClosing", bound="AsyncClosing")


class Unset(enum.Enum):
    """Type of the UNSET sentinel; an enum so type checkers narrow ``x is UNSET``."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET


@dataclass(frozen=True, slots=True, repr=False)
class UnknownVariant:
    """A received value that fits no branch of a union: kept as it came, never an error.

    Servers add event types and variants faster than specs: ``isinstance`` or
    ``case UnknownVariant(data=raw):`` tells it apart from the declared branches, and
    ``to_dict()`` gives the data back unchanged. It is never sent: a request holding one
    fails before anything leaves (strict in what the client sends).
    """

    data: Any

    def to_dict(self) -> Any:
        """The value exactly as received: JSON, or an undeclared body's text or bytes."""
        return self.data

    def __repr__(self) -> str:
        # The values may carry a secret the spec does not know of: only the shape is shown.
        if isinstance(self.data, dict):
            return (
                f"UnknownVariant(<object with keys {sorted(map(str, self.data))[:20]}>)"
            )
        return f"UnknownVariant(<{type(self.data).__name__}>)"


class Closing:
    """A context manager whose ``with`` block ends by calling ``close()``, however it ends."""

    __slots__ = ()

    def close(self) -> None:
        """Free what this object holds."""
        raise NotImplementedError

    def __enter__(self: _Closing) -> _Closing:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClosing:
    """The asyncio twin of Closing: an ``async with`` block ends by awaiting ``aclose()``."""

    __slots__ = ()

    async def aclose(self) -> None:
        """Free what this object holds."""
        raise NotImplementedError

    async def __aenter__(self: _AsyncClosing) -> _AsyncClosing:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
