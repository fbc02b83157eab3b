"""``record``: the frozen, slotted, keyword-only dataclass that IR nodes and views are.

``dataclass`` compiles every method it adds from source, ~0.1 ms each; the ~35 record classes a
run imports cost ~20 ms that way, an eighth of a warm regeneration of the Realtime fragment
(issue 7). Equality, hashing and ``repr`` do the same thing for every record, so they are
closures over one field getter instead; ``dataclass`` still writes ``__init__`` and the frozen
``__setattr__``/``__delattr__``. Behaviour is a dataclass's: same comparisons, hash and text.
"""

from __future__ import annotations

import dataclasses
import operator
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

Record = TypeVar("Record", bound=type)


# frozen_default is read by type checkers (PEP 681); Python 3.11 accepts and keeps it.
@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,)
)
def record(cls: Record) -> Record:
    """``@dataclass(frozen=True, slots=True, kw_only=True)``, with shared eq, hash and repr."""
    made: Any = dataclasses.dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)(
        cls
    )
    names = [f.name for f in dataclasses.fields(made)]
    values = _getter(names)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    for method in (__eq__, __hash__, __repr__):
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    return made  # type: ignore[no-any-return]


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        only = operator.attrgetter(names[0])
        return lambda obj: (only(obj),)
    return operator.attrgetter(*names)
