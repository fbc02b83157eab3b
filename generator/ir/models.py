"""The IR of schemas: models, their fields and aliases, as finished strings for templates."""

from __future__ import annotations

from dataclasses import dataclass

from oapigen.ir.prose import hanging, summary_and_body


def either(first: str, second: str) -> str:
    """``first | second`` with each member of ``second``'s union already in ``first`` left out."""
    members = _members(first)
    extra = [member for member in _members(second) if member not in members]
    return " | ".join([first, *extra])


def _members(hint: str) -> list[str]:
    """The members of a union hint, split at the ``|`` outside every bracket and literal."""
    found, depth, start, quote = [], 0, 0, ""
    for index, char in enumerate(hint):
        if quote:
            # A literal is repr()'d: a backslash escapes the next character.
            quote = "" if char == quote and hint[index - 1] != "\\" else quote
        elif char in "'\"":
            quote = char
        elif char in "[]":
            depth += 1 if char == "[" else -1
        elif char == "|" and depth == 0:
            found.append(hint[start:index].strip())
            start = index + 1
    return [*found, hint[start:].strip()]


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeInfo:
    """A resolved type: its hint, how to decode/encode it, and how docs show it."""

    hint: str
    doc: str
    link: str | None = None
    refs: tuple[str, ...] = ()
    needs_decode: bool = False
    needs_encode: bool = False
    # The hint of what a request may pass instead (models or their TypedDict twins).
    accepts: str = ""

    @property
    def input_hint(self) -> str:
        """The hint of a value the client sends."""
        return self.accepts or self.hint


