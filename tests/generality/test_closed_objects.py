"""additionalProperties: false: no extra-keys bag, unknown keys dropped, exact fits win."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

Build = Callable[..., ModuleType]


def _obj(*names: str, closed: bool, required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in names},
        "additionalProperties": not closed,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _spec() -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Point"}
    return {
        "components": {
            "schemas": {
                "Point": _obj("x", "y", closed=True),
                "Open": _obj("x", closed=False),
                # Both branches accept {"x": .., "label": ..} on their surface; only the closed
                # one is ruled out by the key it does not declare.
                "Mark": _obj("x", "y", closed=True),
                "Label": _obj("x", "label", closed=True),
                "Shape": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/Mark"},
                        {"$ref": "#/components/schemas/Label"},
                    ]
                },
                "Holder": {
                    "type": "object",
                    "properties": {"at": ref, "shape": {"$ref": "#/components/schemas/Shape"}},
                },
            }
        }
    }


def test_closed_model_has_no_bag_and_drops_unknown_keys(build: Build) -> None:
    pkg = build(_spec())
    point = pkg.Point.from_dict({"x": "1", "y": "2", "z": "added by a newer server"})
    assert point == pkg.Point(x="1", y="2") and point.to_dict() == {"x": "1", "y": "2"}
    assert not hasattr(point, "additional_properties")
    assert "additional_properties" not in pkg.models.point.Point.__annotations__
    with pytest.raises(TypeError):
        pkg.Point(x="1", additional_properties={"z": 1})
    # Open objects keep what they do not declare, as before.
    assert pkg.Open.from_dict({"x": "1", "z": 2}).to_dict() == {"x": "1", "z": 2}


def test_union_prefers_the_closed_branch_that_fits_exactly(build: Build) -> None:
    pkg = build(_spec())
    assert isinstance(pkg.Holder.from_dict({"shape": {"x": "1", "label": "a"}}).shape, pkg.Label)
    assert isinstance(pkg.Holder.from_dict({"shape": {"x": "1", "y": "2"}}).shape, pkg.Mark)
    # Keys no branch declares: no exact fit, so the usual first match decides (no error).
    held = pkg.Holder.from_dict({"shape": {"x": "1", "new": "n"}})
    assert isinstance(held.shape, pkg.Mark) and held.shape.to_dict() == {"x": "1"}


def test_model_page_says_unknown_keys_are_dropped(build: Build, tmp_path: Path) -> None:
    build(_spec())
    docs = tmp_path / "pkg"
    point = next(docs.rglob("Point.md")).read_text(encoding="utf-8")
    assert "keys it does not declare are dropped" in point
    assert "kept in `additional_properties`" in next(docs.rglob("Open.md")).read_text()
