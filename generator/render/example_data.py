"""Example JSON for the shipped tests: the spec's own when it fits the type, else the smallest
data that does (required keys only, the first enum value, the first branch of a union)."""

from __future__ import annotations

import ast
import json
from collections.abc import Mapping
from typing import Any

from oapigen import ir

_PLAIN = {
    "str": "string",
    "int": 0,
    "float": 0.0,
    "bool": False,
    "Any": None,
    "datetime.datetime": "2024-01-01T00:00:00Z",
    "datetime.date": "2024-01-01",
}
_MAX_DEPTH = 6
# The JSON each primitive hint decodes from (a bool is no number in JSON).
_JSON_KINDS = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "datetime.datetime": lambda v: isinstance(v, str),
    "datetime.date": lambda v: isinstance(v, str),
}
_SUBSCRIPTS = ("Literal", "list", "dict")
# Checking follows the example's own nesting, so it ends; the bound only stops alias cycles.
_FIT_DEPTH = 64


def _branches(node: ast.expr) -> list[str]:
    """The members of a ``A | B | C`` hint."""
    if isinstance(node, ast.BinOp):
        return _branches(node.left) + _branches(node.right)
    return [ast.unparse(node)]


def _literal(text: str | None) -> Any:
    """A Python literal from the IR, or None when it is absent or not a plain literal."""
    try:
        return ast.literal_eval(text) if text is not None else None
    except (ValueError, SyntaxError):  # e.g. a YAML date: datetime.date(2024, 1, 1)
        return None


def _literal_values(hint: str) -> tuple[Any, ...]:
    """The values of a ``Literal[...]`` hint."""
    node = ast.parse(hint, mode="eval").body
    if not isinstance(node, ast.Subscript):
        return ()
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return tuple(ast.literal_eval(e) for e in elements)