@dataclass(frozen=True, slots=True, kw_only=True)
class Helper:
    """A module-level function a model or API module needs (union decoders, ...)."""

    name: str
    code: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One property of an object schema."""

    pointer: str
    py_name: str
    wire_name: str
    type: TypeInfo
    required: bool
    nullable: bool
    secret: bool
    read_only: bool
    write_only: bool
    deprecated: bool
    description: str
    default_repr: str | None
    enum_values: tuple[str, ...]
    example_repr: str | None
    # What from_dict makes of the JSON value ``_v`` (None: the value as it comes).
    decode_value: str | None
    encode_expr: str

    @property
    def hint(self) -> str:
        """The annotation in the dataclass: optional fields may also be UNSET.

        So may write-only ones: a constructor must be given them, but responses leave them out.
        """
        if self.required and not self.write_only:
            return self.type.hint
        return f"{self.type.hint} | Unset"

    @property
    def init_hint(self) -> str:
        """The constructor's annotation: where the field holds models, their dict forms too.

        Also what the attribute holds (a value read from a response, an UnknownVariant in
        it), so code that built the model before still type-checks; but a list or map takes
        its ``Sequence``/``Mapping`` form alone: mypy infers a literal's dicts against one
        container type, not a union of two.
        """
        hint = self.type.hint
        if self.takes_dicts:
            plain = not hint.startswith(("list[", "dict["))
            hint = either(self.type.accepts, hint) if plain else self.type.accepts
        if self.required and not self.write_only:
            return hint
        return f"{hint} | Unset"

    @property
    def init_param(self) -> str:
        """The field as the constructor's parameter (``...``: a default the dataclass holds)."""
        has_default = not self.required or self.pinned_default is not None
        return f"{self.py_name}: {self.init_hint}" + (" = ..." if has_default else "")

    @property
    def takes_dicts(self) -> bool:
        """Whether a dict form may stand for the models the field holds (a TypedDict twin)."""
        # A union of plain values has an input hint too (no UnknownVariant), but no model.
        return bool(self.type.accepts and self.type.refs)

    @property
    def pinned_default(self) -> str | None:
        """The one value a required ``const`` or one-value enum allows (a discriminator).

        It is the field's default, so ``UserMessage(content="Hi")`` needs no ``role="user"``.
        """
        if self.required and len(self.enum_values) == 1:
            return self.enum_values[0]
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """An object schema rendered as a dataclass."""

    pointer: str
    name: str
    module: str
    description: str
    deprecated: bool
    fields: tuple[Field, ...]
    extra_type: str
    extra_decode: str | None
    extra_encode: str | None
    # Names the additional_properties values refer to (typed additionalProperties).
    extra_refs: tuple[str, ...]
    match_checks: tuple[str, ...]
    helpers: tuple[Helper, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[tuple[str, str], ...]
    example_json: str | None
    # Reached through a secret field (the object *is* the secret): repr masks every field.
    masked: bool = False
    # additionalProperties: false: no additional_properties bag; unknown keys are dropped.
    closed: bool = False
    # The TypedDict twin's class name (``{name}Dict``, suffixed where a schema has that name).
    twin: str = ""

    @property
    def twin_keys(self) -> tuple[tuple[str, str], ...]:
        """(JSON key, hint) of the keys the TypedDict twin requires (none read-only)."""
        return tuple(
            (f.wire_name, f.type.input_hint) for f in self.fields if f.required and not f.read_only
        )

    @property
    def twin_optional_keys(self) -> tuple[tuple[str, str], ...]:
        """(JSON key, hint) of the keys the TypedDict twin may have."""
        return tuple(
            (f.wire_name, f.type.input_hint)
            for f in self.fields
            if not f.required and not f.read_only
        )

    @property
    def extras_param(self) -> str:
        """The constructor's parameter for the undeclared keys of an open model."""
        return f"additional_properties: {self.extra_type} = ..."

    @property
    def dict_fields(self) -> tuple[tuple[str, str], ...]:
        """(Python name, JSON key) of the fields that also take dict forms, in order."""
        return tuple((f.py_name, f.wire_name) for f in self.fields if f.takes_dicts)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Python names of the fields, in order."""
        return tuple(f.py_name for f in self.fields)

    @property
    def wire_names(self) -> tuple[str, ...]:
        """JSON names of the fields, in order."""
        return tuple(f.wire_name for f in self.fields)

    @property
    def secret_names(self) -> tuple[str, ...]:
        """Python names of the fields masked in repr."""
        return tuple(f.py_name for f in self.fields if f.secret or self.masked)

    @property
    def warns_deprecated(self) -> bool:
        """Whether building the model (or setting a field) is deprecated."""
        return self.deprecated or any(f.deprecated for f in self.fields)

    @property
    def has_secrets(self) -> bool:
        """Whether repr must mask anything."""
        return self.masked or any(f.secret for f in self.fields)

    @property
    def docstring(self) -> str:
        """The first sentence, the rest of the description, then each attribute's whole text."""
        summary, body = summary_and_body(self.description)
        lines = [summary or f"The {self.name} model."]
        if body:
            lines += ["", body]
        if self.fields:
            lines += ["", "Attributes:"]
            lines += [hanging(f.py_name, f.description) for f in self.fields]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True, kw_only=True)
class Alias:
    """A named non-object schema: enum, union, primitive or container, as a type alias."""

    pointer: str
    name: str
    module: str
    description: str
    deprecated: bool
    type: TypeInfo
    enum_values: tuple[str, ...]
    branches: tuple[str, ...]
    decode_body: str
    encode_body: str
    check_body: str
    snake: str
    runtime_hint: str
    # Quoted where evaluating the hint could fail: forward references, typing.Unpack before 3.11.
    quoted: bool
    helpers: tuple[Helper, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[tuple[str, str], ...]
    example_json: str | None
    # An alias of one model class: the class itself at run time, looked up on first use.
    runtime_target: str | None = None
    # Otherwise, a hint naming models (``list[Acct]``): the same built from the classes at run
    # time (``list[_m_acct.Acct]``), looked up on first use.
    runtime_value: str | None = None
    # The alias naming what a request may pass for this one (models or their dict forms).
    twin: str = ""

    @property
    def runtime_module(self) -> str:
        """The module half of ``runtime_target`` (its own line: black and ruff wrap a long
        ``return module.Class`` differently)."""
        return (self.runtime_target or "").rpartition(".")[0]

    @property
    def runtime_class(self) -> str:
        """The class half of ``runtime_target``."""
        return (self.runtime_target or "").rpartition(".")[2]

    @property
    def docstring(self) -> str:
        """The schema's first sentence, then the rest of its description."""
        summary, body = summary_and_body(self.description)
        return f"{summary}\n\n{body}" if body else summary or f"The {self.name} type."
