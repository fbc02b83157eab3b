"""A content-addressed store of generator results, kept outside the output tree.

Entries are named by a SHA-256 of everything that decides their content, so a hit is
always correct and nothing is ever invalidated; a missing or unwritable cache only costs speed.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from oapigen.resources import PACKAGE_DIR, shipped_templates


def default_cache_dir() -> Path:
    """``$OAPIGEN_CACHE_DIR``, else the user's cache folder."""
    env = os.environ.get("OAPIGEN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "oapigen"


def key(*parts: bytes | str) -> str:
    """SHA-256 over length-prefixed parts, so no two part lists share a key."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def tree_digest(roots: Iterable[Path]) -> str:
    """A digest of every file under ``roots`` (names and bytes), in sorted order."""
    return key(*(_own_digest(root) if _is_own(root) else _digest(root) for root in roots))


# The generator's code and templates do not change while it runs, and a run keys three
# caches by them: read them once. A user's templates are read each time (tests edit them).
_OWN_ROOTS = (PACKAGE_DIR, shipped_templates())


def _is_own(root: Path) -> bool:
    return any(root == own or own in root.parents for own in _OWN_ROOTS)


def _digest(root: Path) -> str:
    parts: list[bytes | str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return key(*parts)


_own_digest = functools.cache(_digest)


def entry(cache_dir: Path, kind: str, name: str) -> str:
    """Where the entry ``name`` of one kind lives."""
    # A string, not a Path: a warm run of a big spec reads ~8,000 entries.
    return os.path.join(cache_dir, kind, name[:2], name)


def read(cache_dir: Path | None, kind: str, name: str) -> bytes | None:
    """The stored bytes, or None on a miss."""
    if cache_dir is None:
        return None
    try:
        with open(entry(cache_dir, kind, name), "rb") as file:
            return file.read()
    except OSError:
        return None


def write(cache_dir: Path | None, kind: str, name: str, data: bytes) -> None:
    """Store atomically (temp file, then rename); errors are ignored."""
    if cache_dir is None:
        return
    path = entry(cache_dir, kind, name)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        _unlink(tmp)  # a full disk, a folder where the entry goes, ^C: nothing left behind
        if not isinstance(exc, OSError):
            raise
        # A cache that cannot be written only costs speed.


def text(cache_dir: Path | None, kind: str, name: str, make: Callable[[], str]) -> str:
    """The text stored under ``name``, or ``make()``'s, stored now (UTF-8)."""
    stored = read(cache_dir, kind, name)
    if stored is not None:
        return stored.decode("utf-8")
    made = make()
    write(cache_dir, kind, name, made.encode("utf-8"))
    return made


def pack_run(files: dict[str, str], warnings: Sequence[Sequence[str]]) -> bytes:
    """A whole run's output as bytes (marshal: the run key holds the Python version)."""
    # ~18 MB for the full OpenAI document: JSON took ~45 ms to write and ~60 ms to read back.
    return marshal.dumps((files, [tuple(w) for w in warnings]))


def unpack_run(data: bytes) -> tuple[dict[str, str], list[tuple[str, ...]]] | None:
    """The inverse of :func:`pack_run`; None for an unreadable entry."""
    try:
        files, warnings = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(files, dict) or not isinstance(warnings, list):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return None
    if not all(isinstance(w, tuple) and all(isinstance(p, str) for p in w) for w in warnings):
        return None
    return files, warnings


def prune(cache_dir: Path | None, kind: str, keep: int, budget: int | None = None) -> None:
    """Keep the ``keep`` most recently used entries of one kind, and of those only as many as fit
    in ``budget`` bytes together (the newest always stays); errors are ignored."""
    if cache_dir is None:
        return
    entries = sorted(_entries(os.path.join(cache_dir, kind)), reverse=True)
    total = 0
    for index, (_, size, path) in enumerate(entries):
        total += size
        if index >= keep or (index > 0 and budget is not None and total > budget):
            _unlink(path)


# Per-file entries are small but each edit, and each new generator or template version, adds
# some. Once a day the oldest written go until all of them fit the budget; one still in use is
# written again by the next run that needs it (a slower run, never a wrong one).
BUDGET_BYTES = 1 << 30
TRIM_EVERY_SECONDS = 24 * 3600
_TRIMMED_MARK = ".trimmed"
# The folders this package writes: the cache folder may be shared (``~/.cache``), and nothing
# else in it is ever touched.
PER_FILE_KINDS = ("format", "jinja", "parts", "render", "sources", "surface", "validate")


def trim(cache_dir: Path | None, *, budget: int = BUDGET_BYTES) -> None:
    """At most once a day: delete the oldest per-file entries while they exceed ``budget``."""
    if cache_dir is None:
        return
    mark = os.path.join(cache_dir, _TRIMMED_MARK)
    try:
        if time.time() - os.stat(mark).st_mtime < TRIM_EVERY_SECONDS:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    entries: list[tuple[float, int, str]] = []
    for kind in PER_FILE_KINDS:
        entries += _entries(os.path.join(cache_dir, kind))
    try:
        with open(mark, "wb"):
            pass
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= budget:
            break
        _unlink(path)
        total -= size


def _entries(folder: str) -> list[tuple[float, int, str]]:
    """(mtime, size, path) of every file in ``folder`` and its shard folders."""
    found: list[tuple[float, int, str]] = []
    try:
        with os.scandir(folder) as items:
            for item in items:
                if item.is_file(follow_symlinks=False):
                    stat = item.stat(follow_symlinks=False)
                    found.append((stat.st_mtime, stat.st_size, item.path))
                elif item.is_dir(follow_symlinks=False):
                    found += _entries(item.path)
    except OSError:
        pass
    return found


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def mark_used(cache_dir: Path | None, kind: str, name: str) -> None:
    """Record that an entry was just used, so ``prune`` keeps it."""
    if cache_dir is not None:
        try:
            os.utime(entry(cache_dir, kind, name))
        except OSError:
            pass
