"""Request bodies given as plain dicts (the TypedDict twins): checked before anything is sent.

mypy checks a dict literal against its TypedDict twin; at run time a dict may still come
from anywhere, so it is decoded into the models and must come out the same: a required key
left out, a key a closed model does not declare, or a value no union branch takes is a
``ValueError`` naming where, before the request leaves. A model instance is sent as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .serde import DECODE_FAILURES, failure_text, strictly, to_data
from .types import UNSET

__all__ = ["request_data"]


def request_data(value: Any, decode: Callable[[Any], Any]) -> Any:
    """The JSON data of a request body given as models, plain dicts or a mix of both."""
    data = to_data(value)
    if dataclasses.is_dataclass(value):
        return data  # built through the model's constructor, whose types mypy checked
    try:
        # Strict as a union's branch is tried (serde): data no branch fits is a DecodeError
        # naming where, not an UnknownVariant that would be refused later without a pointer.
        decoded = strictly(lambda: decode(data))
    except DECODE_FAILURES as exc:
        raise ValueError(f"the request body does not fit the spec: {failure_text(exc)}") from None
    missing = _missing(decoded, "")
    if missing:
        raise ValueError(f"the request body lacks a required key: {missing}")
    if not _same_keys(to_data(decoded), data):
        raise ValueError(
            "the request body does not fit the spec: a key or value the spec does not "
            "declare where it is sent (look for a misspelt key)"
        )
    return data


def _missing(value: Any, path: str) -> str:
    """Where the first required field left out in ``value`` is (attribute path), or ""."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _missing(item, f"{path}[{index}]")
            if found:
                return found
        return ""
    if isinstance(value, dict):
        for key, item in value.items():
            found = _missing(item, f"{path}[{key!r}]")
            if found:
                return found
        return ""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return ""
    for spec in dataclasses.fields(value):
        item = getattr(value, spec.name)
        where = f"{path}.{spec.name}" if path else f"{type(value).__name__}.{spec.name}"
        # A field with no default is one the schema requires (from_dict left it UNSET).
        required = spec.default is dataclasses.MISSING
        if item is UNSET and required and spec.default_factory is dataclasses.MISSING:
            return where
        found = _missing(item, where)
        if found:
            return found
    return ""


def _same_keys(sent: Any, given: Any) -> bool:
    """Whether the decoded body kept every key the caller gave, at every depth.

    Values may differ in spelling (a date-time written back in another form); a key the
    models dropped (undeclared in a closed schema) or moved may not.
    """
    if isinstance(given, dict):
        return (
            isinstance(sent, dict)
            and sent.keys() == given.keys()
            and all(_same_keys(sent[key], item) for key, item in given.items())
        )
    if isinstance(given, list):
        return (
            isinstance(sent, list)
            and len(sent) == len(given)
            and all(_same_keys(a, b) for a, b in zip(sent, given, strict=True))
        )
    return True
