"""What a type alias is at run time, where its hint names models.

The hint of ``Accounts = list[Acct]`` names classes the alias module imports only for the type
checker (models import one another), so it is written quoted and would be the string
``'list[Acct]'`` at run time. The alias module instead answers ``Accounts`` on first use, from
a module ``__getattr__``, with the same hint built from the classes themselves.
"""

from __future__ import annotations

import ast

from oapigen.build.context import ModuleContext
from oapigen.build.registry import Named
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir.shapes import ModelShape, Shape
from oapigen.spec.pointer import ref_pointer


def runtime_class(builder: SchemaBuilder, named: Named, ctx: ModuleContext) -> str | None:
    """The model class an alias stands for, through any chain of aliases (``Acct`` of
    ``Account``, ``AcctAgain`` of ``Acct``), as module ``ctx`` reaches it at run time."""
    shape = builder.alias_shape(named)
    if isinstance(shape, ModelShape):
        return shape.runtime
    seen: set[str] = set()
    current = named
    while current.kind == "alias" and current.pointer not in seen:
        seen.add(current.pointer)
        schema = current.schema
        # Only a bare reference stands for its target (not ``nullable``, not a union).
        if not isinstance(schema, dict) or set(schema) - {"$ref", "description"}:
            return None
        target = builder.named.get(ref_pointer(str(schema.get("$ref"))) or "")
        if target is None:
            return None
        current = target
    return ctx.runtime(current.module, current.name) if current.kind == "model" else None


def runtime_expression(
    builder: SchemaBuilder, named: Named, shape: Shape, ctx: ModuleContext
) -> str | None:
    """The alias's hint with each name it references spelled as module ``ctx`` reaches the
    class at run time (``list[_m_acct.Acct]``); None where a name is no class (an alias of a
    union, a recursive alias: evaluating those could come back to this module)."""
    if not shape.refs or "Unpack[" in shape.hint:
        return None
    by_name = {n.name: n for n in builder.order}
    spelled: dict[str, str] = {}
    for ref in sorted(shape.refs):
        target = by_name.get(ref)
        if target is None or target.pointer == named.pointer:
            return None
        if target.kind == "model":
            spelled[ref] = ctx.runtime(target.module, target.name)
        elif runtime_class(builder, target, ModuleContext(target.module)) is not None:
            # The alias module's own __getattr__ gives the class.
            spelled[ref] = ctx.runtime(target.module, target.name)
        else:
            return None
    tree = ast.parse(shape.hint, mode="eval")
    return ast.unparse(_Respell(spelled).visit(tree))


class _Respell(ast.NodeTransformer):
    """Replaces the bare names of a hint by their run-time spelling."""

    def __init__(self, spelled: dict[str, str]) -> None:
        self.spelled = spelled

    def visit_Name(self, node: ast.Name) -> ast.expr:  # ast.NodeTransformer names it so
        """A referenced class's name becomes its module path."""
        if node.id in self.spelled:
            return ast.parse(self.spelled[node.id], mode="eval").body
        return node
