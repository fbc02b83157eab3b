"""Small pieces of schema interpretation: primitive types, converted formats, enums, wrappers."""

from __future__ import annotations

import datetime
from typing import Any

from oapigen.build.json_values import as_json
from oapigen.ir.shapes import EnumShape, Shape, nullable, primitive

PRIMITIVES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}
CONVERTED = {
    "date-time": ("datetime.datetime", "serde.parse_datetime", "serde.format_datetime"),
    "date": ("datetime.date", "serde.parse_date", "serde.format_date"),
}


def enum_shape(values: list[Any]) -> Shape:
    """A Literal of the values (null makes it nullable); Any when they are not literals.

    An unquoted YAML date or timestamp (``enum: [2020-01-01]``) is the ISO text on the wire.
    """
    concrete = [
        as_json(v) if isinstance(v, datetime.date | datetime.time) else v
        for v in values
        if v is not None
    ]
    literal_ok = all(isinstance(v, str | int | bool) for v in concrete)
    if not concrete:
        return primitive("None")
    if literal_ok:
        # Keyed by type too: True == 1 in Python, but they are different JSON values.
        unique = tuple({(type(v), v): v for v in concrete}.values())
        hint = f"Literal[{', '.join(repr(v) for v in unique)}]"
        shape: Shape = EnumShape(hint=hint, doc=_base_type_doc(unique), values=unique)
    else:
        shape = primitive("Any")
    return nullable(shape) if None in values else shape


_OUTER_KEYS = frozenset({"description", "title", "deprecated", "nullable", "default", "example"})


def unwrap(schema: Any) -> Any:
    """A schema whose only structure is one inline allOf/oneOf/anyOf branch is that branch.

    Without this the wrapper and its branch would both claim the wrapper's name.
    """
    if not isinstance(schema, dict) or schema.get("properties"):
        return schema
    for key in ("allOf", "oneOf", "anyOf"):
        parts = schema.get(key)
        if isinstance(parts, list) and len(parts) == 1 and isinstance(parts[0], dict):
            if "$ref" in parts[0]:
                return schema
            merged = dict(parts[0])
            for name, value in schema.items():
                if name in _OUTER_KEYS:
                    merged[name] = value
                elif name not in {key, "discriminator"}:
                    merged.setdefault(name, value)
            return unwrap(merged)
    return schema


def _base_type_doc(values: tuple[object, ...]) -> str:
    kinds = sorted({type(v).__name__ for v in values})
    return kinds[0] if len(kinds) == 1 else "Any"
