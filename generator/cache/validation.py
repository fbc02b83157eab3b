"""Remembers openapi-spec-validator's messages, the slowest stage of a run (seconds on big specs).

Two keys: the exact document, and the document with every description and summary blanked.
Editing prose is the common edit and never changes what the validator says, except when a
message quotes that prose: such results are stored under the exact key only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from oapigen import cache
from oapigen.versions import version

_PROSE = ("description", "summary")
# Maps whose keys are user-chosen and whose string values mean something (discriminator targets).
_MEANINGFUL_MAPS = ("mapping",)


def upstream_messages(
    document: Any, context: str, run: Callable[[], list[Any]], cache_dir: Path | None
) -> list[Any]:
    """``run()``'s findings (JSON values), from the cache when an equivalent document was seen.

    ``context`` names everything else the findings depend on (OpenAPI version, how they are
    located).
    """
    if cache_dir is None:
        return run()
    prose: list[str] = []
    salt = f"validator {version('openapi-spec-validator')} {context}"
    # One entry per result: under the loose key when no finding quotes prose (it then answers
    # the exact document too), else under the exact key. The loose key is tried first.
    loose = cache.key(salt, "loose", _dumps(_blank_prose(document, "", prose))) + ".json"
    stored = cache.read(cache_dir, "validate", loose)
    exact = cache.key(salt, _dumps(document)) + ".json" if stored is None else ""
    if stored is None:
        stored = cache.read(cache_dir, "validate", exact)
    if stored is not None:
        try:
            return list(json.loads(stored))
        except ValueError:
            pass  # a damaged entry: validate again and overwrite it
    findings = run()
    quoting = any(_quotes(f, prose) for f in findings)
    cache.write(
        cache_dir,
        "validate",
        exact if quoting else loose,
        json.dumps(findings).encode(),
    )
    return findings


def _dumps(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=repr)


def _blank_prose(node: Any, parent_key: str, prose: list[str]) -> Any:
    """A copy with prose strings emptied (and each one collected into ``prose``)."""
    if isinstance(node, dict):
        blank = parent_key not in _MEANINGFUL_MAPS
        out = {}
        for k, v in node.items():
            if blank and k in _PROSE and isinstance(v, str):
                prose.append(v)
                out[k] = ""
            else:
                out[k] = _blank_prose(v, k, prose)
        return out
    if isinstance(node, list):
        return [_blank_prose(v, parent_key, prose) for v in node]
    return node


def _quotes(finding: Any, prose: list[str]) -> bool:
    """Whether a finding names a prose key or repeats the start of any prose string."""
    texts = [str(t) for t in finding] if isinstance(finding, list | tuple) else [str(finding)]
    for message in texts:
        if any(word in message for word in _PROSE):
            return True
        # An empty string shows as '' in a message; the start of a longer one, as itself.
        if any((p[:30] if p else "''") in message for p in prose):
            return True
    return False
