"""Request bodies and model fields given as plain dicts (the TypedDict twins), checked.

mypy checks a dict literal against its TypedDict twin; at run time a dict may still come
from anywhere, so it is decoded into the models and must come out the same: a required key
left out, a key a closed model does not declare, or a value no union branch takes is a
``ValueError`` naming where, before the request leaves. A model instance is sent as it is.
A key an open model does not declare is kept (in ``additional_properties``) and sent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .serde import DECODE_FAILURES, failure_text, strictly, to_data
from .types import UNSET

__all__ = ["build_models", "request_data"]


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
        raise ValueError(
            f"the request body does not fit the spec: {failure_text(exc)}"
        ) from None
    missing = _missing(decoded, "")
    if missing:
        raise ValueError(f"the request body lacks a required key: {missing}")
    moved = _moved_key(to_data(decoded), data, "")
    if moved is not None:
        raise ValueError(
            f"the request body does not fit the spec: {_undeclared(moved)}"
        )
    return data


def build_models(model: Any, fields: tuple[tuple[str, str], ...]) -> None:
    """Turn the fields of ``model`` given in dict form into the models they stand for.

    ``fields`` are (attribute, JSON key) pairs. Each one holding a dict is decoded as the
    model's from_dict decodes that key, strictly, and checked as a body is: so the attribute
    holds models, as its type says, and a wrong dict fails here, naming its JSON pointer.
    """
    for name, key in fields:
        value = getattr(model, name)
        # UNSET first: most fields of most models are left out, and models are built often.
        if value is not UNSET and _holds_dict(value):
            setattr(model, name, _field_value(type(model), name, key, value))


def _field_value(cls: Any, name: str, key: str, value: Any) -> Any:
    where = f"{cls.__name__}.{name}"
    data = {key: to_data(value)}
    try:
        # Through the model's own from_dict: its failure names the pointer, list items too.
        decoded = getattr(strictly(lambda: cls.from_dict(data)), name)
    except DECODE_FAILURES as exc:
        raise ValueError(
            f"{where} does not fit the spec: {failure_text(exc)}"
        ) from None
    missing = _missing(decoded, where)
    if missing:
        raise ValueError(f"{where} lacks a required key: {missing}")
    moved = _moved_key({key: to_data(decoded)}, data, "")
    if moved is not None:
        raise ValueError(f"{where} does not fit the spec: {_undeclared(moved)}")
    return decoded


def _holds_dict(value: Any) -> bool:
    """Whether a plain dict stands for a model somewhere in ``value`` (outside the models)."""
    if isinstance(value, dict):
        return True
    # A tuple of types, not ``list | tuple``: isinstance on a union is several times slower.
    if isinstance(value, (list, tuple)):  # noqa: UP038
        return any(_holds_dict(item) for item in value)
    return False


def _undeclared(pointer: str) -> str:
    return (
        f"at {pointer or '/'}: a key or value the spec does not declare there "
        "(look for a misspelt key)"
    )


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


def _moved_key(sent: Any, given: Any, pointer: str) -> str | None:
    """The JSON pointer where the decoded body lost or moved a key the caller gave, or None.

    Values may differ in spelling (a date-time written back in another form); a key the
    models dropped (undeclared in a closed schema) or moved may not.
    """
    if isinstance(given, dict):
        if not isinstance(sent, dict):
            return pointer
        for key, item in given.items():
            where = pointer + "/" + str(key).replace("~", "~0").replace("/", "~1")
            if key not in sent:
                return where
            found = _moved_key(sent[key], item, where)
            if found is not None:
                return found
        return None if sent.keys() == given.keys() else pointer
    if isinstance(given, list):
        if not isinstance(sent, list) or len(sent) != len(given):
            return pointer
        for index, (a, b) in enumerate(zip(sent, given, strict=True)):
            found = _moved_key(a, b, f"{pointer}/{index}")
            if found is not None:
                return found
    return None
