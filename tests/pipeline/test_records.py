"""``record`` behaves as ``@dataclass(frozen=True, slots=True, kw_only=True)`` does."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from oapigen import ir
from oapigen.ir.records import record


@record
class Point:
    """A record under test."""

    x: int
    label: str = "p"
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Reference:
    """The dataclass it stands for."""

    x: int
    label: str = "p"
    tags: tuple[str, ...] = ()


def test_equality_hash_and_repr_are_a_dataclass_s() -> None:
    a, b, c = Point(x=1), Point(x=1), Point(x=2, tags=("t",))
    assert a == b and hash(a) == hash(b) and a != c
    assert a != Reference(x=1)  # another class never compares equal
    assert repr(c) == repr(Reference(x=2, tags=("t",))).replace("Reference", "Point")
    assert {a, b, c} == {a, c}


def test_frozen_slotted_keyword_only_and_picklable() -> None:
    point = Point(x=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    # No new attribute either (Python 3.11's frozen slotted dataclasses raise TypeError there).
    with pytest.raises((AttributeError, TypeError)):
        point.other = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "label", "tags"]
    assert dataclasses.replace(point, label="q") == Point(x=1, label="q")
    assert pickle.loads(pickle.dumps(point)) == point


def test_ir_nodes_are_records() -> None:
    assert ir.Model.__eq__.__qualname__ == "Model.__eq__"
    assert "__slots__" in vars(ir.Model)
