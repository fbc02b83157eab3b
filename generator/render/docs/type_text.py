"""How the docs write a type: a bold table cell linked to its model page, and its Ruby name."""

from __future__ import annotations

import re

from oapigen import ir
from oapigen.ir.operations import UNDECLARED_HINT
from oapigen.render.docs.markdown import markdown

_RUBY_TYPES = {
    "str": "String",
    "int": "Integer",
    "float": "Float",
    "bool": "Boolean",
    "UnknownVariant": "Object",
}
# The return of a method whose success the spec declares bodiless (ir UNDECLARED_HINT).
_UNDECLARED_RETURN = (
    "None (empty response body); a body the server sends anyway comes as an UnknownVariant"
)


def type_markdown(info: ir.TypeInfo, *, ruby: bool = False) -> str:
    """A type for a table cell: bold, linked to its page when it names a model."""
    text = ruby_type(info.hint) if ruby else info.hint
    escaped = _cell(text, ruby=ruby)
    return f"[**{escaped}**]({info.link})" if info.link else f"**{escaped}**"


def ruby_type(hint: str) -> str:
    """The name the Ruby flavour (OpenAPI Generator's layout) gives a Python hint."""
    hint = hint.removesuffix(" | None")
    inner = re.fullmatch(r"list\[(.+)\]", hint)
    if inner:
        return f"Array<{ruby_type(inner.group(1))}>"
    if hint.startswith("dict["):
        return "Hash<String, Object>"
    if hint.startswith("Literal["):
        return "String"
    return _RUBY_TYPES.get(hint, hint if re.fullmatch(r"\w+", hint) else "Object")


def _cell(text: str, *, ruby: bool) -> str:
    # The Ruby flavour escapes as OpenAPI Generator does (the seed page), the Python one only
    # what a table cell must not contain.
    return markdown(text, "cell" if ruby else "table")


def return_markdown(op: ir.Operation, *, ruby: bool = False) -> str:
    """The "Return type" paragraph of an operation."""
    if op.return_hint == "None":
        return "None (empty response body)"
    if op.return_hint == UNDECLARED_HINT and not ruby:
        return _UNDECLARED_RETURN
    escaped = _cell(ruby_type(op.return_hint) if ruby else op.return_doc, ruby=ruby)
    return f"[**{escaped}**]({op.return_link})" if op.return_link else f"**{escaped}**"
