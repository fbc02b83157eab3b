"""Example values for the docs: from the spec's examples when it has them, else synthesised.

The value is built once as a small tree and then spelt in Python or Ruby, so both flavours show
the same data.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oapigen import ir

_WIDTH = 88
# Nesting limit: deep enough for the required chains of real specs, finite for recursive ones.
_DEPTH = 12
# The type of a received value no union branch fits: never part of an example.
_UNKNOWN = "serde.UnknownVariant"
_PLAIN_WORDS = frozenset({"int", "float", "str", "bool", "None", "list", "dict", "Any", _UNKNOWN})
_PLACEHOLDERS: dict[str, Any] = {
    "int": 56,
    "float": 3.4,
    "bool": True,
    "str": None,
    "dict[str, Any]": {},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """A value to show: a model built field by field, a list of them, or plain JSON data."""

    model: str | None = None
    fields: tuple[tuple[str, Example], ...] = ()
    extra: dict[str, Any] | None = None
    items: tuple[Example, ...] | None = None
    value: Any = None
    raw: bool = False  # a model whose data only ``from_dict`` can turn into field values


class Examples:
    """Builds example trees for the models of one client."""

    def __init__(self, client: ir.Client) -> None:
        """Index the client's models, aliases and request-body examples."""
        models = {m.name: m for m in client.models}
        aliases = {a.name: a.type.hint for a in client.aliases}
        # A model used as a request body can borrow that operation's x-oaiMeta example.
        body_examples: dict[str, str] = {}
        for api in client.apis:
            for op in api.operations:
                if op.body is not None and op.body.example_json is not None:
                    body_examples.setdefault(_bare(op.body.type.hint), op.body.example_json)
        self.models: Mapping[str, ir.Model] = models
        self.aliases: Mapping[str, str] = aliases
        self.body_examples: Mapping[str, str] = body_examples

    def for_model(self, model: ir.Model, *, required_only: bool = False) -> Example:
        """The model's own spec example, else a synthesised one."""
        for source in (model.example_json, self.body_examples.get(model.name)):
            data = json.loads(source) if source is not None and not required_only else None
            if isinstance(data, dict):
                return self.from_data(model.name, data, 0)
        return self.synthesise(model, required_only=required_only, depth=0)

    def for_body(self, body: ir.Body, *, required_only: bool = False) -> Example:
        """An operation's request body: its x-oaiMeta example, else its model's example."""
        name = _bare(body.type.hint)
        if body.example_json is not None and not required_only:
            return self.from_data(name, json.loads(body.example_json), 0)
        if name in self.models:
            return self.for_model(self.models[name], required_only=required_only)
        return Example(value=placeholder(name, body.py_name))

    def from_data(self, hint: str, data: Any, depth: int) -> Example:
        """JSON data shaped as ``hint``: models become constructor calls."""
        name = self._expand(_bare(hint))
        model = self.models.get(name)
        if model is not None and isinstance(data, dict) and depth < _DEPTH:
            by_wire = {f.wire_name: f for f in model.fields}
            data = {k: v for k, v in data.items() if k not in by_wire or not by_wire[k].secret}
            if not all(self._spellable(by_wire[k].type.hint) for k in data if k in by_wire):
                return Example(model=name, value=data, raw=True)
            fields = tuple(
                (
                    by_wire[key].py_name,
                    self.from_data(by_wire[key].type.hint, value, depth + 1),
                )
                for key, value in data.items()
                if key in by_wire
            )
            missing = [f for f in model.fields if f.required and f.wire_name not in data]
            fields += tuple((f.py_name, self.field_value(f, depth + 1)) for f in missing)
            extra = {k: v for k, v in data.items() if k not in by_wire and not model.closed}
            return Example(model=name, fields=fields, extra=extra or None)
        inner = re.fullmatch(r"list\[(\w+)\]", name)
        if inner and inner.group(1) in self.models and isinstance(data, list):
            return Example(items=tuple(self.from_data(inner.group(1), v, depth + 1) for v in data))
        return Example(value=data)

    def _spellable(self, hint: str) -> bool:
        """Whether JSON data for ``hint`` can be written as Python values and constructors."""
        name = self._expand(_bare(hint))
        inner = re.fullmatch(r"list\[(\w+)\]", name)
        if name in self.models or (inner and inner.group(1) in self.models):
            return True
        words = set(re.findall(r"[A-Za-z_][\w.]*", re.sub(r"Literal\[[^\]]*\]", "", name)))
        return words <= _PLAIN_WORDS

    def synthesise(self, model: ir.Model, *, required_only: bool, depth: int) -> Example:
        """Required fields, and unless ``required_only`` every optional plain field too."""
        chosen = [
            f
            for f in model.fields
            if not f.secret
            and (f.required or (not required_only and _bare(f.type.hint) not in self.models))
            and (f.required or (not f.type.refs and self._spellable(f.type.hint)))
        ]
        return Example(
            model=model.name,
            fields=tuple((f.py_name, self.field_value(f, depth + 1)) for f in chosen),
        )

    def field_value(self, field: ir.Field, depth: int) -> Example:
        """A field's example, else its default, else its first enum value, else a placeholder."""
        for source in (field.example_repr, field.default_repr):
            if source is not None and self._spellable(field.type.hint):
                return self.from_data(field.type.hint, ast.literal_eval(source), depth)
        if field.enum_values:
            return Example(value=ast.literal_eval(field.enum_values[0]))
        return self.for_hint(field.type.hint, field.wire_name, depth)

    def for_hint(self, hint: str, wire: str, depth: int) -> Example:
        """A made-up value of type ``hint``: models are built from their required fields."""
        name = self._expand(_bare(hint))
        inner = re.fullmatch(r"list\[(.+)\]", name)
        if name in self.models:
            if depth >= _DEPTH:
                return Example(value=None)
            return self.synthesise(self.models[name], required_only=True, depth=depth)
        if inner:
            return Example(items=(self.for_hint(inner.group(1), wire, depth + 1),))
        options = branches(name)
        if len(options) > 1:
            plain = [o for o in options if self._spellable(o) and o not in self.models]
            return self.for_hint((plain or options)[0], wire, depth)
        return Example(value=placeholder(name, wire))

    def _expand(self, hint: str) -> str:
        """``hint`` with alias names replaced by what they stand for."""
        for _ in range(_DEPTH):
            if not any(word in self.aliases for word in re.findall(r"[A-Za-z_]\w*", hint)):
                break
            hint = re.sub(r"[A-Za-z_]\w*", lambda m: self.aliases.get(m.group(), m.group()), hint)
        return hint


