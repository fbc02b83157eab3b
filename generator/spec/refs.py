"""``$ref`` strings that name other files: parse them and keep them inside the spec's folder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# A scheme (``http:``, ``file:``, a Windows drive ``C:``) or ``//host``: never a file of ours.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class RefRefused(ValueError):
    """A ref that is never followed; the message says why."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where a ref points: a file (resolved, inside the root folder) and a JSON pointer in it."""

    file: Path
    pointer: str


def is_local(ref: str) -> bool:
    """A ``#...`` ref into the file that holds it."""
    return ref.startswith("#")


def resolve(ref: str, *, base: Path, root_dir: Path) -> Target:
    """The target of ``ref`` written in the file ``base``; RefRefused when it is not followed."""
    if is_local(ref):
        return Target(base, _fragment(ref, ref[1:]))
    parts = urlsplit(ref)
    if _SCHEME.match(ref) or parts.netloc or ref.startswith("//"):
        raise RefRefused(
            f"{ref!r} is a URL; only files in the spec's folder are followed, never fetched"
        )
    path_text = unquote(parts.path)
    if not path_text or "\x00" in path_text:
        raise RefRefused(f"{ref!r} names no file")
    try:
        file = (base.parent / path_text).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise RefRefused(f"{ref!r} cannot be resolved: {exc}") from None
    if not file.is_relative_to(root_dir):
        raise RefRefused(f"{ref!r} leaves the spec's folder (links followed)")
    return Target(file, _fragment(ref, parts.fragment))


def _fragment(ref: str, fragment: str) -> str:
    pointer = unquote(fragment)
    if pointer and not pointer.startswith("/"):
        raise RefRefused(f"{ref!r}: only JSON pointer fragments ('#/...') are followed")
    return pointer
