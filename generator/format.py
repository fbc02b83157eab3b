"""Black, behind a content-hash cache, with cache misses formatted in parallel processes."""

from __future__ import annotations

import multiprocessing
import os
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .cache import default_cache_dir

if TYPE_CHECKING:
    from black.mode import Mode

__all__ = ["FormatError", "default_cache_dir", "format_files"]

# Importing black costs ~0.15 s: a run whose every file is cached never pays it.
BLACK_VERSION = version("black")
_LINE_LENGTH = 88
_KEY_PREFIX = f"black {BLACK_VERSION} py310 {_LINE_LENGTH}"
# Below this many misses a pool's start-up costs more than it saves.
_PARALLEL_MIN_FILES = 4


class FormatError(Exception):
    """Black could not parse a rendered file: a generator bug, never the user's fault."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


def format_files(files: dict[str, str], *, cache_dir: Path | None) -> dict[str, str]:
    """The same map with every ``.py`` file formatted; other files pass through."""
    result = dict(files)
    misses: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        keys[path] = cache.key(_KEY_PREFIX, text)
        hit = cache.read(cache_dir, "black", keys[path])
        if hit is None:
            misses[path] = text
        else:
            result[path] = hit.decode("utf-8")
    for path, formatted in _format_all(misses).items():
        result[path] = formatted
        cache.write(cache_dir, "black", keys[path], formatted.encode("utf-8"))
    return result


def _format_all(texts: dict[str, str]) -> dict[str, str]:
    workers = min(len(os.sched_getaffinity(0)), len(texts))
    order = sorted(texts, key=lambda p: len(texts[p]), reverse=True)
    if workers < 2 or len(texts) < _PARALLEL_MIN_FILES:
        outputs = [_format_one(texts[path]) for path in order]
    else:
        _mode()  # import black before forking, so every worker inherits it
        # Largest first, one file per task: the workers finish as evenly as the sizes allow.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            outputs = pool.map(_format_one, [texts[p] for p in order], chunksize=1)
    formatted = {}
    for path, (text, problem) in zip(order, outputs, strict=True):
        if problem is not None:
            raise FormatError(path, problem)
        formatted[path] = text
    return formatted


def _format_one(text: str) -> tuple[str, str | None]:
    """The formatted text, or the reason black refused it (exceptions do not pickle well)."""
    import black  # noqa: PLC0415
    from black.parsing import InvalidInput  # noqa: PLC0415

    try:
        return black.format_str(text, mode=_mode()), None
    except InvalidInput as exc:
        return "", str(exc).splitlines()[0]


def _mode() -> Mode:
    from black.mode import Mode, TargetVersion  # noqa: PLC0415

    return Mode(target_versions={TargetVersion.PY310}, line_length=_LINE_LENGTH)
