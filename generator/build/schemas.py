"""Schemas -> shapes, naming the models and aliases they need (one function per kind)."""

from __future__ import annotations

from typing import Any

from oapigen.build.branch_names import branch_suffixes
from oapigen.build.context import ModuleContext
from oapigen.build.forms import CONVERTED, PRIMITIVES, enum_shape, unwrap
from oapigen.build.registry import MAX_DEPTH, Named, SchemaRegistry
from oapigen.build.tuples import build_tuple
from oapigen.build.unions import build_union, pinned_value
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
from oapigen.spec.pointer import join, lookup, ref_pointer


class SchemaBuilder(SchemaRegistry):
    """Turns the document's schemas into shapes, registering named modules as it goes."""

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
            twin = ctx.hint(named.module, named.twin)
            return ModelShape(
                hint=hint,
                accepts=f"{hint} | {twin}",
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
            accepts=ctx.hint(named.module, named.twin),
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
        suffixes = branch_suffixes(
            branches,
            disc,
            lambda b, p: pinned_value(b, p, self.named),
            parent_named=pointer in self.named,
        )
        for branch, branch_pointer, suffix in zip(branches, pointers, suffixes, strict=True):
            shapes.append(self.shape(branch, branch_pointer, ctx, name + suffix, depth + 1))
        return build_union(shapes, branches, disc, ctx=ctx, name=name, named=self.named)
