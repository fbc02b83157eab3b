"""Lenient mode: drop what the builder cannot walk, and say so, before the builder sees it.

Under ``--lenient`` the upstream validator's findings are warnings, so the document may hold
data of the wrong type (``servers`` a mapping, ``responses`` a list, ``type: []``). The builder
is written for well-typed data only: here every field it reads is checked against the type
the OpenAPI schema gives it, and a field of the wrong type is dropped (a list keeps its good
entries). The document is never changed in place (the upstream validator may be reading it):
only the nodes on the way to a repair are copied.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from oapigen.diagnostics import Collector
from oapigen.spec.pointer import iter_refs, join, lookup, ref_pointer, split

# A field is (how it is shaped, what it holds): "one" a single value, "list" a list of
# values, "map" a mapping of names to values. What it holds is a kind below or a scalar.
Field = tuple[str, str]
_SCALARS: Final[dict[str, tuple[Callable[[Any], bool], str]]] = {
    "str": (lambda v: isinstance(v, str), "a string"),
    "bool": (lambda v: isinstance(v, bool), "true or false"),
    "any": (lambda v: True, "anything"),
    "mapping": (lambda v: isinstance(v, dict), "a mapping"),
    "list": (lambda v: isinstance(v, list), "a list"),
    "number": (lambda v: isinstance(v, int | float) and not isinstance(v, bool), "a number"),
}
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")
_KINDS: Final[dict[str, dict[str, Field]]] = {
    "document": {
        "info": ("one", "mapping"),
        "servers": ("list", "server"),
        "paths": ("map", "path_item"),
        "components": ("one", "components"),
        "tags": ("list", "tag"),
        "security": ("list", "mapping"),
    },
    "server": {"url": ("one", "str"), "variables": ("map", "mapping")},
    "tag": {"name": ("one", "str"), "description": ("one", "str")},
    "components": {
        "schemas": ("map", "schema"),
        "responses": ("map", "response"),
        "parameters": ("map", "parameter"),
        "requestBodies": ("map", "request_body"),
        "headers": ("map", "mapping"),
        "securitySchemes": ("map", "security_scheme"),
    },
    "security_scheme": {f: ("one", "str") for f in ("type", "scheme", "in", "name")},
    "path_item": {
        "parameters": ("list", "parameter"),
        **{m: ("one", "operation") for m in ("get", "put", "post", "delete")},
        **{m: ("one", "operation") for m in ("options", "head", "patch", "trace")},
    },
    "operation": {
        "operationId": ("one", "str"),
        "tags": ("list", "str"),
        "summary": ("one", "str"),
        "description": ("one", "str"),
        "deprecated": ("one", "bool"),
        "parameters": ("list", "parameter"),
        "requestBody": ("one", "request_body"),
        "responses": ("one", "responses"),
        "security": ("list", "mapping"),
    },
    "parameter": {
        "name": ("one", "str"),
        "in": ("one", "str"),
        "required": ("one", "bool"),
        "deprecated": ("one", "bool"),
        "description": ("one", "str"),
        "style": ("one", "str"),
        "explode": ("one", "bool"),
        "schema": ("one", "schema"),
        "content": ("map", "media"),
    },
    "request_body": {
        "description": ("one", "str"),
        "required": ("one", "bool"),
        "content": ("map", "media"),
    },
    "response": {
        "description": ("one", "str"),
        "content": ("map", "media"),
        "headers": ("map", "mapping"),
    },
    "media": {"schema": ("one", "schema")},
    "schema": {
        "format": ("one", "str"),
        "title": ("one", "str"),
        "description": ("one", "str"),
        "required": ("list", "str"),
        "enum": ("one", "list"),
        "properties": ("map", "schema"),
        "items": ("one", "schema"),
        "prefixItems": ("list", "schema"),
        "additionalProperties": ("one", "schema"),
        "not": ("one", "schema"),
        "discriminator": ("one", "discriminator"),
        **{f: ("one", "bool") for f in ("nullable", "readOnly", "writeOnly", "deprecated")},
        **{f: ("list", "schema") for f in _SCHEMA_LISTS},
    },
    "discriminator": {"propertyName": ("one", "str"), "mapping": ("map", "str")},
    "responses": {},  # keyed by status: see _Repair.responses
}
# Without these a node means nothing to the builder: it is dropped whole.
_NEEDS: Final[dict[str, tuple[str, ...]]] = {
    "parameter": ("name", "in"),
    "discriminator": ("propertyName",),
}
_JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})
_STATUS = re.compile(r"default|[1-5](?:[0-9]{2}|XX)|x-.*")
_DROP: Final = object()
_MAX_REF_CHAIN = 64


def repair(document: Any, diags: Collector) -> Any:
    """The document with every wrongly typed field the builder reads dropped, one warning each."""
    fixed = _Repair(diags).node(document, "document")
    # A dropped node can be the target of refs, and a ref holder the target of others.
    for _ in range(_MAX_REF_CHAIN):
        dangling = _dangling_refs(fixed) if fixed is not document else []
        if not dangling:
            break
        doomed: dict[str, Any] = {}
        for pointer, ref in dangling:
            diags.warning(pointer, "repaired", f"dropped: its $ref {ref!r} was dropped")
            _doom(doomed, split(pointer))
        fixed = _prune(fixed, doomed)
    return fixed


def _dangling_refs(document: Any) -> list[tuple[str, str]]:
    """Every ref (with the pointer of its holder) that no longer resolves."""
    found = []
    for pointer, ref in iter_refs(document):
        target = ref_pointer(ref) if isinstance(ref, str) else None
        try:
            if pointer and target is not None:
                lookup(document, target)
        except KeyError:
            found.append((pointer, ref))
    return found


def _doom(trie: dict[str, Any], tokens: list[str]) -> None:
    """Mark a path for removal in a trie of paths."""
    for token in tokens[:-1]:
        below = trie.setdefault(token, {})
        if below is _DROP:
            return  # an ancestor goes already
        trie = below
    trie[tokens[-1]] = _DROP


def _prune(node: Any, trie: dict[str, Any]) -> Any:
    """``node`` without the paths of ``trie``; only what is on the way to one is copied."""
    if isinstance(node, dict):
        items = [(k, k, v) for k, v in node.items()]
    elif isinstance(node, list):
        items = [(str(i), i, v) for i, v in enumerate(node)]
    else:
        return node
    kept = [
        (key, v if trie.get(token) is None else _prune(v, trie[token]))
        for token, key, v in items
        if trie.get(token) is not _DROP
    ]
    return dict(kept) if isinstance(node, dict) else [v for _, v in kept]


class _Repair:
    """One walk over the document, reporting into a collector.

    The path is one list, pushed and popped: a pointer is only spelt for a warning (spelling
    one per node took most of the time of a walk over the 3 MB OpenAI document).
    """

    def __init__(self, diags: Collector) -> None:
        self.diags = diags
        self.path: list[str | int] = []

    def dropped(self, message: str) -> object:
        """Report that the value at the current path is dropped; the marker to leave it out."""
        self.diags.warning(join("", *self.path), "repaired", f"dropped: {message}")
        return _DROP

    def node(self, value: Any, kind: str) -> Any:
        """``value`` repaired as a ``kind``, or _DROP when it cannot be one."""
        if kind in _SCALARS:
            check, what = _SCALARS[kind]
            return value if check(value) else self.dropped(f"{self.label()} must be {what}")
        if kind == "schema" and isinstance(value, bool):
            return value  # OpenAPI 3.1: true and false are schemas
        if not isinstance(value, dict):
            return self.dropped(f"{self.label()} must be a mapping")
        if "$ref" in value:
            return value  # refs were checked to resolve; the target is repaired where it is
        fixed = self.fields(value, kind)
        missing = [name for name in _NEEDS.get(kind, ()) if name not in fixed]
        if missing:
            return self.dropped(f"{self.label()} needs {' and '.join(missing)}")
        return fixed

    def fields(self, node: dict[str, Any], kind: str) -> dict[str, Any]:
        """``node`` with its known fields repaired; the same object when nothing changed."""
        table = _KINDS[kind]
        changed: dict[str, Any] = {}
        for name, value in node.items():
            if name in table or (name == "type" and kind == "schema") or kind == "responses":
                self.path.append(name)
                fixed = self.field(value, name, kind)
                self.path.pop()
                if fixed is not value:
                    changed[name] = fixed
        if not changed:
            return node
        return {k: changed.get(k, v) for k, v in node.items() if changed.get(k, v) is not _DROP}

    def field(self, value: Any, name: str, kind: str) -> Any:
        """One field of a ``kind``: a value, a list of them or a mapping of them."""
        if kind == "responses":
            return self.response(value, name)
        if kind == "schema" and name == "type":
            return self.schema_type(value)
        return self.shaped(value, *_KINDS[kind][name])

    def shaped(self, value: Any, shape: str, holds: str) -> Any:
        """A value, a list of them or a mapping of them, as ``shape`` says."""
        if shape == "one":
            return self.node(value, holds)
        if shape == "list":
            return self.entries(value, holds)
        if not isinstance(value, dict):
            return self.dropped(f"{self.label()} must be a mapping")
        fixed = {k: self.entry(k, v, holds) for k, v in value.items()}
        if all(fixed[k] is v for k, v in value.items()):
            return value
        return {k: v for k, v in fixed.items() if v is not _DROP}

    def entry(self, key: str | int, value: Any, kind: str) -> Any:
        """One entry of a list or mapping, repaired as a ``kind``."""
        self.path.append(key)
        fixed = self.node(value, kind)
        self.path.pop()
        return fixed

    def entries(self, value: Any, holds: str) -> Any:
        """A list field: its good entries, dropped whole when it is no list."""
        if not isinstance(value, list):
            return self.dropped(f"{self.label()} must be a list")
        fixed = [self.entry(i, v, holds) for i, v in enumerate(value)]
        if all(new is old for new, old in zip(fixed, value, strict=True)):
            return value
        kept = [v for v in fixed if v is not _DROP]
        if not kept and self.path[-1] in _SCHEMA_LISTS:
            return self.dropped(f"{self.label()} has no schema left")
        return kept

    def response(self, value: Any, status: str) -> Any:
        """A response by status: a key that is no status, ``NXX`` or ``default`` is dropped."""
        if not _STATUS.fullmatch(status):
            return self.dropped(f"response status {status!r} is not a status code, NXX or default")
        return value if status.startswith("x-") else self.node(value, "response")

    def schema_type(self, value: Any) -> Any:
        """``type``: a JSON type name or (3.1) a non-empty list of them, unknown names left out."""
        if isinstance(value, str) and value in _JSON_TYPES:
            return value
        if not isinstance(value, list):
            return self.dropped("type must be a JSON type name or a list of them")
        kept = list(dict.fromkeys(v for v in value if isinstance(v, str) and v in _JSON_TYPES))
        if not kept:
            return self.dropped("type lists no JSON type")
        if kept != value:
            pointer = join("", *self.path)
            self.diags.warning(pointer, "repaired", f"kept only the JSON types {kept}")
            return kept
        return value

    def label(self) -> str:
        """The name the current path ends in; ``servers entry 0`` for an entry of a list."""
        if len(self.path) > 1 and isinstance(self.path[-1], int):
            return f"{self.path[-2]} entry {self.path[-1]}"
        return str(self.path[-1]) if self.path else "the document"
