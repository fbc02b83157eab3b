"""Type shapes: how one schema becomes a hint and straight-line decode/encode expressions.

Each shape renders Python source fragments around an input expression. ``decode`` turns
JSON data into the Python value, ``encode`` the reverse, ``check`` tells whether JSON data
can be this shape (used to pick a union branch).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

# Each model module binds its model's from_dict once under this name (model.py.jinja), so a
# nested call does not bind the classmethod again each time.
BOUND_FROM_DICT = "_from_dict"


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    """A primitive or free-form value that JSON carries as it is."""

    hint: str
    check_code: str = "True"
    doc: str = ""
    link: str | None = None
    refs: frozenset[str] = field(default_factory=frozenset)
    depth: int = 0
    # What a request may also pass where the value is sent, when more than ``hint``: a model
    # or its TypedDict twin, at any depth (empty: ``hint`` alone).
    accepts: str = ""

    @property
    def input_hint(self) -> str:
        """The hint of a value the client sends: the model classes or their dict forms."""
        return self.accepts or self.hint

    @property
    def plain(self) -> bool:
        """Whether decoding and encoding are the identity."""
        return True

    def decode(self, v: str, owned: str = "") -> str:
        """Expression decoding JSON value ``v``.

        ``owned`` names the flag passed on to nested models' ``from_dict``: whether ``v`` is
        a fresh parse they may take apart instead of copying (empty: they copy).
        """
        return v

    def encode(self, v: str) -> str:
        """Expression encoding Python value ``v``."""
        return v

    def check(self, v: str) -> str:
        """Expression telling whether ``v`` fits this shape."""
        return self.check_code.replace("{v}", v)


def primitive(kind: str) -> Shape:
    """The shape of a JSON primitive (or any value)."""
    checks = {
        "str": "isinstance({v}, str)",
        # type() first: it settles what json.loads gives without the bool test.
        "int": "type({v}) is int or isinstance({v}, int) and not isinstance({v}, bool)",
        "float": (
            "type({v}) is float or isinstance({v}, (int, float)) and not isinstance({v}, bool)"
        ),
        "bool": "isinstance({v}, bool)",
        "None": "{v} is None",
        "Any": "True",
        "dict[str, Any]": "isinstance({v}, dict)",
        "list[Any]": "isinstance({v}, list)",
    }
    docs = {"dict[str, Any]": "dict[str, Any]", "list[Any]": "list[Any]"}
    return Shape(hint=kind, check_code=checks[kind], doc=docs.get(kind, kind))


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumShape(Shape):
    """A closed set of literal values; unknown values still decode (forward compatible)."""

    values: tuple[object, ...] = ()

    def check(self, v: str) -> str:
        """Strict membership: a union branch must really match."""
        return f"{v} in {self.values!r}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvertShape(Shape):
    """A string on the wire that becomes a richer Python value (date-time, date)."""

    decoder: str = ""
    encoder: str = ""

    @property
    def plain(self) -> bool:
        """Conversion is never the identity."""
        return False

    def decode(self, v: str, owned: str = "") -> str:
        """Call the runtime converter."""
        return f"{self.decoder}({v})"

    def encode(self, v: str) -> str:
        """Call the runtime converter."""
        return f"{self.encoder}({v})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListShape(Shape):
    """A JSON array."""

    item: Shape = field(default_factory=lambda: primitive("Any"))

    def check(self, v: str) -> str:
        """A list whose items all fit (so unions of list types pick the right one)."""
        item_check = self.item.check(f"_c{self.depth}")
        if item_check == "True":
            return f"isinstance({v}, list)"
        return f"isinstance({v}, list) and all({item_check} for _c{self.depth} in {v})"

    @property
    def plain(self) -> bool:
        """A list of plain items needs no conversion."""
        return self.item.plain

    def decode(self, v: str, owned: str = "") -> str:
        """Decode each item."""
        if self.item.plain:
            return v
        var = f"_i{self.depth}"
        return f"[{self.item.decode(var, owned)} for {var} in {v}]"

    def encode(self, v: str) -> str:
        """Encode each item."""
        if self.item.plain:
            return v
        var = f"_i{self.depth}"
        return f"[{self.item.encode(var)} for {var} in {v}]"


@dataclass(frozen=True, slots=True, kw_only=True)
class DictShape(Shape):
    """A JSON object used as a map from string keys to one value type."""

    value: Shape = field(default_factory=lambda: primitive("Any"))

    @property
    def plain(self) -> bool:
        """A map of plain values needs no conversion."""
        return self.value.plain

    def decode(self, v: str, owned: str = "") -> str:
        """Decode each value."""
        if self.value.plain:
            return v
        k, x = f"_k{self.depth}", f"_x{self.depth}"
        return f"{{{k}: {self.value.decode(x, owned)} for {k}, {x} in {v}.items()}}"

    def encode(self, v: str) -> str:
        """Encode each value."""
        if self.value.plain:
            return v
        k, x = f"_k{self.depth}", f"_x{self.depth}"
        return f"{{{k}: {self.value.encode(x)} for {k}, {x} in {v}.items()}}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelShape(Shape):
    """A generated dataclass."""

    runtime: str = ""
    # The run-time path of the model's from_dict bound once in its module (BOUND_FROM_DICT).
    decoder: str = ""
    # additionalProperties: false, so the model can tell whether data fits it exactly.
    closed: bool = False

    @property
    def plain(self) -> bool:
        """Models always convert."""
        return False

    def decode(self, v: str, owned: str = "") -> str:
        """Build the dataclass."""
        call = self.decoder or f"{self.runtime}.from_dict"
        return f"{call}({v}, {owned})" if owned else f"{call}({v})"

    def encode(self, v: str) -> str:
        """Turn the dataclass back into a dict."""
        return f"{v}.to_dict()"

    def check(self, v: str) -> str:
        """The model's own structural match."""
        return f"{self.runtime}._matches({v})"

    def check_exact(self, v: str) -> str:
        """The structural match with no key the (closed) model does not declare."""
        return f"{self.runtime}._fits_exactly({v})"


