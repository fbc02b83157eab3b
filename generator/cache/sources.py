"""Which files a split spec read, so the run cache's key covers every one of them (issue 15)."""

from __future__ import annotations

import hashlib
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


def remember(cache_dir: Path | None, root: Path, read: dict[Path, str], raw_root: bytes) -> None:
    """Note which files a spec of these exact bytes read (``read``: file -> SHA-256 of its bytes).

    The digest of the bytes as they were read is kept beside the names: a file edited while
    the run went on then no longer matches, and that run is never stored under the new bytes.
    """
    root_dir = root.resolve().parent
    names = {f.relative_to(root_dir).as_posix(): sha for f, sha in read.items()}
    entry = {"names": list(names), "read": _files_key(root_dir, names)}
    cache.write(cache_dir, "sources", _entry(root, raw_root), json.dumps(entry).encode())


def digest(cache_dir: Path | None, root: Path, raw_root: bytes) -> str | None:
    """A digest of every file the spec read last time; "" for one file; None when unknown.

    A changed file changes the digest; a file newly referred to can only be named by a
    changed one, so the list from the last run is enough. None too when the files are no
    longer the bytes that run read: what it made may not be what they make.
    """
    if not may_name_files(raw_root):
        return ""
    stored = cache.read(cache_dir, "sources", _entry(root, raw_root))
    if stored is None:
        return None
    root_dir = root.resolve().parent
    try:
        entry = json.loads(stored)
        now = {name: _sha((root_dir / name).read_bytes()) for name in entry["names"]}
        read = entry["read"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    current = _files_key(root_dir, now)
    return current if current == read else None


def read_key(root: Path, read: dict[Path, str]) -> str:
    """The digest :func:`digest` gives, of the files a run read (``read``: file -> SHA-256)."""
    root_dir = root.resolve().parent
    return _files_key(
        root_dir, {f.relative_to(root_dir).as_posix(): sha for f, sha in read.items()}
    )


def spec_sha(root: Path, cache_dir: Path | None) -> str | None:
    """SHA-256 of a spec; of a split spec's files too; None when those are not known."""
    raw = root.read_bytes()
    if not may_name_files(raw):
        return _sha(raw)
    files = digest(cache_dir, root, raw) if cache_dir is not None else None
    return None if files is None else with_files(raw, files)


def with_files(raw_root: bytes, files: str) -> str:
    """The SHA-256 of a split spec: its root's bytes and the digest of its other files."""
    return _sha(f"{_sha(raw_root)} {files}".encode())


def _sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _files_key(root_dir: Path, files: dict[str, str]) -> str:
    """Names, where each resolves to (a link may be moved) and each file's SHA-256."""
    parts: list[str] = []
    for name, sha in files.items():
        parts += [name, str((root_dir / name).resolve()), sha]
    return cache.key(*parts)
