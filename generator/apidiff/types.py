"""Type hints of the generated client as sets of atoms, to tell widening from narrowing.

A hint such as ``str | Literal['a', 'b'] | None`` becomes a set of atoms; aliases are expanded,
models stay nominal (their fields are compared one by one elsewhere). ``covers`` follows what
mypy accepts: a literal fits its primitive type, ``bool`` fits ``int`` and ``int`` fits
``float``. Containers compare covariantly, like ``Sequence``/``Mapping`` (see ``diff``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Atom:
    """One alternative of a type: any, prim, lit, list, dict, ref (a model) or opaque."""

    kind: str
    text: str = ""  # primitive name, literal repr, model name or source text
    of: str = ""  # the Python type of a literal
    inner: frozenset[Atom] = frozenset()  # item type of list, value type of dict


Type = frozenset[Atom]
ANY = Atom("any")

_PRIMS = frozenset({"str", "int", "float", "bool", "None", "datetime.datetime", "datetime.date"})
_BUILTIN_NAMES = frozenset({"Any", "Literal", "list", "dict", "datetime"})
_WIDER_PRIMS = {"bool": ("int", "float"), "int": ("float",)}


def parse(hint: str, aliases: Mapping[str, str]) -> Type:
    """The atoms of ``hint``, with the aliases in ``aliases`` (name -> hint) expanded."""
    try:
        node = ast.parse(hint, mode="eval").body
    except SyntaxError:
        return frozenset({Atom("opaque", hint)})
    return _atoms(node, aliases, ())


def _atoms(node: ast.expr, aliases: Mapping[str, str], seen: tuple[str, ...]) -> Type:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _atoms(node.left, aliases, seen) | _atoms(node.right, aliases, seen)
    if isinstance(node, ast.Subscript):
        return _subscript(node, aliases, seen)
    text = "None" if isinstance(node, ast.Constant) and node.value is None else ast.unparse(node)
    if text in aliases and text not in seen and isinstance(node, ast.Name):
        return _atoms(ast.parse(aliases[text], mode="eval").body, aliases, (*seen, text))
    if text == "Any":
        atom = ANY
    elif text in _PRIMS:
        atom = Atom("prim", text)
    elif isinstance(node, ast.Name):
        atom = Atom("ref", text)
    else:
        atom = Atom("opaque", text)
    return frozenset({atom})


def _subscript(node: ast.Subscript, aliases: Mapping[str, str], seen: tuple[str, ...]) -> Type:
    base = ast.unparse(node.value)
    args = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    if base == "Literal":
        values = [ast.literal_eval(arg) for arg in args]
        return frozenset({Atom("lit", repr(v), type(v).__name__) for v in values})
    if base == "list" and len(args) == 1:
        return frozenset({Atom("list", inner=_atoms(args[0], aliases, seen))})
    if base == "dict" and len(args) == 2:
        return frozenset({Atom("dict", inner=_atoms(args[1], aliases, seen))})
    return frozenset({Atom("opaque", ast.unparse(node))})


def covers(atom: Atom, target: Iterable[Atom]) -> bool:
    """Whether a value of ``atom`` is accepted where ``target`` is expected."""
    target = frozenset(target)
    if ANY in target or atom in target:
        return True
    if atom.kind == "lit":
        return any(Atom("prim", t) in target for t in (atom.of, *_WIDER_PRIMS.get(atom.of, ())))
    if atom.kind == "prim":
        return any(Atom("prim", t) in target for t in _WIDER_PRIMS.get(atom.text, ()))
    if atom.kind in {"list", "dict"}:
        return any(t.kind == atom.kind and is_subtype(atom.inner, t.inner) for t in target)
    return False


def is_subtype(old: Type, new: Type) -> bool:
    """Whether every value of ``old`` fits ``new``."""
    return all(covers(atom, new) for atom in old)


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeDelta:
    """How a type moved: atoms it gained or lost, and literal (enum) values added or removed."""

    widened: tuple[str, ...]
    narrowed: tuple[str, ...]
    values_added: tuple[str, ...]
    values_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Whether the two types accept exactly the same values."""
        return not (self.widened or self.narrowed or self.values_added or self.values_removed)


def compare(old: Type, new: Type) -> TypeDelta:
    """What changed from ``old`` to ``new``; a value covered by a wider atom is not listed twice."""
    old_lits = [a for a in old if a.kind == "lit"]
    new_lits = [a for a in new if a.kind == "lit"]
    widened = [a for a in new if a.kind != "lit" and not covers(a, old)]
    narrowed = [a for a in old if a.kind != "lit" and not covers(a, new)]
    added = [a for a in new_lits if not covers(a, old) and not covers(a, widened)]
    removed = [a for a in old_lits if not covers(a, new) and not covers(a, narrowed)]
    return TypeDelta(
        widened=tuple(sorted(show(a) for a in widened)),
        narrowed=tuple(sorted(show(a) for a in narrowed)),
        values_added=tuple(sorted(a.text for a in added)),
        values_removed=tuple(sorted(a.text for a in removed)),
    )


def show(atom: Atom) -> str:
    """An atom written back as a hint."""
    if atom.kind == "any":
        return "Any"
    if atom.kind == "lit":
        return f"Literal[{atom.text}]"
    if atom.kind in {"list", "dict"}:
        text = " | ".join(sorted(show(a) for a in atom.inner))
        return f"list[{text}]" if atom.kind == "list" else f"dict[str, {text}]"
    return atom.text


def names(hint: str) -> tuple[str, ...]:
    """Model and alias names a hint mentions, in order."""
    try:
        tree = ast.parse(hint, mode="eval")
    except SyntaxError:
        return ()
    found = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]
    return tuple(dict.fromkeys(n for n in found if n not in _PRIMS and n not in _BUILTIN_NAMES))
