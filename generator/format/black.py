"""Black in process, the misses of a run split over forked processes: ``formatter = "black"``."""

from __future__ import annotations

import os
import threading
from functools import partial
from typing import TYPE_CHECKING

from oapigen.forked import Forked

if TYPE_CHECKING:
    from black.mode import Mode

# Below this many misses a pool's start-up costs more than it saves.
_PARALLEL_MIN_FILES = 4


def format_texts(
    texts: dict[str, str], *, line_length: int, target: str
) -> dict[str, tuple[str, str | None]]:
    """Each text formatted, or the reason black refused it."""
    workers = min(len(os.sched_getaffinity(0)), len(texts))
    # Forking a process that runs other threads can copy a held lock into the child.
    single = hasattr(os, "fork") and threading.active_count() == 1
    mode = _mode(line_length, target)
    if workers < 2 or len(texts) < _PARALLEL_MIN_FILES or not single:
        return {path: _format_one(text, mode) for path, text in texts.items()}
    return _format_forked(texts, workers, mode)


def _format_forked(
    texts: dict[str, str], workers: int, mode: Mode
) -> dict[str, tuple[str, str | None]]:
    """Split the files by size over ``workers`` processes, this one included.

    Plain fork and a pipe per child (``Forked``): a multiprocessing pool's helper threads poll
    every 0.1 s, which cost more than they save on a run of a second.
    """
    shares: list[list[str]] = [[] for _ in range(workers)]
    sizes = [0] * workers
    for path in sorted(texts, key=lambda p: len(texts[p]), reverse=True):
        least = sizes.index(min(sizes))
        shares[least].append(path)
        sizes[least] += len(texts[path])
    # Each child formats its share; one that dies has its share formatted here (Forked.result).
    children = [Forked(partial(_format_share, texts, share, mode)) for share in shares[1:]]
    outputs = _format_share(texts, shares[0], mode)
    for child in children:
        with child:
            outputs.update(child.result())
    return outputs


def _format_share(
    texts: dict[str, str], share: list[str], mode: Mode
) -> dict[str, tuple[str, str | None]]:
    return {path: _format_one(texts[path], mode) for path in share}


def _format_one(text: str, mode: Mode) -> tuple[str, str | None]:
    """The formatted text, or the reason black refused it (exceptions do not pickle well)."""
    import black  # noqa: PLC0415
    from black.parsing import InvalidInput  # noqa: PLC0415

    try:
        return black.format_str(text, mode=mode), None
    except InvalidInput as exc:
        return "", str(exc).splitlines()[0]


def _mode(line_length: int, target: str) -> Mode:
    # Importing black here, before any fork, lets every child inherit it.
    from black.mode import Mode, TargetVersion  # noqa: PLC0415

    return Mode(target_versions={TargetVersion[target.upper()]}, line_length=line_length)
