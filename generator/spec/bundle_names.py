"""Component names for the parts of a split spec, derived from their file path and pointer.

``models/droplet.yml`` is ``droplet``; ``shared/headers.yml#/ratelimit-limit`` is
``ratelimit-limit``. Where two parts would share a name, both take their parent folders (then the
file name) in front until they differ: ``droplets_models_droplet`` next to ``apps_models_droplet``.
No counter: a name depends on its own path and on the paths it meets, not on discovery order.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from oapigen.spec.pointer import split

# What a component name may hold (OpenAPI 3.x: ^[a-zA-Z0-9.\-_]+$).
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9._-]+")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_EXTENSIONS = (".yaml", ".yml", ".json")

Part = tuple[str, str]  # (path relative to the root folder, pointer)


def part_tokens(path: str, pointer: str) -> list[str]:
    """Folders, file name without extension, then pointer tokens: most general first."""
    folders, _, file = path.rpartition("/")
    for extension in _EXTENSIONS:
        if file.lower().endswith(extension):
            file = file[: -len(extension)]
            break
    tokens = [*(f for f in folders.split("/") if f), file, *split(pointer)]
    cleaned = [_NOT_ALLOWED.sub("_", t).strip("_") for t in tokens]
    return [t for t in cleaned if t] or ["part"]


def names_for(parts: Iterable[Part], taken: Iterable[str]) -> dict[Part, str]:
    """A distinct name for each part in one components section, none of them in ``taken``."""
    tokens = {part: part_tokens(*part) for part in sorted(set(parts))}
    used = {part: 1 for part in tokens}
    reserved = set(taken)
    while True:
        names = {part: "_".join(t[-used[part] :]) for part, t in tokens.items()}
        clashes = _clashing(names, reserved)
        growing = [p for p in clashes if used[p] < len(tokens[p])]
        if not growing:
            break
        for part in growing:
            used[part] += 1
    for part in _clashing(names, reserved):
        # Only paths whose tokens join alike (``a_b/c`` and ``a/b_c``) get here.
        names[part] += "_" + hashlib.sha256("#".join(part).encode()).hexdigest()[:8]
    return names


def _clashing(names: dict[Part, str], reserved: set[str]) -> list[Part]:
    owners: dict[str, list[Part]] = defaultdict(list)
    for part, name in names.items():
        owners[_folded(name)].append(part)
    taken = {_folded(name) for name in reserved}
    return sorted(
        part for name, parts in owners.items() if len(parts) > 1 or name in taken for part in parts
    )


def _folded(name: str) -> str:
    # Class and module names drop case and separators: ``Pet`` and ``pet`` would meet there.
    return _SEPARATORS.sub("", name.lower())
