"""Named schemas -> IR models (dataclasses) and aliases (type aliases)."""

from __future__ import annotations

from typing import Any

from oapigen import ir
from oapigen.build.alias_runtime import runtime_class, runtime_expression
from oapigen.build.context import ModuleContext
from oapigen.build.examples import schema_example
from oapigen.build.json_values import json_repr, json_text
from oapigen.build.names import Member, settle_members
from oapigen.build.registry import Named
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir import naming
from oapigen.ir.shapes import EnumShape, Shape, guard
from oapigen.spec.pointer import deref

# Field names the generated class itself uses.
_CLASS_NAMES = frozenset({"additional_properties", "to_dict", "from_dict", "to_json", "from_json"})


def build_named(
    builder: SchemaBuilder, *, secret_fields: frozenset[str]
) -> tuple[tuple[ir.Model, ...], tuple[ir.Alias, ...]]:
    """Build every registered schema, including the inline ones found while building."""
    models: list[ir.Model] = []
    aliases: list[ir.Alias] = []
    index = 0
    while index < len(builder.order):
        named = builder.order[index]
        index += 1
        if named.kind == "model":
            models.append(build_model(builder, named, secret_fields=secret_fields))
        else:
            aliases.append(build_alias(builder, named))
    return tuple(models), tuple(aliases)


def _field_name(name: str) -> str:
    return name + "_" if name in _CLASS_NAMES else name


def build_model(builder: SchemaBuilder, named: Named, *, secret_fields: frozenset[str]) -> ir.Model:
    """One dataclass from an object schema."""
    ctx = ModuleContext(named.module)
    parts = builder.object_parts(named.schema, named.pointer)
    fields: list[ir.Field] = []
    members = [
        Member(wire=wire, pointer=pointer, name=_field_name(naming.identifier(wire)))
        for wire, (pointer, _) in parts.properties.items()
    ]
    py_names = settle_members(
        members, kind="property", diags=builder.diags, renames=builder.renames, reserve=_field_name
    )
    for wire, (pointer, sub) in parts.properties.items():
        py_name = py_names[pointer]
        target, _ = deref(builder.document, sub)
        target = target if isinstance(target, dict) else {}
        shape = builder.shape(sub, pointer, ctx, named.name + naming.pascal(wire))
        fields.append(
            _field(
                wire,
                py_name,
                pointer=pointer,
                sub=sub,
                target=target,
                shape=shape,
                # The server sets a read-only field: whoever builds the model need not.
                required=wire in parts.required and target.get("readOnly") is not True,
                description=_field_description(builder.document, sub, target),
                secret_fields=secret_fields,
            )
        )
    extra_type, extra_decode, extra_encode, extra_refs = _extras(
        builder, named, parts.additional, ctx
    )
    return ir.Model(
        pointer=named.pointer,
        name=named.name,
        module=named.module,
        description=deprecated_note(parts.description, named.schema),
        deprecated=named.schema.get("deprecated") is True,
        fields=tuple(fields),
        extra_type=extra_type,
        extra_decode=extra_decode,
        extra_encode=extra_encode,
        extra_refs=extra_refs,
        match_checks=_match_checks(fields),
        helpers=tuple(ctx.helpers),
        imports=tuple(sorted(ctx.runtime_refs, key=naming.natural_key)),
        type_checking_imports=tuple(sorted(ctx.hint_refs, key=naming.natural_pair_key)),
        example_json=_example_json(builder, named),
        closed=builder.is_closed(named),
        twin=named.twin,
    )


def _field(
    wire: str,
    py_name: str,
    *,
    pointer: str,
    sub: Any,
    target: dict[str, Any],
    shape: Shape,
    required: bool,
    description: str,
    secret_fields: frozenset[str],
) -> ir.Field:
    # from_dict converts a value that is there and not null; an absent key reads as UNSET and
    # a null the spec does not allow is kept as it came (forward compatible).
    decode = None if shape.plain else shape.decode("_v", "_owned")
    nullable = shape.hint.endswith("| None") or target.get("nullable") is True
    enum_values = tuple(repr(v) for v in shape.values) if isinstance(shape, EnumShape) else ()
    return ir.Field(
        pointer=pointer,
        py_name=py_name,
        wire_name=wire,
        type=type_info(shape),
        required=required,
        nullable=nullable,
        secret=wire in secret_fields or target.get("format") == "password",
        read_only=target.get("readOnly") is True,
        write_only=target.get("writeOnly") is True,
        deprecated=target.get("deprecated") is True,
        description=deprecated_note(description, target),
        default_repr=json_repr(target["default"]) if "default" in target else None,
        enum_values=enum_values,
        example_repr=json_repr(target["example"]) if "example" in target else None,
        decode_value=decode,
        encode_expr=_encode(shape, f"self.{py_name}"),
    )


