"""Compare the APIs of two generated clients and class each change for code that uses the client.

The comparison runs on the client surface (``api_surface``), built from the IR: what Python code
can import, call, construct and read, not the YAML text. Every change is *breaking* when code
that type-checks (mypy --strict) against the old client may stop doing so against the new one,
or may fail at run time; otherwise it is *compatible*.

Where a type is used decides the rules. Request positions (operation arguments and the models
reachable from them) are *written* by user code; response positions (return types and the models
reachable from them) are *read*. A model reachable from both gets both rules; one reachable from
no operation counts as both (code may build it and read it).

============================================  ============  =============
change                                        request       response
============================================  ============  =============
operation / model / alias added               compatible    compatible
operation moved to another HTTP path/verb     compatible    compatible
operation / model / alias / field removed     breaking      breaking
optional field added                          compatible    compatible
required field added                          breaking      compatible
field required -> optional                    compatible    breaking (reads get ``| Unset``)
field optional -> required                    breaking      compatible
type widened (accepts more; enum value        compatible    breaking (a reader's annotation
added; ``None`` allowed)                                    or exhaustive match no longer fits)
type narrowed (enum value removed, ...)       breaking      compatible
type changed both ways / to another model     breaking      breaking
same values, spelled differently              compatible    compatible
default changed                               compatible    compatible
============================================  ============  =============

Operation arguments: a new required argument, a removed argument and an optional argument
becoming required break callers. So does a required argument becoming optional, because optional
arguments are keyword-only in the generated methods (``f(x)`` stops working), and any change in
the order of the positional arguments.

Containers are compared covariantly, as ``Sequence``/``Mapping`` would be: code that writes list
literals (``modalities=["text"]``) and reads through ``Sequence`` sees exactly these rules. Code
that annotates its own variables with the exact ``list[...]`` type can also break on a compatible
change of the item type, because ``list`` is invariant. A default is documentation of what the
server does when the field is left out: a changed default changes behaviour, not code, so it is
listed as compatible and worth reading. A removed model breaks ``from openapi_openai import X``
at run time even though mypy is silent there (the package's lazy ``__getattr__`` is typed ``Any``).

tests/diff checks these rules with mypy: a user program written against the old client fails to
type-check against the new one exactly on the lines the breaking changes name.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from oapigen.apidiff import types as api_types
from oapigen.apidiff.surface import IN, OUT, Surface, directions

__all__ = ["IN", "OUT", "Change", "diff", "directions"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One difference between the two clients, with where it is in each spec."""

    kind: str
    subject: str
    breaking: bool
    detail: str
    old: str | None
    new: str | None


