"""Names of a union's inline branches: from what tells them apart, never their position.

``ChatCompletionStreamOptionsOneOf0`` says nothing; a branch is named, after its union, from
the first of these that sets it apart from its siblings: its discriminator value (the
declared ``discriminator``, else a property pinned to one value, ``type`` first), its
``title``, its single property, its kind of value. Only a branch nothing sets apart gets its
position (``Option2``), 1-based as people count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from oapigen.ir import naming

# (branch schema, property) -> the one string the branch allows for it (unions.pinned_value).
Pinned = Callable[[Any, str], "str | None"]

_KINDS = {"array": "List", "string": "Text", "integer": "Integer", "number": "Number"}
_KINDS |= {"boolean": "Flag", "object": "Object"}


def branch_suffixes(
    branches: list[Any], disc: dict[str, Any] | None, pinned: Pinned, *, parent_named: bool
) -> list[str]:
    """The suffix of each branch's name, in order; unique among the branches.

    The one branch beside null (``anyOf: [{...}, {type: null}]``) takes the union's own name,
    unless the union has a module of its own under that name (``parent_named``).
    """
    others = [b for b in branches if not _is_null(b)]
    if len(branches) < 2 or (len(others) == 1 and not parent_named):
        return [""] * len(branches)
    if len(others) == 1:
        # Nothing to tell apart: what the value is says most (a property would mislead).
        only = others[0]
        named = (
            naming.pascal(_text(only.get("title")) or _kind(only)) if isinstance(only, dict) else ""
        )
        return [named or "Value" if b is only else "" for b in branches]
    prop = disc.get("propertyName") if disc else None
    rules: list[Callable[[Any], str]] = [
        lambda b: _pinned_tag(b, prop, pinned),
        lambda b: _text(b.get("title")),
        _single_property,
        _kind,
    ]
    chosen: list[str | None] = [None] * len(branches)
    taken: set[str] = set()
    for rule in rules:
        found = [naming.pascal(rule(b)) if isinstance(b, dict) else "" for b in branches]
        counts = Counter(found)
        for i, name in enumerate(found):
            if chosen[i] is None and name and counts[name] == 1 and name not in taken:
                chosen[i] = name
                taken.add(name)
    result = []
    for i, picked in enumerate(chosen):
        fallback = f"Option{i + 1}"
        result.append(picked or (fallback if fallback not in taken else f"Branch{i + 1}"))
    return result


def _pinned_tag(branch: dict[str, Any], prop: Any, pinned: Pinned) -> str:
    if isinstance(prop, str):
        return pinned(branch, prop) or ""
    props = branch.get("properties")
    keys = [str(k) for k in props] if isinstance(props, dict) else []
    # OpenAI's unions often declare no discriminator, but each branch pins ``type``.
    for key in sorted(keys, key=lambda k: k != "type"):
        value = pinned(branch, key)
        if value:
            return value
    return ""


def _single_property(branch: dict[str, Any]) -> str:
    props = branch.get("properties")
    if isinstance(props, dict) and len(props) == 1:
        return str(next(iter(props)))
    return ""


def _kind(branch: dict[str, Any]) -> str:
    kind = branch.get("type")
    if kind == "array":
        # Two lists in one union (of strings, of objects) are told apart by their items.
        items = branch.get("items")
        inner = _kind(items) if isinstance(items, dict) else ""
        if isinstance(items, dict) and ("oneOf" in items or "anyOf" in items):
            inner = "Mixed"
        return inner + "List"
    return _KINDS.get(kind, "") if isinstance(kind, str) else ""


def _is_null(branch: Any) -> bool:
    return isinstance(branch, dict) and branch.get("type") == "null"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
