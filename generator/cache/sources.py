"""Which files a split spec read, so the run cache's key covers every one of them (issue 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from oapigen import cache

# ``$ref`` as a key, then its value: a quote, a ``#`` or anything else. Spelled any other way
# (an escape in a JSON key), an external ref is not followed and check_refs reports it.
_REF_VALUE = re.compile(rb"""\$ref['"]?\s*:\s*['"]?(.)""")


def may_name_files(raw: bytes) -> bool:
    """False only when no ``$ref`` in the text can name another file (the common one-file spec)."""
    return any(m.group(1) != b"#" for m in _REF_VALUE.finditer(raw))


def _entry(root: Path, raw: bytes) -> str:
    return cache.key("spec sources 1", str(root.resolve()), raw)


def remember(cache_dir: Path | None, root: Path, files: list[Path], raw_root: bytes) -> None:
    """Note which files a spec of these exact bytes read, for the run cache's key."""
    root_dir = root.resolve().parent
    names = [f.relative_to(root_dir).as_posix() for f in files]
    cache.write(cache_dir, "sources", _entry(root, raw_root), json.dumps(names).encode())


def digest(cache_dir: Path | None, root: Path, raw_root: bytes) -> str | None:
    """A digest of every file the spec read last time; "" for one file; None when unknown.

    A changed file changes the digest; a file newly referred to can only be named by a
    changed one, so the list from the last run is enough.
    """
    if not may_name_files(raw_root):
        return ""
    stored = cache.read(cache_dir, "sources", _entry(root, raw_root))
    if stored is None:
        return None
    root_dir = root.resolve().parent
    parts: list[bytes | str] = []
    try:
        for name in json.loads(stored):
            path = root_dir / name
            parts += [name, str(path.resolve()), path.read_bytes()]
    except (OSError, ValueError, TypeError):
        return None
    return cache.key(*parts)