def _bare(hint: str) -> str:
    return hint.removesuffix(" | None")


def branches(hint: str) -> list[str]:
    """The top-level ``|`` alternatives of a type hint (a union's unknown variant left out)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(hint):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(hint[start:i].strip())
            start = i + 1
    parts.append(hint[start:].strip())
    return [part for part in parts if part != _UNKNOWN] or parts


def placeholder(hint: str, wire: str) -> Any:
    """A type-appropriate stand-in value for ``hint``."""
    hint = branches(hint)[0]
    if hint in _PLACEHOLDERS and _PLACEHOLDERS[hint] is not None:
        return _PLACEHOLDERS[hint]
    literal = re.match(r"Literal\[('(?:[^'\\]|\\.)*'|-?\d+)", hint)
    if literal:
        return ast.literal_eval(literal.group(1))
    inner = re.fullmatch(r"list\[(.+)\]", hint)
    if inner:
        item = placeholder(inner.group(1), wire)
        return [item] if isinstance(item, int | float | str) else []
    return f"{wire}_example"


def python(example: Example, *, indent: int = 0) -> str:
    """The example as a Python expression (constructor calls with keyword arguments)."""
    if example.items is not None:
        return _wrap("[", [python(i, indent=indent + 4) for i in example.items], "]", indent)
    if example.model is None:
        return repr(example.value)
    if example.raw:
        return f"{example.model}.from_dict({example.value!r})"
    args = [f"{name}={python(value, indent=indent + 4)}" for name, value in example.fields]
    if example.extra:
        args.append(f"additional_properties={example.extra!r}")
    return _wrap(f"{example.model}(", args, ")", indent)


def ruby(example: Example, module: str) -> str:
    """The example as a Ruby expression, as OpenAPI Generator's Ruby docs write it."""
    if example.items is not None:
        return "[" + ", ".join(ruby(i, module) for i in example.items) + "]"
    if example.model is None:
        return ruby_literal(example.value)
    pairs = [f"{name.rstrip('_')}: {ruby(value, module)}" for name, value in example.fields]
    return f"{module}::{example.model}.new({{{', '.join(pairs)}}})"


def model_names(example: Example) -> set[str]:
    """Every model the expression constructs (to import them)."""
    names = {example.model} if example.model else set()
    for _, value in example.fields:
        names |= model_names(value)
    for item in example.items or ():
        names |= model_names(item)
    return names


def _wrap(opening: str, parts: list[str], closing: str, indent: int) -> str:
    flat = opening + ", ".join(parts) + closing
    if len(flat) + indent <= _WIDTH and "\n" not in flat:
        return flat
    pad = " " * (indent + 4)
    return opening + "\n" + "".join(f"{pad}{p},\n" for p in parts) + " " * indent + closing


def ruby_literal(value: Any) -> str:
    """A JSON value as a Ruby literal (strings single-quoted, as OAG writes them)."""
    if isinstance(value, list):
        return "[" + ", ".join(ruby_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{ruby_literal(str(k))} => {ruby_literal(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if value is None or isinstance(value, bool):
        return {None: "nil", True: "true", False: "false"}[value]
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"
