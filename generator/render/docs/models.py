"""IR models and aliases -> the values their doc pages show: properties table, values, example."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from typing import Any

from oapigen import ir
from oapigen.render.docs import examples as docs_examples
from oapigen.render.docs.examples import Examples
from oapigen.render.docs.markdown import markdown
from oapigen.render.docs.type_text import type_markdown
from oapigen.render.docs.view import Row


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelView:
    """A model or alias page."""

    name: str
    variable: str
    description: str
    rows: tuple[Row, ...]
    type_hint: str
    values: tuple[str, ...]
    branches: tuple[str, ...]
    example: str
    imports: tuple[str, ...]
    alias: ir.Alias | None
    notes: tuple[str, ...] = ()


def model_view(examples: Examples, model: ir.Model) -> ModelView:
    """The Properties table and example of one model."""
    rows = tuple(
        Row(
            name=_field_name(f),
            type=type_markdown(f.type),
            description=f.description,
            notes=_field_notes(f),
        )
        for f in model.fields
    )
    example = examples.for_model(model)
    return ModelView(
        name=model.name,
        variable=model.module,
        description=model.description,
        rows=rows,
        type_hint="",
        values=(),
        branches=(),
        example=docs_examples.python(example),
        imports=tuple(sorted(docs_examples.model_names(example) | {model.name})),
        alias=None,
        notes=model_notes(model),
    )


def model_notes(model: ir.Model) -> tuple[str, ...]:
    """The rules a model page states below its table: unknown keys, read-only, write-only."""
    notes = [
        (
            (
                "The spec closes this object (`additionalProperties: false`): the model has no "
                "`additional_properties`, and keys it does not declare are dropped when decoding, "
                "so a server that adds a field does not break the client."
            )
            if model.closed
            else (
                "Keys the spec does not declare are kept in `additional_properties`, so nothing "
                "the server sends is lost."
            )
        )
    ]
    if any(f.read_only for f in model.fields):
        notes.append(
            "Fields marked [readonly] are set by the server: constructors do not ask for them "
            "and they are never sent in a request body (API methods leave them out, at any "
            "depth); `to_dict()` called directly keeps them."
        )
    if any(f.write_only for f in model.fields):
        notes.append(
            "Fields marked [write only] are only sent: responses leave them out, so on a "
            "decoded model they read as `UNSET`, even when a constructor requires them."
        )
    return tuple(notes)


def alias_view(alias: ir.Alias) -> ModelView:
    """An enum, union or other named type: its values or branches (finished Markdown)."""
    if alias.example_json is not None:
        value: Any = json.loads(alias.example_json)
    elif alias.enum_values:
        value = ast.literal_eval(alias.enum_values[0])
    else:
        value = docs_examples.placeholder(alias.type.hint, alias.snake)
    branches = docs_examples.branches(alias.type.hint)
    return ModelView(
        name=alias.name,
        variable=alias.snake,
        description=alias.description,
        rows=(),
        type_hint=_literal(alias.type.hint, table=False),
        values=tuple(_literal(v, table=False) for v in alias.enum_values),
        branches=(
            tuple(_literal(b, table=False) for b in branches)
            if len(branches) > 1 and not alias.enum_values
            else ()
        ),
        example=repr(value),
        imports=(),
        alias=alias,
    )


def _field_name(field: ir.Field) -> str:
    if field.py_name == field.wire_name:
        return f"**{field.py_name}**"
    return f"**{field.py_name}** (JSON {_literal(repr(field.wire_name))})"


def _field_notes(field: ir.Field) -> str:
    notes = []
    if not field.required:
        notes.append("[optional]")
    if field.default_repr is not None:
        notes.append(f"[default to {_literal(field.default_repr)}]")
    for flag, label in (
        (field.read_only, "[readonly]"),
        (field.write_only, "[write only]"),
        (field.deprecated, "[deprecated]"),
        (field.nullable, "[nullable]"),
        (field.secret, "[secret: masked in repr]"),
    ):
        if flag:
            notes.append(label)
    if field.enum_values:
        notes.append("Values: " + ", ".join(_literal(v) for v in field.enum_values))
    else:
        # None is said by [nullable]: "int | None" has no branches worth listing.
        parts = [p for p in docs_examples.branches(field.type.hint) if p != "None"]
        if len(parts) > 1:
            notes.append("One of: " + ", ".join(_literal(p) for p in parts))
    return " ".join(notes)


def _literal(code: str, *, table: bool = True) -> str:
    """A Python literal or type as code, unless a code span could not hold it (in a table)."""
    if "`" in code or (table and "|" in code):
        return markdown(code, "cell")
    return f"`{markdown(code, 'code')}`"
