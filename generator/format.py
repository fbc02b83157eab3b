"""Black, behind a content-hash cache, with cache misses formatted in parallel processes."""

from __future__ import annotations

import json
import os
import threading
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
    # Forking a process that runs other threads can copy a held lock into the child.
    single = hasattr(os, "fork") and threading.active_count() == 1
    if workers < 2 or len(texts) < _PARALLEL_MIN_FILES or not single:
        outputs = {path: _format_one(text) for path, text in texts.items()}
    else:
        outputs = _format_forked(texts, workers)
    formatted = {}
    for path in sorted(outputs):
        text, problem = outputs[path]
        if problem is not None:
            raise FormatError(path, problem)
        formatted[path] = text
    return formatted


def _format_forked(texts: dict[str, str], workers: int) -> dict[str, tuple[str, str | None]]:
    """Split the files by size over ``workers`` processes, this one included.

    Plain fork and a pipe per child: a multiprocessing pool's helper threads poll every
    0.1 s, which cost more than they save on a run of a second.
    """
    _mode()  # import black before forking, so every child inherits it
    shares: list[list[str]] = [[] for _ in range(workers)]
    sizes = [0] * workers
    for path in sorted(texts, key=lambda p: len(texts[p]), reverse=True):
        least = sizes.index(min(sizes))
        shares[least].append(path)
        sizes[least] += len(texts[path])
    children = [(_fork_share(texts, share), share) for share in shares[1:]]
    outputs = {path: _format_one(texts[path]) for path in shares[0]}
    for (pid, reader), share in children:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            outputs.update((p, (t, e)) for p, (t, e) in json.loads(data).items())
        except ValueError:  # the child died: do its share here
            outputs.update((p, _format_one(texts[p])) for p in share)
    return outputs


def _fork_share(texts: dict[str, str], share: list[str]) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: format, write JSON, leave without running any exit handlers
        os.close(reader)
        code = 1
        try:
            data = json.dumps({p: _format_one(texts[p]) for p in share}).encode()
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return pid, reader


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
