"""The upstream validator's messages on a `default` or an `enum`, in words a reviewer acts on."""

from __future__ import annotations

import re
from typing import Any

# A pointer into a default: the default itself, or one of its items ("/default/1").
_IN_DEFAULT = re.compile(r"/default(/\d+)?$")


def explain(err: Any, pointer: str | None) -> str:
    """The validator's message, in words for a ``default`` or ``enum`` that does not fit.

    Its own text for a list default on an item schema reads "['text', 'audio'] is not one of
    ['text', 'audio']", which says neither which value is wrong nor why; for a schema the
    meta-schema rejects (an empty ``enum``) it prints the whole schema.
    """
    if err.validator in ("oneOf", "anyOf") and isinstance(err.instance, dict) and err.context:
        leaf = _deepest(err)
        where = _path(leaf)[len(_path(err)) :].lstrip("/")
        kinds = [r["$ref"].rsplit("/", 1)[-1] for r in err.validator_value if _is_ref(r)]
        what = " or ".join(kinds) or "value"
        return f"not a valid {what}: at {where or '.'}: {explain(leaf, '/' + where)}"
    value, rule = err.instance, err.validator_value
    found = _IN_DEFAULT.search(pointer or "")
    is_default = found is not None
    if is_default and isinstance(value, list) and (pointer or "").endswith("/items/default"):
        return (
            f"default {value!r} is a list, but it sits on the item schema of an array, which "
            "describes one element: a list default belongs on the array schema, one level up"
        )
    if err.validator == "enum" and isinstance(rule, list):
        allowed = ", ".join(repr(v) for v in rule)
        what = "value"
        if found is not None:
            what = f"item {found.group(1)[1:]} of the default" if found.group(1) else "default"
        return f"{what} {value!r} is not one of the values the enum allows ({allowed})"
    if err.validator == "minItems" and (pointer or "").endswith("/enum") and value == []:
        return "enum [] lists no value: an enum needs at least one (leave it out to allow any)"
    if is_default and value is None:
        return "default null (None) on a schema that is not nullable: add nullable: true"
    if is_default and err.validator == "type":
        return f"default {value!r} is not of the schema's type {rule!r}"
    return str(err.message)


def _deepest(err: Any) -> Any:
    """Of the errors under a failed ``oneOf``/``anyOf``, the one deepest in the document."""
    leaves = [_deepest(c) if c.context else c for c in err.context]
    return max(leaves, key=lambda e: len(e.absolute_path))


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def _path(err: Any) -> str:
    """The error's place as a JSON pointer without its leading slash (keys escaped: ``~1``)."""
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in err.absolute_path)
