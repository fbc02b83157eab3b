"""What a docs example program imports, and from where.

The package root exports the spec's schemas before the runtime's names and the API classes
(README, Names): a schema called ``ApiClient`` or ``FooApi`` takes that name at the root. An
example program then imports the runtime class or the API class from its own module, and under
another local name only when the program also builds the schema of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass

from oapigen import ir

_RUNTIME_HOME = {name: module for module, names in ir.RUNTIME_EXPORTS for name in names}
_LINE = 88


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramNames:
    """The import lines of one example program and the local names it calls things by."""

    imports: tuple[str, ...]
    api_client: str
    api_exception: str
    configuration: str
    api: str


def program_names(
    client: ir.Client, api: ir.Api, models: set[str], *, asyncio: bool = False
) -> ProgramNames:
    """Imports for a program calling ``api`` that builds ``models`` (names the root exports).

    With ``asyncio`` the program calls the Async twin of ``api`` on an ``AsyncApiClient``.
    """
    taken = ir.schema_names(client)
    at_root = set(models)
    elsewhere: list[tuple[str, str, str]] = []  # (module, name, local name)

    def place(name: str, module: str, alias_base: str) -> str:
        if name not in taken:
            at_root.add(name)
            return name
        local = name
        if name in models:
            local = alias_base
            while local in models:
                local += "_"
        elsewhere.append((module, name, local))
        return local

    client_class = "AsyncApiClient" if asyncio else "ApiClient"
    runtime = {
        name: place(name, _RUNTIME_HOME[name], f"Runtime{name}")
        for name in (client_class, "ApiException", "Configuration")
    }
    api_name = api.async_name if asyncio else api.name
    api_local = place(api_name, f"api.{api.module}", f"{api_name}Class")
    lines = [_root_import(client.package, sorted(at_root))] if at_root else []
    for module, name, local in sorted(elsewhere):
        spelled = name if local == name else f"{name} as {local}"
        lines.append(f"from {client.package}.{module} import {spelled}")
    return ProgramNames(
        imports=tuple(lines),
        api_client=runtime[client_class],
        api_exception=runtime["ApiException"],
        configuration=runtime["Configuration"],
        api=api_local,
    )


def _root_import(package: str, names: list[str]) -> str:
    """One ``from package import ...`` statement, wrapped as black would past 88 columns."""
    line = f"from {package} import {', '.join(names)}"
    if len(line) <= _LINE:
        return line
    inner = "".join(f"    {name},\n" for name in names)
    return f"from {package} import (\n{inner})"
