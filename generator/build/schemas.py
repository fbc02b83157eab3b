"""Schemas -> shapes, models and aliases (one function per kind of schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from keyword import iskeyword
from typing import Any

from oapigen.build.context import ModuleContext
from oapigen.build.forms import CONVERTED, PRIMITIVES, enum_shape, unwrap
from oapigen.build.names import NameTable, collision_warning
from oapigen.build.tuples import build_tuple
from oapigen.build.unions import build_union
from oapigen.diagnostics import Collector
from oapigen.ir import naming
from oapigen.ir.shapes import (
    BOUND_FROM_DICT,
    CallShape,
    ConvertShape,
    DictShape,
    ListShape,
    ModelShape,
    Shape,
    nullable,
    primitive,
)
from oapigen.spec.pointer import deref, join, lookup, ref_pointer

MAX_DEPTH = 64


def twin_name(name: str) -> str:
    """The TypedDict twin of model ``name`` (or what a request may pass for alias ``name``)."""
    return name + "Dict"


@dataclass(slots=True)
class Named:
    """A schema that gets its own module: a model (object) or an alias (anything else)."""

    pointer: str
    name: str
    module: str
    kind: str
    schema: Any
    shape: Shape | None = None
    ctx: ModuleContext | None = None
    closed: bool | None = None
    twin: bool | None = None


@dataclass(slots=True)
class ObjectParts:
    """An object schema after allOf merging."""

    properties: dict[str, tuple[str, Any]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    additional: Any = None
    description: str = ""


class SchemaBuilder:
    """Turns the document's schemas into shapes, registering named modules as it goes."""

    def __init__(self, document: Any, diags: Collector, *, renames: dict[str, str]) -> None:
        self.document = document
        self.diags = diags
        self.renames = renames
        self.named: dict[str, Named] = {}
        self.order: list[Named] = []
        self._table = NameTable({}, {})

    # -- registration ---------------------------------------------------------------------

    def register_components(self) -> None:
        """Give every component schema its name, before any of them is built.

        Names are handed out in the order of the schema keys, not of the document, so the
        schema that keeps a contested name does not depend on where the others stand.
        """
        schemas = (self.document.get("components") or {}).get("schemas") or {}
        chosen: dict[str, tuple[str, str]] = {}
        for key in sorted(map(str, schemas)):
            pointer = join("/components/schemas", key)
            raw = self.renames.get(key, self.renames.get("#" + pointer, key))
            name, module, other = self._table.settle(naming.class_name(raw), pointer)
            if other is not None:
                self._warn_taken(pointer, raw, name, other, key)
            chosen[key] = (name, module)
        for key, schema in schemas.items():
            name, module = chosen[str(key)]
            self._add(join("/components/schemas", key), name, module, schema)

    def register(self, pointer: str, raw_name: str, schema: Any) -> Named:
        """Name the schema at ``pointer``; a name another pointer has gets this pointer's suffix."""
        if pointer in self.named:
            return self.named[pointer]
        # Inline schemas are renamed by their pointer ("#/components/schemas/A/properties/b").
        raw_name = self.renames.get("#" + pointer, raw_name)
        name, module, other = self._table.settle(naming.class_name(raw_name), pointer)
        if other is not None:
            self._warn_taken(pointer, raw_name, name, other, "#" + pointer)
        return self._add(pointer, name, module, schema)

    def _warn_taken(self, pointer: str, raw: str, name: str, other: str, key: str) -> None:
        wanted = name.rsplit("_", 1)[0]
        collision_warning(
            self.diags,
            pointer=pointer,
            what=f"schema {raw!r}",
            name=wanted,
            other=other,
            chosen=name,
            key=key,
        )

    def _add(self, pointer: str, name: str, module: str, schema: Any) -> Named:
        schema = unwrap(schema)
        kind = "model" if self.is_model(schema) else "alias"
        named = Named(pointer=pointer, name=name, module=module, kind=kind, schema=schema)
        self.named[pointer] = named
        self.order.append(named)
        return named

    def is_model(self, schema: Any) -> bool:
        """Object schemas with properties (directly or through allOf) become dataclasses."""
        schema = unwrap(schema)
        if not isinstance(schema, dict) or "oneOf" in schema or "anyOf" in schema:
            return False
        if "enum" in schema or "const" in schema:
            return False
        if isinstance(schema.get("properties"), dict) and schema["properties"]:
            return True
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            if len(parts) == 1 and not schema.get("properties"):
                return False
            return bool(self.object_parts(schema, "").properties)
        return False

    def has_twin(self, named: Named) -> bool:
        """Whether a model gets a TypedDict twin: its keys must be usable as class attributes.

        Class syntax is the one that marks some keys required on Python 3.10 (no
        ``typing.Required``); a key like ``a-b`` or ``from`` rules it out.
        """
        if named.twin is None:
            keys = self.object_parts(named.schema, named.pointer).properties
            usable = all(key.isidentifier() and not iskeyword(key) for key in keys)
            # A schema already named like the twin keeps its name; the model goes without.
            taken = self._table.holder(twin_name(named.name), "", named.pointer) is not None
            named.twin = usable and not taken
        return named.twin

    def is_closed(self, named: Named) -> bool:
        """Whether a model's schema forbids undeclared keys (``additionalProperties: false``)."""
        if named.closed is None:
            named.closed = self.object_parts(named.schema, named.pointer).additional is False
        return named.closed

    # -- object merging -------------------------------------------------------------------

    def object_parts(self, schema: Any, pointer: str, depth: int = 0) -> ObjectParts:
        """Properties, required names and extras of an object schema, allOf merged."""
        parts = ObjectParts(description=_text(schema.get("description")))
        self._merge_into(parts, schema, pointer, depth)
        return parts

    def _merge_into(self, parts: ObjectParts, schema: Any, pointer: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for i, sub in enumerate(schema.get("allOf") or []):
            target, via = deref(self.document, sub)
            if isinstance(target, dict):
                self._merge_into(parts, target, via or join(pointer, "allOf", i), depth + 1)
        props = schema.get("properties")
        if isinstance(props, dict):
            for key, sub in props.items():
                parts.properties[str(key)] = (join(pointer, "properties", key), sub)
        for key in schema.get("required") or []:
            if isinstance(key, str) and key not in parts.required:
                parts.required.append(key)
        if "additionalProperties" in schema:
            parts.additional = schema["additionalProperties"]
        if not parts.description:
            parts.description = _text(schema.get("description"))

    # -- shapes ---------------------------------------------------------------------------

    def shape(
        self, schema: Any, pointer: str, ctx: ModuleContext, name: str, depth: int = 0
    ) -> Shape:
        """The shape of ``schema`` in module ``ctx``; inline objects become ``name`` models."""
        if depth > MAX_DEPTH:
            self.diags.error(pointer, "too-deep", f"schema nesting deeper than {MAX_DEPTH}")
            return primitive("Any")
        if not isinstance(schema, dict):
            return primitive("Any")
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._ref_shape(ref, pointer, ctx, depth)
        schema = unwrap(schema)
        base = self._base_shape(schema, pointer, ctx, name, depth)
        if schema.get("nullable") is True:
            return nullable(base)
        return base

    def _ref_shape(self, ref: str, pointer: str, ctx: ModuleContext, depth: int) -> Shape:
        target_pointer = ref_pointer(ref) or ""
        named = self.named.get(target_pointer)
        if named is None:
            target = lookup(self.document, target_pointer)
            if isinstance(target, dict) and "$ref" in target:
                return self.shape(target, target_pointer, ctx, "", depth + 1)
            raw = target_pointer.rsplit("/", 1)[-1]
            named = self.register(target_pointer, naming.pascal(raw) or "Schema", target)
        return self.named_shape(named, ctx)

    def named_shape(self, named: Named, ctx: ModuleContext) -> Shape:
        """A reference to a named model or alias from module ``ctx``."""
        runtime = ctx.runtime(named.module, named.name)
        hint = ctx.hint(named.module, named.name)
        link = f"{named.name}.md"
        refs = frozenset({named.name})
        if named.kind == "model":
            twin = ctx.hint(named.module, twin_name(named.name)) if self.has_twin(named) else ""
            return ModelShape(
                hint=hint,
                accepts=f"{hint} | {twin}" if twin else "",
                doc=named.name,
                link=link,
                refs=refs,
                runtime=runtime,
                decoder=ctx.runtime(named.module, BOUND_FROM_DICT),
                closed=self.is_closed(named),
            )
        inner = self.alias_shape(named)
        snake = naming.snake(named.name)
        decoder = encoder = ""
        if inner is None or not inner.plain:
            decoder = ctx.runtime(named.module, f"{snake}_from_data")
            encoder = ctx.runtime(named.module, f"{snake}_to_data")
        matches = ctx.runtime(named.module, f"{snake}_matches")
        return CallShape(
            hint=hint,
            # Every alias has a twin naming what a request may pass for it (maybe itself).
            accepts=ctx.hint(named.module, twin_name(named.name)),
            check_code=matches + "({v})",
            doc=named.name,
            link=link,
            refs=refs,
            decoder=decoder,
            encoder=encoder,
        )

    def alias_shape(self, named: Named) -> Shape | None:
        """The shape an alias stands for, built once in its own module; None while being built."""
        if named.ctx is None:
            named.ctx = ModuleContext(named.module)
            named.shape = self.shape(named.schema, named.pointer, named.ctx, named.name)
        return named.shape

    def _base_shape(  # noqa: PLR0911 - one return per kind of schema reads best
        self, schema: Any, pointer: str, ctx: ModuleContext, name: str, depth: int
    ) -> Shape:
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._union_shape(
                    schema, key, pointer=pointer, ctx=ctx, name=name, depth=depth
                )
        if "const" in schema:
            return enum_shape([schema["const"]])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return enum_shape(schema["enum"])
        types = schema.get("type")
        if isinstance(types, list):
            return self._type_list_shape(
                schema, types, pointer=pointer, ctx=ctx, name=name, depth=depth
            )
        if self.is_model(schema):
            named = self.register(pointer, name, schema)
            return self.named_shape(named, ctx)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return self._single_allof(schema, pointer, ctx, name, depth)
        return self._typed_shape(schema, types, pointer=pointer, ctx=ctx, name=name, depth=depth)

    def _typed_shape(  # noqa: PLR0911 - one return per JSON type reads best
        self,
        schema: Any,
        kind: Any,
        *,
        pointer: str,
        ctx: ModuleContext,
        name: str,
        depth: int,
    ) -> Shape:
        if kind == "array" or (kind is None and ("items" in schema or "prefixItems" in schema)):
            return self._array_shape(schema, pointer, ctx, name, depth)
        if kind == "object" or (kind is None and "additionalProperties" in schema):
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                value = self.shape(
                    extra,
                    join(pointer, "additionalProperties"),
                    ctx,
                    name + "Value",
                    depth + 1,
                )
                return DictShape(
                    hint=f"dict[str, {value.hint}]",
                    accepts=f"Mapping[str, {value.accepts}]" if value.accepts else "",
                    check_code="isinstance({v}, dict)",
                    doc=f"dict[str, {value.doc}]",
                    refs=value.refs,
                    value=value,
                    depth=depth,
                )
            return primitive("dict[str, Any]")
        if kind == "string" and schema.get("format") in CONVERTED:
            hint, dec, enc = CONVERTED[schema["format"]]
            return ConvertShape(
                hint=hint,
                check_code="isinstance({v}, str)",
                doc=hint.split(".")[-1],
                decoder=dec,
                encoder=enc,
            )
        if kind == "string" and schema.get("format") == "binary":
            return Shape(hint="serde.FileContent", doc="FileContent")
        if isinstance(kind, str) and kind in PRIMITIVES:
            return primitive(PRIMITIVES[kind])
        return primitive("Any")

    def _array_shape(
        self, schema: Any, pointer: str, ctx: ModuleContext, name: str, depth: int
    ) -> Shape:
        if isinstance(schema.get("prefixItems"), list) and schema["prefixItems"]:
            return self._tuple_shape(schema, pointer, ctx, name, depth)
        items = schema.get("items")
        if not isinstance(items, dict):
            return primitive("list[Any]")
        item = self.shape(items, join(pointer, "items"), ctx, name + "Inner", depth + 1)
        return ListShape(
            hint=f"list[{item.hint}]",
            accepts=f"Sequence[{item.accepts}]" if item.accepts else "",
            check_code="isinstance({v}, list)",
            doc=f"list[{item.doc}]",
            link=item.link,
            refs=item.refs,
            item=item,
            depth=depth,
        )

    def _tuple_shape(
        self, schema: Any, pointer: str, ctx: ModuleContext, name: str, depth: int
    ) -> Shape:
        prefix = [
            self.shape(sub, join(pointer, "prefixItems", i), ctx, f"{name}Item{i}", depth + 1)
            for i, sub in enumerate(schema["prefixItems"])
        ]
        items = schema.get("items", True)
        rest = None
        if isinstance(items, dict):
            rest = self.shape(items, join(pointer, "items"), ctx, name + "Inner", depth + 1)
        elif items is not False:
            rest = primitive("Any")
        return build_tuple(prefix, rest, ctx=ctx, name=name)

    def _type_list_shape(
        self,
        schema: Any,
        types: list[Any],
        *,
        pointer: str,
        ctx: ModuleContext,
        name: str,
        depth: int,
    ) -> Shape:
        others = [t for t in types if t != "null"]
        if not others:  # `type: ["null"]` (3.1): the value is always null
            return primitive("None")
        if len(others) == 1:
            base = (
                self._typed_shape(
                    schema, others[0], pointer=pointer, ctx=ctx, name=name, depth=depth
                )
                if not self.is_model(schema)
                else self.named_shape(self.register(pointer, name, schema), ctx)
            )
        else:
            branches = [{**schema, "type": t} for t in others]
            base = self._union_of(
                branches,
                [pointer] * len(branches),
                None,
                pointer=pointer,
                ctx=ctx,
                name=name,
                depth=depth,
            )
        return nullable(base) if "null" in types else base

    def _single_allof(
        self, schema: Any, pointer: str, ctx: ModuleContext, name: str, depth: int
    ) -> Shape:
        parts = schema["allOf"]
        if len(parts) == 1:
            return self.shape(parts[0], join(pointer, "allOf", 0), ctx, name, depth + 1)
        return primitive("dict[str, Any]")

    def _union_shape(
        self,
        schema: Any,
        key: str,
        *,
        pointer: str,
        ctx: ModuleContext,
        name: str,
        depth: int,
    ) -> Shape:
        branches = schema[key]
        pointers = [join(pointer, key, i) for i in range(len(branches))]
        disc = (
            schema.get("discriminator") if isinstance(schema.get("discriminator"), dict) else None
        )
        shape = self._union_of(
            branches, pointers, disc, pointer=pointer, ctx=ctx, name=name, depth=depth
        )
        if schema.get("nullable") is True:
            return nullable(shape)
        return shape

    def _union_of(
        self,
        branches: list[Any],
        pointers: list[str],
        disc: dict[str, Any] | None,
        *,
        pointer: str,
        ctx: ModuleContext,
        name: str,
        depth: int,
    ) -> Shape:
        shapes: list[Shape] = []
        for i, (branch, branch_pointer) in enumerate(zip(branches, pointers, strict=True)):
            suffix = f"OneOf{i}" if len(branches) > 1 else ""
            shapes.append(self.shape(branch, branch_pointer, ctx, name + suffix, depth + 1))
        return build_union(shapes, branches, disc, ctx=ctx, name=name, named=self.named)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