def diff(old: Surface, new: Surface) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``: breaking ones first, then by subject."""
    ctx = _Context(old, new)
    found = [*ctx.operations(), *ctx.models(), *ctx.aliases()]
    return tuple(sorted(found, key=lambda c: (not c.breaking, c.subject, c.kind, c.detail)))


class _Context:
    """Both surfaces, their alias tables and where each named type is used."""

    def __init__(self, old: Surface, new: Surface) -> None:
        self.old, self.new = old, new
        self.old_aliases = {k: v["type"] for k, v in old["aliases"].items()}
        self.new_aliases = {k: v["type"] for k, v in new["aliases"].items()}
        old_ways, new_ways = directions(old), directions(new)
        self.ways = {
            k: old_ways.get(k, frozenset()) | new_ways.get(k, frozenset())
            for k in {*old_ways, *new_ways}
        }

    # -- operations -----------------------------------------------------------------------

    def operations(self) -> Iterator[Change]:
        """Operations removed, added and changed."""
        old_ops, new_ops = self.old["operations"], self.new["operations"]
        for key, op in old_ops.items():
            if key not in new_ops:
                where = (op["pointer"], None)
                yield _change(
                    "operation-removed",
                    key,
                    True,
                    f"{op['method']} {op['path']}",
                    where,
                )
        for key, op in new_ops.items():
            if key in old_ops:
                yield from self._operation(key, old_ops[key], op)
            else:
                where = (None, op["pointer"])
                yield _change("operation-added", key, False, f"{op['method']} {op['path']}", where)

    def _operation(self, key: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        if (old["method"], old["path"]) != (new["method"], new["path"]):
            detail = f"{old['method']} {old['path']} -> {new['method']} {new['path']}"
            where = (old["pointer"], new["pointer"])
            yield _change("operation-moved", key, False, detail, where)
        old_args = {a["name"]: a for a in old["args"]}
        new_args = {a["name"]: a for a in new["args"]}
        for name, arg in old_args.items():
            if name not in new_args:
                where = (arg["pointer"], new["pointer"])
                yield _change("argument-removed", f"{key}({name})", True, "", where)
        for name, arg in new_args.items():
            subject, before = f"{key}({name})", old_args.get(name)
            if before is None:
                detail = "required" if arg["required"] else "optional, keyword-only"
                where = (old["pointer"], arg["pointer"])
                yield _change("argument-added", subject, arg["required"], detail, where)
                continue
            where = (before["pointer"], arg["pointer"])
            if before["required"] != arg["required"]:
                kind = "argument-required" if arg["required"] else "argument-optional"
                why = "calls leaving it out fail" if arg["required"] else "now keyword-only"
                yield _change(kind, subject, True, why, where)
            yield from self._types(subject, (before["type"], arg["type"]), frozenset({IN}), where)
        # Arguments positional in both keep their relative order, or positional calls break.
        both = {a["name"] for a in old["args"] if a["required"]}
        both &= {a["name"] for a in new["args"] if a["required"]}
        old_pos = [a["name"] for a in old["args"] if a["name"] in both]
        new_pos = [a["name"] for a in new["args"] if a["name"] in both]
        if old_pos != new_pos:
            detail = f"({', '.join(old_pos)}) -> ({', '.join(new_pos)})"
            yield _change("argument-order", key, True, detail, (old["pointer"], new["pointer"]))
        where = (old["returns_pointer"], new["returns_pointer"])
        returns = (old["returns"], new["returns"])
        yield from self._types(f"{key}() return", returns, frozenset({OUT}), where)

    # -- models and aliases ---------------------------------------------------------------

    def models(self) -> Iterator[Change]:
        """Models removed, added, and the fields of the others."""
        old_models, new_models = self.old["models"], self.new["models"]
        yield from self._named("model", old_models, new_models)
        for name, model in new_models.items():
            if name in old_models:
                yield from self._fields(name, old_models[name], model)

    def aliases(self) -> Iterator[Change]:
        """Aliases removed, added, and what the others stand for."""
        old_aliases, new_aliases = self.old["aliases"], self.new["aliases"]
        yield from self._named("alias", old_aliases, new_aliases)
        for name, alias in new_aliases.items():
            before = old_aliases.get(name)
            if before is not None:
                where = (before["pointer"], alias["pointer"])
                yield from self._types(
                    name, (before["type"], alias["type"]), self.ways[name], where
                )

    def _named(self, what: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        for name, entry in old.items():
            if name not in new:
                where = (entry["pointer"], None)
                yield _change(f"{what}-removed", name, True, "imports of it fail", where)
        for name, entry in new.items():
            if name not in old:
                yield _change(f"{what}-added", name, False, "", (None, entry["pointer"]))

    def _fields(self, model: str, old: dict[str, Any], new: dict[str, Any]) -> Iterator[Change]:
        ways = self.ways[model]
        old_fields = {f["name"]: f for f in old["fields"]}
        new_fields = {f["name"]: f for f in new["fields"]}
        for name, f in old_fields.items():
            if name not in new_fields:
                where = (f["pointer"], new["pointer"])
                yield _change("field-removed", f"{model}.{name}", True, "", where)
        for name, f in new_fields.items():
            before = old_fields.get(name)
            if before is None:
                detail = "required" if f["required"] else "optional"
                breaking = f["required"] and IN in ways
                where = (old["pointer"], f["pointer"])
                yield _change("field-added", f"{model}.{name}", breaking, detail, where)
            else:
                yield from self._field(f"{model}.{name}", before, f, ways)

    def _field(
        self,
        subject: str,
        old: dict[str, Any],
        new: dict[str, Any],
        ways: frozenset[str],
    ) -> Iterator[Change]:
        where = (old["pointer"], new["pointer"])
        if old["required"] and not new["required"]:
            why = "reads may now be UNSET" if OUT in ways else "may be left out"
            yield _change("field-optional", subject, OUT in ways, why, where)
        if new["required"] and not old["required"]:
            why = "constructors must pass it" if IN in ways else "always present"
            yield _change("field-required", subject, IN in ways, why, where)
        yield from self._types(subject, (old["type"], new["type"]), ways, where)
        if old["default"] != new["default"]:
            detail = f"{old['default'] or 'none'} -> {new['default'] or 'none'}"
            yield _change("default-changed", subject, False, detail, where)

    # -- types ----------------------------------------------------------------------------

    def _types(
        self, subject: str, hints: tuple[str, str], ways: frozenset[str], where: _Where
    ) -> Iterator[Change]:
        old, new = hints
        if old == new:
            return  # a change inside a named alias is reported once, on the alias
        delta = api_types.compare(
            api_types.parse(old, self.old_aliases),
            api_types.parse(new, self.new_aliases),
        )
        shown = f"{old} -> {new}"
        if delta.empty:
            yield _change("type-equivalent", subject, False, f"same values: {shown}", where)
            return
        if delta.widened and delta.narrowed:
            yield _change("type-changed", subject, True, shown, where)
        elif delta.widened:
            detail = f"{shown} (now also {', '.join(delta.widened)})"
            yield _change("type-widened", subject, OUT in ways, detail, where)
        elif delta.narrowed:
            detail = f"{shown} (no longer {', '.join(delta.narrowed)})"
            yield _change("type-narrowed", subject, IN in ways, detail, where)
        if delta.values_added:
            detail = ", ".join(delta.values_added)
            yield _change("enum-value-added", subject, OUT in ways, detail, where)
        if delta.values_removed:
            detail = ", ".join(delta.values_removed)
            yield _change("enum-value-removed", subject, IN in ways, detail, where)


_Where = tuple[str | None, str | None]


def _change(kind: str, subject: str, breaking: bool, detail: str, where: _Where) -> Change:
    return Change(
        kind=kind,
        subject=subject,
        breaking=breaking,
        detail=detail,
        old=where[0],
        new=where[1],
    )
