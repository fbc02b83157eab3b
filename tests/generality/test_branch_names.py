"""Inline union branches are named from what tells them apart, never ``OneOf0`` (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

Build = Callable[..., ModuleType]

_OBJ: dict[str, Any] = {"type": "object"}


def _obj(**props: Any) -> dict[str, Any]:
    return {**_OBJ, "properties": props}


def _pin(value: str) -> dict[str, Any]:
    return {"type": "string", "enum": [value]}


def test_branches_named_by_tag_title_property_and_kind(build: Build) -> None:
    pkg = build(
        {
            "components": {
                "schemas": {
                    "Event": {
                        "oneOf": [
                            _obj(type=_pin("session.created"), id={"type": "string"}),
                            {
                                **_obj(type={"const": "error"}, message={"type": "string"}),
                                "required": ["type"],
                            },
                        ]
                    },
                    "Shape": {
                        "oneOf": [
                            {**_obj(a={"type": "string"}, b={"type": "string"}), "title": "Box"},
                            _obj(radius={"type": "number"}),
                            {"type": "array", "items": {"type": "string"}},
                            {"type": "array", "items": _obj(x={"type": "integer"})},
                        ]
                    },
                    # A component beside null: its object needs a name of its own.
                    "Options": {
                        "anyOf": [_obj(include_usage={"type": "boolean"}), {"type": "null"}]
                    },
                    "Holder": _obj(
                        # An inline property beside null: the object takes the property's name.
                        audio={"anyOf": [_obj(id={"type": "string"}), {"type": "null"}]},
                        options={"$ref": "#/components/schemas/Options"},
                    ),
                }
            }
        }
    )
    names = set(pkg.__all__)
    expected = {
        "EventSessionCreated",
        "EventError",
        "ShapeBox",
        "ShapeRadius",
        "ShapeObjectListInner",
        "OptionsObject",
        "HolderAudio",
    }
    assert expected <= names, sorted(names)
    assert not [name for name in names if "OneOf" in name]
    event = pkg.Holder.from_dict({"audio": {"id": "a"}, "options": None})
    assert isinstance(event.audio, pkg.HolderAudio) and event.options is None
    assert pkg.EventError(message="m").to_dict() == {"type": "error", "message": "m"}
