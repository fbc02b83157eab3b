"""Per-module bookkeeping while building: what a generated module may refer to and defines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from oapigen.ir import Helper


@dataclass(slots=True)
class ModuleContext:
    """Collects candidate imports and helper functions of one generated module.

    Candidates are filtered against the rendered text, so a reference that ends up unused
    never becomes an unused import.
    """

    module: str
    # Names the module imports from the runtime: a model by one of them is named through its
    # module (``_m_api_client.ApiClient``) rather than imported over the runtime's name.
    reserved: frozenset[str] = frozenset()
    hint_refs: set[tuple[str, str]] = field(default_factory=set)
    runtime_refs: set[str] = field(default_factory=set)
    helpers: list[Helper] = field(default_factory=list)
    helper_names: set[str] = field(default_factory=set)

    def refer(self, module: str, name: str) -> str:
        """Reference class ``name`` of models module ``module``; return its run-time path."""
        if module == self.module:
            return name
        self.hint_refs.add((module, name))
        return self.runtime(module, name)

    def hint(self, module: str, name: str) -> str:
        """The annotation naming class ``name`` of models module ``module`` in this module."""
        if name in self.reserved and module != self.module:
            return self.runtime(module, name)
        self.refer(module, name)
        return name

    def runtime(self, module: str, attr: str) -> str:
        """Reference ``attr`` of models module ``module`` at run time; return its path."""
        if module == self.module:
            return attr
        self.runtime_refs.add(module)
        return f"_m_{module}.{attr}"

    def add_helper(self, base: str, code_for: Callable[[str], str]) -> str:
        """Reserve a unique helper name from ``base``; store the code ``code_for(name)`` makes."""
        name = base
        n = 2
        while name in self.helper_names:
            name = f"{base}_{n}"
            n += 1
        self.helper_names.add(name)
        self.helpers.append(Helper(name=name, code=code_for(name)))
        return name