class ExampleData:
    """Example JSON for models: the spec's own, else the smallest object with the required keys."""

    def __init__(self, client: ir.Client, *, fill_lists: bool = False) -> None:
        """Index the client's models and aliases by name.

        ``fill_lists``: a list gets one item rather than none, so that what is sent shows how
        its items travel (a form body's ``line_items[0][price]``).
        """
        models = {m.name: m for m in client.models}
        aliases = {a.name: a for a in client.aliases}
        self.models: Mapping[str, ir.Model] = models
        self.aliases: Mapping[str, ir.Alias] = aliases
        self.fill_lists = fill_lists

    def is_model(self, hint: str) -> bool:
        """Whether ``hint`` names a generated dataclass, or an alias that is one at run time."""
        alias = self.aliases.get(hint)
        return hint in self.models or (alias is not None and alias.runtime_target is not None)

    def decoder_for(self, hint: str) -> tuple[str | None, str | None]:
        """(models module, decoder function) of an alias whose data needs converting."""
        alias = self.aliases.get(hint)
        if alias is None or alias.runtime_target is not None or not alias.type.needs_decode:
            return None, None
        return alias.module, f"{alias.snake}_from_data"

    def model_json(self, model: ir.Model) -> str:
        """The JSON text a model's round-trip test uses."""
        return json.dumps(self.example_for(model.name, model.example_json))

    def example_for(self, hint: str, example_json: str | None) -> Any:
        """The spec's example when it fits ``hint``, else the smallest data that does."""
        if example_json is not None:
            example = json.loads(example_json)
            if self.fits(hint, example):
                return example
        return self.data(hint)

    def fits(self, hint: str, value: Any, depth: int = 0) -> bool:
        """Whether ``value`` is JSON the client decodes as ``hint``: the keys the models
        require, the JSON type of each primitive, a branch of each union.

        The spec's examples do not always fit (the 2026-08-21 RunObject example lacks
        ``required_action``; Cloudflare's ``lists_item`` example is none of its branches), and
        a strict client rightly refuses them.
        """
        if depth > _FIT_DEPTH:
            return True
        node = ast.parse(hint.strip(), mode="eval").body
        # An optional field's UNSET is no JSON value: the example must fit the rest.
        branches = [b for b in _branches(node) if b != "Unset"]
        if value is None:  # a field's decoder lets null through (see _fits_container)
            return True
        if len(branches) > 1:  # a union: the branch its constants name must fit
            branches = [b for b in branches if b != "None"]
            claimed = [b for b in branches if self._claims(b, value)]
            return any(self.fits(b, value, depth + 1) for b in claimed or branches)
        return self._fits_one(branches[0] if branches else "Any", value, depth)

    def _fits_one(self, base: str, value: Any, depth: int) -> bool:
        """``fits`` for a hint that is no union."""
        if base in _JSON_KINDS:
            return _JSON_KINDS[base](value)
        node = ast.parse(base, mode="eval").body
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in {"list", "dict"}:
            return self._fits_container(node, value, depth)
        alias = self.aliases.get(base)
        # An alias's type names itself; what it stands for is the hint it was built from.
        if alias is not None and alias.runtime_hint != base:
            return self.fits(alias.runtime_hint, value, depth + 1)
        model = self.models.get(base)
        return model is None or self._fits_model(model, value, depth)

    def _fits_container(self, node: ast.Subscript, value: Any, depth: int) -> bool:
        if ast.unparse(node.value) == "list":
            item = ast.unparse(node.slice)
            return isinstance(value, list) and all(self._fits_item(item, v, depth) for v in value)
        elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        item = ast.unparse(elements[-1])
        return isinstance(value, dict) and all(
            self._fits_item(item, v, depth) for v in value.values()
        )

    def _fits_item(self, hint: str, value: Any, depth: int) -> bool:
        """An element of a list or dict: there a model's decoder refuses null."""
        if value is None:
            branches = _branches(ast.parse(hint, mode="eval").body)
            return "None" in branches or not any(b in self.models for b in branches)
        return self.fits(hint, value, depth + 1)

    def _fits_model(self, model: ir.Model, value: Any, depth: int) -> bool:
        if not isinstance(value, dict):
            return False
        return all(
            (
                self.fits(f.type.hint, value[f.wire_name], depth + 1)
                if f.wire_name in value
                else not f.required
            )
            for f in model.fields
        )

    def _claims(self, hint: str, value: Any) -> bool:
        """Whether the model ``hint`` has required constants (``type: message``) ``value`` has."""
        model = self.models.get(hint)
        if model is None or not isinstance(value, dict):
            return False
        constants = [f for f in model.fields if f.required and f.type.hint.startswith("Literal[")]
        return bool(constants) and all(
            value.get(f.wire_name) in _literal_values(f.type.hint) for f in constants
        )

    def data(self, hint: str, depth: int = 0) -> Any:
        """Plain JSON data fitting ``hint`` (as far as the hint tells)."""
        hint = hint.strip()
        if hint.endswith("| None") or depth > _MAX_DEPTH or hint in _PLAIN:
            return _PLAIN.get(hint)
        node = ast.parse(hint, mode="eval").body
        if isinstance(node, ast.BinOp):  # a union: its first branch
            return self.data(_branches(node)[0], depth + 1)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) in _SUBSCRIPTS:
            return self._subscript_data(node, depth)
        if hint in self.models:
            return self._model_data(self.models[hint], depth)
        return self._alias_data(self.aliases[hint], depth) if hint in self.aliases else None

    def _subscript_data(self, node: ast.Subscript, depth: int) -> Any:
        """Data of ``Literal[...]`` (its first value), ``list[...]`` and ``dict[...]``."""
        kind = ast.unparse(node.value)
        if kind == "Literal":
            return _literal_values(ast.unparse(node))[0]
        if kind == "list" and self.fill_lists:
            return [self.data(ast.unparse(node.slice), depth + 1)]
        return [] if kind == "list" else {}

    def _alias_data(self, alias: ir.Alias, depth: int) -> Any:
        example = json.loads(alias.example_json) if alias.example_json is not None else None
        if example is not None and self.fits(alias.name, example):
            return example
        if alias.enum_values:
            return ast.literal_eval(alias.enum_values[0])
        return (
            self.data(alias.runtime_hint, depth + 1) if alias.runtime_hint != alias.name else None
        )

    def _model_data(self, model: ir.Model, depth: int) -> dict[str, Any]:
        if model.example_json is not None and self.fits(model.name, json.loads(model.example_json)):
            return dict(json.loads(model.example_json))
        out: dict[str, Any] = {}
        for f in model.fields:
            if not f.required:
                continue
            example = _literal(f.example_repr)
            if example is not None and self.fits(f.type.hint, example):
                out[f.wire_name] = example
            elif f.enum_values:
                out[f.wire_name] = ast.literal_eval(f.enum_values[0])
            else:
                out[f.wire_name] = self.data(f.type.hint, depth + 1)
        return out
