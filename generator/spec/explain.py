"""The upstream validator's messages on a `default` or an `enum`, in words a reviewer acts on."""

from __future__ import annotations

from typing import Any


def explain(err: Any, pointer: str | None) -> str:
    """The validator's message, in words for a ``default`` or ``enum`` that does not fit.

    Its own text for a list default on an item schema reads "['text', 'audio'] is not one of
    ['text', 'audio']", which says neither which value is wrong nor why.
    """
    value, rule = err.instance, err.validator_value
    is_default = (pointer or "").endswith("/default")
    if is_default and isinstance(value, list) and (pointer or "").endswith("/items/default"):
        return (
            f"default {value!r} is a list, but it sits on the item schema of an array, which "
            "describes one element: a list default belongs on the array schema, one level up"
        )
    if err.validator == "enum" and isinstance(rule, list):
        allowed = ", ".join(repr(v) for v in rule)
        what = "default" if is_default else "value"
        return f"{what} {value!r} is not one of the values the enum allows ({allowed})"
    if is_default and value is None:
        return "default null (None) on a schema that is not nullable: add nullable: true"
    if is_default and err.validator == "type":
        return f"default {value!r} is not of the schema's type {rule!r}"
    return str(err.message)
