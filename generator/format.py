"""Black, in process, behind a content-hash cache kept outside the output tree."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import black

MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=88)
_KEY_PREFIX = f"black {black.__version__} {MODE.get_cache_key()}\n".encode()


class FormatError(Exception):
    """Black could not parse a rendered file: a generator bug, never the user's fault."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


def default_cache_dir() -> Path:
    """``$OAPIGEN_CACHE_DIR``, else the user's cache folder."""
    env = os.environ.get("OAPIGEN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "oapigen"


def format_files(files: dict[str, str], *, cache_dir: Path | None) -> dict[str, str]:
    """The same map with every ``.py`` file formatted; other files pass through."""
    result = dict(files)
    for path, text in files.items():
        if path.endswith(".py"):
            result[path] = _format_one(path, text, cache_dir)
    return result


def _format_one(path: str, text: str, cache_dir: Path | None) -> str:
    key = hashlib.sha256(_KEY_PREFIX + text.encode()).hexdigest()
    entry = cache_dir / key[:2] / key if cache_dir else None
    if entry is not None:
        try:
            return entry.read_text(encoding="utf-8")
        except OSError:
            pass
    try:
        formatted = black.format_str(text, mode=MODE)
    except black.InvalidInput as exc:
        raise FormatError(path, str(exc).splitlines()[0]) from None
    if entry is not None:
        _store(entry, formatted)
    return formatted


def _store(entry: Path, text: str) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, entry)
    except OSError:
        pass  # A cache that cannot be written only costs speed.
