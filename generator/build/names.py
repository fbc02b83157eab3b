"""Names that never refuse: renames first, then collisions settled by a suffix from what differs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from oapigen.diagnostics import Collector
from oapigen.ir import naming


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    """One property or parameter asking for a Python name."""

    wire: str
    pointer: str
    name: str
    location: str = ""


def rename_key(kind: str, pointer: str) -> str:
    """The ``renames`` key of a member: a property's pointer is also its inline schema's, so
    properties say so (``property:#/...``); parameters go by their pointer alone."""
    return f"property:#{pointer}" if kind == "property" else f"#{pointer}"


def rename_entry(key: str, name: str) -> str:
    """The ``renames`` line a warning offers to silence itself."""
    return f'[tool.oapigen] renames {{ "{key}" = "{name}" }}'


def collision_warning(
    diags: Collector, *, pointer: str, what: str, name: str, other: str, chosen: str, key: str
) -> None:
    """Warn that ``what`` took ``chosen`` because ``name`` is also made from ``other``."""
    diags.warning(
        pointer,
        "name-collision",
        f"{what} becomes {chosen}: {name} is also made from #{other}; "
        f"to choose, set {rename_entry(key, chosen)}",
    )


def settle_members(
    members: Iterable[Member],
    *,
    kind: str,
    diags: Collector,
    renames: dict[str, str],
    reserve: Callable[[str], str],
) -> dict[str, str]:
    """pointer -> Python name for the properties (or parameters) of one model (or operation).

    A rename (by :func:`rename_key`) wins. Names that still meet are told apart by what differs:
    the location when that differs (``id_path``, ``id_query``), else the wire spelling; the
    one whose wire spelling already is the name (or sorts first) keeps it. Never a counter,
    so a name does not move when an unrelated member appears.
    """
    groups: dict[str, list[Member]] = {}
    for member in members:
        chosen = renames.get(rename_key(kind, member.pointer))
        name = reserve(naming.identifier(chosen)) if chosen else member.name
        groups.setdefault(name, []).append(member)
    result: dict[str, str] = {}
    for name, group in groups.items():
        if len(group) == 1:
            result[group[0].pointer] = name
            continue
        result.update(_split(name, group, kind=kind, diags=diags))
    return _unique(result, groups)


def _split(name: str, group: list[Member], *, kind: str, diags: Collector) -> dict[str, str]:
    locations = {m.location for m in group}
    by_location = len(locations) == len(group) and "" not in locations
    ranked = sorted(group, key=lambda m: (m.wire != name, m.wire, m.location))
    result = {} if by_location else {ranked[0].pointer: name}
    for member in ranked if by_location else ranked[1:]:
        tail = member.location if by_location else naming.suffix(member.wire)
        # "id" is "id_" (a builtin); with a suffix it no longer shadows anything: "id_path".
        chosen = f"{name.rstrip('_')}_{tail}"
        result[member.pointer] = chosen
        other = next(m for m in ranked if m is not member)
        collision_warning(
            diags,
            pointer=member.pointer,
            what=f"{kind} {member.wire!r}" + (f" in {member.location}" if by_location else ""),
            name=name,
            other=other.pointer,
            chosen=chosen,
            key=rename_key(kind, member.pointer),
        )
    return result


def _unique(result: dict[str, str], groups: dict[str, list[Member]]) -> dict[str, str]:
    # A suffixed name could in theory meet a name the spec spells out; the pointer parts them.
    taken = set(groups)
    for pointer, name in result.items():
        if name not in groups and name in taken:
            result[pointer] = f"{name}_{naming.suffix(pointer)}"
        taken.add(result[pointer])
    return result


@dataclass(slots=True)
class NameTable:
    """Class and module names already given, each with the pointer that has it.

    Class names are compared case-folded: each has a docs page, and ``FooBar.md`` and
    ``Foobar.md`` are one file on a case-insensitive file system.
    """

    names: dict[str, str]
    modules: dict[str, str]

    def holder(self, name: str, module: str, pointer: str) -> str | None:
        """The pointer that already has ``name`` or ``module``, if another one does."""
        for table, key in ((self.names, name.casefold()), (self.modules, module)):
            other = table.get(key) if key else None
            if other is not None and other != pointer:
                return other
        return None

    def claim(self, name: str, module: str, pointer: str) -> None:
        """Give ``name`` and ``module`` to ``pointer``."""
        self.names.setdefault(name.casefold(), pointer)
        self.modules.setdefault(module, pointer)

    def claim_name(self, name: str, pointer: str) -> None:
        """Give class ``name`` (one with no module of its own: a TypedDict twin) to ``pointer``."""
        self.names.setdefault(name.casefold(), pointer)

    def settle(self, name: str, pointer: str) -> tuple[str, str, str | None]:
        """(class, module, the pointer it met or None): a taken name gets the pointer's suffix."""
        module = naming.module_name(name)
        other = self.holder(name, module, pointer)
        if other is not None:
            name = f"{name}_{naming.suffix(pointer)}"
            module = naming.module_name(name)
        self.claim(name, module, pointer)
        return name, module, other
