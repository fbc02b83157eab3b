"""Named schemas: which schemas get a module, under what name, and object schemas merged."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from oapigen.build.context import ModuleContext
from oapigen.build.forms import unwrap
from oapigen.build.names import NameTable, collision_warning
from oapigen.diagnostics import Collector
from oapigen.ir import naming
from oapigen.ir.shapes import Shape
from oapigen.spec.pointer import deref, join

MAX_DEPTH = 64


def twin_name(name: str) -> str:
    """The TypedDict twin of model ``name`` (or what a request may pass for alias ``name``)."""
    return name + "Dict"


def twin_rename_key(pointer: str) -> str:
    """The ``renames`` key choosing the twin's name of the schema at ``pointer``."""
    return f"twin:#{pointer}"


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
    # The TypedDict twin's class name (models) or the name of what a request may pass (aliases).
    twin: str = ""


@dataclass(slots=True)
class ObjectParts:
    """An object schema after allOf merging."""

    properties: dict[str, tuple[str, Any]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)
    additional: Any = None
    description: str = ""


class SchemaRegistry:
    """The document's named schemas: each one's class name, module and kind (model or alias)."""

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
        named.twin = self._settle_twin(named)
        self.named[pointer] = named
        self.order.append(named)
        return named

    def _settle_twin(self, named: Named) -> str:
        """The twin's name, claimed at once so an inline schema found later cannot take it.

        A schema already named like the twin keeps its name (every component is named before
        any twin); the twin takes the pointer's suffix, with a warning.
        """
        key = twin_rename_key(named.pointer)
        wanted = self.renames.get(key) or twin_name(named.name)
        chosen = wanted
        other = self._table.holder(wanted, "", named.pointer)
        if other is not None:
            chosen = f"{wanted}_{naming.suffix(named.pointer)}"
            collision_warning(
                self.diags,
                pointer=named.pointer,
                what=f"the dict form (TypedDict twin) of {named.name}",
                name=wanted,
                other=other,
                chosen=chosen,
                key=key,
            )
        self._table.claim_name(chosen, named.pointer)
        return chosen

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


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
