"""Facts about the runtime that ships (exceptions, retries, timeout), read from the runtime itself.

The docs promise what a status raises and how long a call waits; reading those answers from the
very modules the package will contain keeps the promise true when the runtime changes.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import types
from pathlib import Path
from typing import Any

from oapigen import cache
from oapigen.ir.records import record

_PACKAGE = "_oapigen_docs_runtime"
_STATUSES = range(100, 600)
_SOURCE = Path(__file__).resolve()


@record
class RuntimeFacts:
    """What the docs say about failures, retries and timeouts."""

    exception_by_status: dict[int, str]
    retries: int
    timeout: str

    def exception_for(self, status: int) -> str:
        """The exception class name raised for ``status``."""
        return self.exception_by_status.get(status, "ApiException")


def cached_runtime_facts(
    configuration_source: str, *, static_dirs: list[Path], cache_dir: Path | None
) -> RuntimeFacts:
    """:func:`runtime_facts`, kept in the cache: loading the runtime imports urllib3 (issue 7)."""
    if cache_dir is None:
        return runtime_facts(configuration_source, static_dirs=static_dirs)
    from importlib.metadata import version  # noqa: PLC0415

    # The facts follow from this module, the runtime it loads and the urllib3 it imports.
    name = cache.key(
        "facts 1",
        sys.version,
        version("urllib3"),
        _SOURCE.read_bytes(),
        configuration_source,
        *[str(d) for d in static_dirs],
        cache.tree_digest(static_dirs),
    )
    stored = cache.read(cache_dir, "facts", name)
    facts = _unpack(stored) if stored is not None else None
    if facts is None:
        facts = runtime_facts(configuration_source, static_dirs=static_dirs)
        cache.write(cache_dir, "facts", name, _pack(facts))
    return facts


def _pack(facts: RuntimeFacts) -> bytes:
    table = {str(status): name for status, name in facts.exception_by_status.items()}
    return json.dumps([table, facts.retries, facts.timeout]).encode()


def _unpack(data: bytes) -> RuntimeFacts | None:
    try:
        table, retries, timeout = json.loads(data)
        by_status = {int(status): str(name) for status, name in table.items()}
        return RuntimeFacts(
            exception_by_status=by_status, retries=int(retries), timeout=str(timeout)
        )
    except (ValueError, TypeError, AttributeError):
        return None  # a damaged entry is worked out again


def runtime_facts(configuration_source: str, *, static_dirs: list[Path]) -> RuntimeFacts:
    """Load the rendered configuration and the static runtime (user overrides first); read facts."""
    package = types.ModuleType(_PACKAGE)
    package.__path__ = [str(d) for d in static_dirs]
    _forget()
    sys.modules[_PACKAGE] = package
    try:
        # The configuration module first: other runtime modules import it.
        configuration = types.ModuleType(f"{_PACKAGE}.configuration")
        configuration.__package__ = _PACKAGE
        sys.modules[configuration.__name__] = configuration
        exec(
            compile(configuration_source, "configuration.py", "exec"),
            vars(configuration),
        )
        defaults = inspect.signature(configuration.Configuration).parameters
        exceptions = importlib.import_module(f"{_PACKAGE}.exceptions")
        table = {s: exceptions.exception_for_status(s).__name__ for s in _STATUSES}
    finally:
        _forget()
    retries = defaults["retries"].default if "retries" in defaults else 0
    timeout = defaults["timeout"].default if "timeout" in defaults else None
    return RuntimeFacts(exception_by_status=table, retries=int(retries), timeout=_describe(timeout))


def _forget() -> None:
    for name in [n for n in sys.modules if n == _PACKAGE or n.startswith(_PACKAGE + ".")]:
        del sys.modules[name]


def _describe(timeout: Any) -> str:
    """A timeout default in words: a number, a (connect, read) pair or a urllib3.Timeout."""
    if isinstance(timeout, int | float):
        return f"{timeout:g} s in total"
    if isinstance(timeout, tuple) and len(timeout) == 2:
        return f"{timeout[0]:g} s to connect and {timeout[1]:g} s to read"
    # A urllib3.Timeout: its read_timeout raises before a request started, so read the total first.
    connect = getattr(timeout, "connect_timeout", None)
    total = getattr(timeout, "total", None)
    parts = [f"{connect:g} s to connect"] if isinstance(connect, int | float) else []
    if isinstance(total, int | float):
        parts.append(f"{total:g} s in total")
    elif isinstance(read := getattr(timeout, "read_timeout", None), int | float):
        parts.append(f"{read:g} s to read")
    return " and ".join(parts) or "no timeout"
