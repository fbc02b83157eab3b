"""Hypothesis strategies for JSON values valid against an OpenAPI 3.0/3.1 schema (request side)."""

from __future__ import annotations

import datetime
import json
import math
from typing import Any

from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator, OAS31Validator

# Recursive schemas (the upstream documents have several) stop growing past this depth.
MAX_DEPTH = 4
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_UNION_KEYS = frozenset({"oneOf", "anyOf", "discriminator", "nullable"})
_SHAPING_KEYS = frozenset({"properties", "required", "type", "items"})
_SCALARS = st.none() | st.booleans() | st.integers(-1000, 1000) | _TEXT


class SchemaStrategies:
    """Builds strategies from schemas of one document, resolving local ``$ref``s."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._validators: dict[int, Any] = {}

    def _fits(self, branch: dict[str, Any], value: Any) -> bool:
        """Whether ``value`` is valid against ``branch`` (refs resolved in the document)."""
        validator = self._validators.get(id(branch))
        if validator is None:
            cls = (
                OAS31Validator
                if str(self.document.get("openapi")).startswith("3.1")
                else OAS30Validator
            )
            validator = cls({**self.document, **branch})
            self._validators[id(branch)] = validator
        return bool(validator.is_valid(value))

    def _exactly_one(self, branches: list[dict[str, Any]], value: Any) -> bool:
        """oneOf means exactly one: a value two branches accept is not a valid request."""
        return sum(1 for b in branches if self._fits(b, value)) == 1

    def resolve(self, schema: Any) -> Any:
        """Follow ``$ref`` chains to the schema they point at."""
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema:
            ref = schema["$ref"]
            if ref in seen:
                raise ValueError(f"$ref cycle at {ref}")
            seen.add(ref)
            node: Any = self.document
            for part in ref.removeprefix("#/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema

    def for_schema(self, schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
        """Any value the schema accepts (as far as this small interpreter understands it)."""
        schema = self.resolve(schema)
        if schema is True or schema == {}:
            return _SCALARS
        if not isinstance(schema, dict):
            raise TypeError(f"not a schema: {schema!r}")
        base = self._base({k: v for k, v in schema.items() if k != "not"}, depth)
        if isinstance(schema.get("not"), dict):
            excluded = self.resolve(schema["not"])
            base = base.filter(lambda value: not _plainly_matches(excluded, value))
        if schema.get("nullable") is True and "enum" not in schema:
            return st.none() | base
        return base

    def _base(  # noqa: PLR0911 - one return per kind of schema reads best here
        self, schema: dict[str, Any], depth: int
    ) -> st.SearchStrategy[Any]:
        if "allOf" in schema:
            return self.for_schema(self.merge_all_of(schema), depth)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                rest = {k: v for k, v in schema.items() if k not in _UNION_KEYS}
                branches = schema[key]
                if _SHAPING_KEYS & rest.keys():
                    # Sibling keywords apply to every branch: {properties, anyOf: [{required}]}.
                    branches = [self.merge_all_of({"allOf": [rest, b]}) for b in branches]
                union = st.one_of([self.for_schema(b, depth + 1) for b in branches])
                if key == "oneOf":
                    return union.filter(lambda value, b=branches: self._exactly_one(b, value))
                return union
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        kind = schema.get("type")
        if isinstance(kind, list):  # 3.1: type: [string, "null"]
            return st.one_of([self._base({**schema, "type": k}, depth) for k in kind])
        if kind is None and "properties" in schema:
            kind = "object"
        if kind is None and "items" in schema:
            kind = "array"
        builder = {
            "object": self._object,
            "array": self._array,
            "string": lambda s, d: _string(s),
            "integer": lambda s, d: _integer(s),
            "number": lambda s, d: _number(s),
            "boolean": lambda s, d: st.booleans(),
            "null": lambda s, d: st.none(),
        }.get(kind or "")
        return builder(schema, depth) if builder else _SCALARS

    def merge_all_of(self, schema: dict[str, Any]) -> dict[str, Any]:
        """One object schema holding the properties and required keys of every allOf part."""
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        props: dict[str, Any] = dict(merged.get("properties", {}))
        required: list[str] = list(merged.get("required", []))
        for raw in schema["allOf"]:
            part = self.resolve(raw)
            if "allOf" in part:
                part = self.merge_all_of(part)
            for key, value in part.items():
                if key == "properties":
                    props.update(value)
                elif key == "required":
                    required += [r for r in value if r not in required]
                elif key not in merged:
                    merged[key] = value
        if props:
            merged["properties"] = props
            merged.setdefault("type", "object")
        merged["required"] = required
        return merged

    def _object(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        props = {
            name: sub
            for name, sub in schema.get("properties", {}).items()
            if not self.resolve(sub).get("readOnly")  # a client never sends readOnly fields
        }
        required = [name for name in schema.get("required", []) if name in props]
        optional = [] if depth >= MAX_DEPTH else [n for n in props if n not in required]
        fixed = {n: self.for_schema(props[n], depth + 1) for n in required}
        extra = {n: self.for_schema(props[n], depth + 1) for n in optional}
        if not props and schema.get("additionalProperties", True) is not False:
            values = schema.get("additionalProperties")
            inner = self.for_schema(values, depth + 1) if isinstance(values, dict) else _SCALARS
            return st.dictionaries(_TEXT, inner, max_size=3 if depth < MAX_DEPTH else 0)
        return st.fixed_dictionaries(fixed, optional=extra)

    def _array(self, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
        low = int(schema.get("minItems", 0))
        high = min(int(schema.get("maxItems", low + 3)), low + 3)
        if depth >= MAX_DEPTH:
            high = low
        items = self.for_schema(schema.get("items", {}), depth + 1)
        unique = (lambda v: json.dumps(v, sort_keys=True)) if schema.get("uniqueItems") else None
        return st.lists(items, min_size=low, max_size=high, unique_by=unique)


_FORMATS: dict[str, st.SearchStrategy[str]] = {
    "date-time": st.datetimes(timezones=st.just(datetime.UTC)).map(lambda d: d.isoformat()),
    "date": st.dates().map(lambda d: d.isoformat()),
    "uri": st.sampled_from(["https://example.com/a", "http://127.0.0.1/x?y=1"]),
    "email": st.just("someone@example.com"),
    "uuid": st.uuids().map(str),
}


def _string(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", low + 20))
    if "pattern" in schema:  # JSON Schema patterns are searched, not anchored
        return st.from_regex(schema["pattern"]).filter(lambda s: low <= len(s) <= high)
    if schema.get("format") in _FORMATS:
        return _FORMATS[schema["format"]]
    alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    return st.text(alphabet, min_size=low, max_size=min(high, low + 20))


def _integer(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = _bounds(schema, step=1)
    values = st.integers(None if low is None else int(low), None if high is None else int(high))
    step = schema.get("multipleOf")
    return values.filter(lambda v: v % step == 0) if isinstance(step, int) and step > 1 else values


def _number(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    low, high = _bounds(schema, step=0)
    ex_low = low is not None and _exclusive(schema, "Minimum")
    ex_high = high is not None and _exclusive(schema, "Maximum")
    floats = st.floats(
        low,
        high,
        allow_nan=False,
        allow_infinity=False,
        exclude_min=ex_low,
        exclude_max=ex_high,
    )
    # Whole numbers too: JSON has one number type, and 3 is a valid "number".
    int_low = None if low is None else math.ceil(low) + (ex_low and math.ceil(low) == low)
    int_high = None if high is None else math.floor(high) - (ex_high and math.floor(high) == high)
    if int_low is not None and int_high is not None and int_low > int_high:
        return floats
    return floats | st.integers(int_low, int_high)


def _exclusive(schema: dict[str, Any], which: str) -> bool:
    flag = schema.get(f"exclusive{which}")
    return flag is True or (isinstance(flag, int | float) and not isinstance(flag, bool))


def _bounds(schema: dict[str, Any], *, step: int) -> tuple[float | None, float | None]:
    """Inclusive bounds; 3.0 boolean and 3.1 numeric exclusive bounds are both understood."""
    low = schema.get("minimum")
    high = schema.get("maximum")
    ex_low, ex_high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(ex_low, int | float) and not isinstance(ex_low, bool):
        low = ex_low
    if isinstance(ex_high, int | float) and not isinstance(ex_high, bool):
        high = ex_high
    if step and low is not None and _exclusive(schema, "Minimum"):
        low += step
    if step and high is not None and _exclusive(schema, "Maximum"):
        high -= step
    return low, high


def _plainly_matches(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` fits a ``not`` schema (keywords seen there: required, enum, type)."""
    if "required" in schema and not (
        isinstance(value, dict) and all(k in value for k in schema["required"])
    ):
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    kinds = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
    }
    kind = schema.get("type")
    return not (isinstance(kind, str) and kind in kinds and not isinstance(value, kinds[kind]))