def _field_description(document: Any, sub: Any, target: dict[str, Any]) -> str:
    """The property's own description, else its schema's.

    A nullable property written as ``anyOf: [{...}, {type: "null"}]`` (OpenAPI 3.1 style, 601
    properties of OpenAI's 2026 document) carries its description inside the one other branch.
    """
    for schema in (sub, target):
        if isinstance(schema, dict) and isinstance(schema.get("description"), str):
            return str(schema["description"])
    branches = target.get("anyOf", target.get("oneOf"))
    if not isinstance(branches, list):
        return ""
    others = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
    if len(others) != 1 or len(others) == len(branches):
        return ""
    # A description beside the branch's $ref (OpenAPI 3.1) is about this property: it comes first.
    for branch in (others[0], deref(document, others[0])[0]):
        if isinstance(branch, dict) and isinstance(branch.get("description"), str):
            return str(branch["description"])
    return ""


def _encode(shape: Shape, source: str) -> str:
    encoded = shape.encode(source)
    return source if encoded == source else guard(shape, source, encoded)


def _extras(
    builder: SchemaBuilder, named: Named, additional: Any, ctx: ModuleContext
) -> tuple[str, str | None, str | None, tuple[str, ...]]:
    """Unknown fields are kept (servers add fields faster than specs); typed if declared.

    Returns the bag's type, the decode and encode of one value, and the names it refers to.
    """
    if not isinstance(additional, dict) or not additional:
        return "dict[str, Any]", None, None, ()
    shape = builder.shape(
        additional, named.pointer + "/additionalProperties", ctx, named.name + "Value"
    )
    refs = tuple(sorted(shape.refs))
    if shape.plain:
        return f"dict[str, {shape.hint}]", None, None, refs
    return (
        f"dict[str, {shape.hint}]",
        # A null the spec does not allow is kept as it came (read again: "_x" is narrowed).
        f"data[_k] if _x is None else {shape.decode('_x', '_owned')}",
        guard(shape, "_x", shape.encode("_x")),
        refs,
    )


def _match_checks(fields: list[ir.Field]) -> tuple[str, ...]:
    """Conditions a JSON object must meet to be taken for this model inside a union."""
    # A single-valued field (``type: message``) identifies the model even when the server left
    # out a required key; without one, the required keys must all be there.
    tags = [
        f"data.get({f.wire_name!r}) == {f.enum_values[0]}"
        for f in fields
        if len(f.enum_values) == 1 and f.required and not f.write_only
    ]
    if tags:
        return tuple(tags)
    # A write-only key is never in a response: it tells nothing about the data.
    checks = [f"{f.wire_name!r} in data" for f in fields if f.required and not f.write_only]
    for f in fields:
        if len(f.enum_values) == 1:
            checks.append(f"data.get({f.wire_name!r}, {f.enum_values[0]}) == {f.enum_values[0]}")
    return tuple(checks)


def build_alias(builder: SchemaBuilder, named: Named) -> ir.Alias:
    """A type alias (with converters when needed) from a non-object schema."""
    shape = builder.alias_shape(named)
    ctx = named.ctx or ModuleContext(named.module)
    if shape is None:  # pragma: no cover - alias_shape always builds
        raise RuntimeError(named.pointer)
    schema = named.schema if isinstance(named.schema, dict) else {}
    # Before the imports are read: naming the class at run time imports its module.
    runtime_target = runtime_class(builder, named, ctx)
    runtime_value = None if runtime_target else runtime_expression(builder, named, shape, ctx)
    return ir.Alias(
        pointer=named.pointer,
        name=named.name,
        module=named.module,
        description=deprecated_note(_text(schema.get("description")), schema),
        deprecated=schema.get("deprecated") is True,
        type=type_info(shape),
        enum_values=(tuple(repr(v) for v in shape.values) if isinstance(shape, EnumShape) else ()),
        branches=(tuple(part.strip() for part in shape.doc.split("|")) if "|" in shape.doc else ()),
        decode_body=shape.decode("data"),
        encode_body=shape.encode("value"),
        check_body=shape.check("data"),
        snake=naming.snake(named.name),
        runtime_hint=shape.hint,
        quoted=bool(shape.refs) or "Unpack[" in shape.hint,
        helpers=tuple(ctx.helpers),
        imports=tuple(sorted(ctx.runtime_refs, key=naming.natural_key)),
        type_checking_imports=tuple(sorted(ctx.hint_refs, key=naming.natural_pair_key)),
        example_json=_example_json(builder, named),
        runtime_target=runtime_target,
        runtime_value=runtime_value,
        twin=named.twin,
    )


def _example_json(builder: SchemaBuilder, named: Named) -> str | None:
    example = schema_example(builder.document, named.schema)
    if example is None:
        return None
    return json_text(example, indent=2, ensure_ascii=False, sort_keys=False)


def deprecated_note(description: str, schema: Any) -> str:
    """The description, opened by a note when the spec marks the thing deprecated.

    First, so that one-line summaries (attribute lists, tables) show it too.
    """
    if not (isinstance(schema, dict) and schema.get("deprecated") is True):
        return description
    return ("Deprecated. " + description.lstrip()).rstrip()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def type_info(shape: Shape) -> ir.TypeInfo:
    """The IR type of a shape."""
    return ir.TypeInfo(
        hint=shape.hint,
        doc=shape.doc,
        link=shape.link,
        refs=tuple(sorted(shape.refs)),
        needs_decode=not shape.plain,
        needs_encode=not shape.plain,
        accepts=shape.accepts,
    )
