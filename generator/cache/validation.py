"""Remembers openapi-spec-validator's findings (seconds on big specs) by the exact document.

Only the exact document answers: any other key, however close, could hide a finding (D2: a key
with prose blanked matched a ``default`` whose text breaks its own ``maxLength``).
"""

from __future__ import annotations

import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from oapigen import cache

# What else decides the findings: the validator, the libraries it validates with (jsonschema-rs
# when installed and chosen), and its settings, read from OPENAPI_* environment variables.
LIBRARIES = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-path",
    "referencing",
    "jsonschema-rs",
)


def validator_context() -> str:
    """The versions and settings the upstream validator's findings depend on, as one text."""
    return "\n".join(
        [f"{name} {_version_or_none(name)}" for name in LIBRARIES]
        + sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith("OPENAPI_"))
    )


def _version_or_none(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def read(
    cache_dir: Path | None, snapshot: bytes, context: str
) -> tuple[str, list[tuple[str, str]] | None]:
    """The entry's name and its findings when stored, for a document's pickle and ``context``.

    Pickle keeps every type apart (a YAML date is no string, 1.0 no 1) and key order: equal
    bytes mean an equal document. Shared nodes give other bytes: a miss, never a wrong hit.
    """
    if cache_dir is None:
        return "", None
    name = cache.key("validator 2", validator_context(), context, snapshot) + ".json"
    stored = cache.read(cache_dir, "validate", name)
    if stored is None:
        return name, None
    try:
        return name, [(str(pointer), str(message)) for pointer, message in json.loads(stored)]
    except (ValueError, TypeError):
        return name, None  # a damaged entry: validate again and overwrite it


def write(cache_dir: Path | None, name: str, findings: list[tuple[str, str]]) -> None:
    """Store the findings under the name :func:`read` gave."""
    if cache_dir is not None and name:
        cache.write(cache_dir, "validate", name, json.dumps(findings).encode())