@dataclass(frozen=True, slots=True, kw_only=True)
class CallShape(Shape):
    """A value converted by named functions: a union helper or a named alias."""

    decoder: str = ""
    encoder: str = ""
    inner: Shape | None = None
    # A type the decoder gives back as it is (a union with an int branch and ints): checked
    # in line, it saves the call for the commonest values.
    passes: str = ""

    @property
    def plain(self) -> bool:
        """Plain when there are no converter functions."""
        return not self.decoder

    def decode(self, v: str, owned: str = "") -> str:
        """Call the decoder function."""
        if not self.decoder:
            return v
        if self.passes:
            return f"({v} if type({v}) is {self.passes} else {self.decoder}({v}))"
        return f"{self.decoder}({v})"

    def encode(self, v: str) -> str:
        """Call the encoder function."""
        return f"{self.encoder}({v})" if self.encoder else v

    def check(self, v: str) -> str:
        """Delegate to the wrapped shape."""
        # Explicit base call: zero-argument super() breaks in slots=True dataclasses.
        return self.inner.check(v) if self.inner else Shape.check(self, v)


def model_shape(shape: Shape) -> ModelShape | None:
    """The model a shape decodes to, also when null is allowed; None for any other shape."""
    if isinstance(shape, _NullableWrapper):
        shape = shape.inner
    return shape if isinstance(shape, ModelShape) else None


def nullable(shape: Shape) -> Shape:
    """The same shape, also admitting null."""
    if shape.hint == "None" or shape.hint.endswith("| None") or shape.hint == "Any":
        return shape
    hint = f"{shape.hint} | None"
    check = f"{{v}} is None or {shape.check('{v}')}"
    accepts = f"{shape.accepts} | None" if shape.accepts else ""
    if isinstance(shape, ModelShape | ConvertShape | ListShape | DictShape | CallShape | EnumShape):
        return _replace(shape, hint=hint, check=check, accepts=accepts)
    return Shape(hint=hint, check_code=check, doc=shape.doc, link=shape.link, refs=shape.refs)


def _replace(shape: Shape, *, hint: str, check: str, accepts: str) -> Shape:
    # The subclass keeps its decode/encode; only the hint and the check widen.
    wrapped = dataclasses.replace(shape, hint=hint, accepts=accepts)
    return _NullableWrapper(
        hint=hint,
        accepts=accepts,
        check_code=check,
        doc=shape.doc,
        link=shape.link,
        refs=shape.refs,
        depth=shape.depth,
        inner=wrapped,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _NullableWrapper(Shape):
    inner: Shape = field(default_factory=lambda: primitive("Any"))

    @property
    def plain(self) -> bool:
        return self.inner.plain

    def decode(self, v: str, owned: str = "") -> str:
        return _guard(self.inner, v, self.inner.decode(v, owned))

    def encode(self, v: str) -> str:
        encoded = self.inner.encode(v)
        return v if encoded == v else _guard(self.inner, v, encoded)


def _guard(shape: Shape, var: str, expr: str) -> str:
    """Let null through untouched: servers send null where specs do not say so."""
    if shape.plain:
        return expr
    return f"(None if {var} is None else {expr})"


def guard(shape: Shape, var: str, expr: str) -> str:
    """Public form of the null guard, for field-level code."""
    return _guard(shape, var, expr)
