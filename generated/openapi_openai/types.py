"""The UNSET sentinel (a field that is absent, not null) and the unknown variant of a union."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Final, Literal

__all__ = ["UNSET", "Unset", "UnknownVariant"]


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
        """The JSON value exactly as received."""
        return self.data

    def __repr__(self) -> str:
        # The values may carry a secret the spec does not know of: only the shape is shown.
        if isinstance(self.data, dict):
            return (
                f"UnknownVariant(<object with keys {sorted(map(str, self.data))[:20]}>)"
            )
        return f"UnknownVariant(<{type(self.data).__name__}>)"
