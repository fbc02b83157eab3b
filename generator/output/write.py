"""The only module that touches the output folder: atomic swap, manifest, ignore file."""

from __future__ import annotations

import ctypes
import errno
import fnmatch
import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from oapigen.ir.records import record

MANIFEST = ".oapigen-manifest.json"
IGNORE_FILE = ".oapigen-ignore"


@record
class Plan:
    """What writing would change in the output folder."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]

    @property
    def stale(self) -> bool:
        """Whether anything would change."""
        return bool(self.added or self.changed or self.removed)


def digest(text: str) -> str:
    """The manifest's hash of a file's text."""
    return hashlib.sha256(text.encode()).hexdigest()


def safe_relative(path: str) -> bool:
    """A generated path must stay inside the output folder."""
    pure = PurePosixPath(path)
    return (
        bool(path)
        and not pure.is_absolute()
        and ".." not in pure.parts
        and "\0" not in path
        and "\\" not in path
    )


def manifest_text(files: dict[str, str], extra: Mapping[str, object]) -> str:
    """The manifest: generator, spec hash and the hash of every generated file."""
    manifest = {**extra, "files": {p: digest(t) for p, t in sorted(files.items())}}
    return json.dumps(manifest, indent=2, sort_keys=True) + "\n"


def read_manifest(out: Path) -> dict[str, object]:
    """The previous run's manifest, or an empty one."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _ignored(out: Path) -> list[str]:
    try:
        lines = (out / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def plan(out: Path, files: dict[str, str]) -> Plan:
    """Compare the wanted files with the folder as it is."""
    previous = read_manifest(out).get("files")
    previous = previous if isinstance(previous, dict) else {}
    patterns = _ignored(out)
    added, changed, kept = [], [], []
    plain_folders: set[str] = set()  # checked once each, not once per file under them
    for path in sorted(files):
        if any(fnmatch.fnmatch(path, p) for p in patterns):
            kept.append(path)
            continue
        current = _read_plain(out, path, plain_folders)
        if current is None and not (out / path).exists():
            added.append(path)
        elif current != files[path]:
            changed.append(path)
    # A manifest is only a hint: names in it that leave the folder are ignored.
    removed = sorted(
        p for p in previous if p not in files and safe_relative(p) and (out / p).exists()
    )
    return Plan(
        added=tuple(added), changed=tuple(changed), removed=tuple(removed), kept=tuple(kept)
    )


def _read_plain(out: Path, path: str, plain_folders: set[str]) -> str | None:
    """The file's text, or None when it or a folder above it inside ``out`` is a symlink.

    ``plain_folders``: folders already found not to be links (filled in here).
    """
    # Plain strings, not Path objects: this runs for each of ~4,000 files on big specs.
    node = os.fspath(out)
    # The parts PurePosixPath sees: "a//b" and "a/./b" are a/b ("b/" would follow a link).
    parts = [p for p in path.split("/") if p not in ("", ".")]
    for depth, part in enumerate(parts, start=1):
        node = os.path.join(node, part)
        if node in plain_folders:
            continue
        if os.path.islink(node):
            # Reading through a link would later hard-link a file from elsewhere into the tree.
            return None
        if depth < len(parts):
            plain_folders.add(node)
    try:
        with open(node, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None


class NotOurs(FileExistsError):
    """Writing would replace files in the output folder that oapigen did not write."""

    def __init__(self, out: Path, paths: list[str]) -> None:
        super().__init__(errno.EEXIST, "not written by oapigen", str(out / paths[0]))
        self.out = out
        self.paths = paths

    def lines(self) -> list[str]:
        """One diagnostic line per file, saying how to go on."""
        return [
            f"{self.out / path}: error[not-ours]: not written by oapigen (not in {MANIFEST}), "
            "and generating would replace it; move it away, list it in "
            f"{IGNORE_FILE}, or pass --overwrite"
            for path in self.paths
        ]


def write_tree(
    out: Path,
    files: dict[str, str],
    manifest_extra: Mapping[str, object],
    *,
    overwrite: bool = False,
) -> Plan:
    """Build the new tree beside ``out`` and swap it in, in one step where the OS allows.

    A file that the previous run's manifest does not list is the user's: replacing it raises
    :class:`NotOurs`, unless ``overwrite``.
    """
    for path in files:
        if not safe_relative(path):
            raise ValueError(f"refusing to write outside the output folder: {path!r}")
    if out.is_symlink():
        # Swapping would replace the link, not the folder it names: ask for the real path.
        raise OSError(errno.ELOOP, "the output folder is a symlink; pass the real folder", str(out))
    everything = {**files, MANIFEST: manifest_text(files, manifest_extra)}
    result = plan(out, everything)
    if not result.stale:
        return result
    if not overwrite:
        theirs = not_ours(out, [*result.added, *result.changed])
        if theirs:
            raise NotOurs(out, theirs)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.oapigen-new"
    _clear(staging)
    staging.mkdir()
    try:
        _fill(out, staging, everything, result)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # nothing is left behind on failure
        raise
    _swap(staging, out)
    return result


def not_ours(out: Path, paths: list[str]) -> list[str]:
    """Of the places ``paths`` would be written, those already taken by something not generated.

    A place is taken by the file itself, or by a file or symlink where a folder above it goes;
    it is oapigen's when the previous manifest lists it, or a file under it.
    """
    listed = read_manifest(out).get("files")
    ours = set(listed) if isinstance(listed, dict) else set()
    our_folders = {p[:at] for p in ours for at in _slashes(p)}
    taken = set()
    for path in paths:
        for at in [*_slashes(path), len(path)]:
            place, node = path[:at], os.path.join(out, path[:at])
            if place in ours or place in our_folders or place == MANIFEST:
                continue
            if _taken(node, folder=at < len(path)):
                taken.add(place)
                break
    return sorted(taken)


def _taken(node: str, *, folder: bool) -> bool:
    """Whether writing a file (or a folder) at ``node`` would replace something there."""
    if os.path.islink(node):
        return True
    if folder:
        return os.path.exists(node) and not os.path.isdir(node)
    return os.path.exists(node)


def _clear(path: Path) -> None:
    """Remove a leftover staging or backup folder; a symlink there is unlinked, not followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def _fill(out: Path, staging: Path, everything: dict[str, str], result: Plan) -> None:
    unchanged = set(everything) - set(result.added) - set(result.changed)
    kept = set(result.kept)
    made: set[str] = set()
    for path, text in everything.items():
        target = os.path.join(staging, path)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        if path in unchanged and path not in kept:
            # A hard link keeps the old file's mtime: only real changes show up.
            _link_or_copy(os.path.join(out, path), target)
        elif path not in kept:
            with open(target, "w", encoding="utf-8") as file:
                file.write(text)
    _carry_over(out, staging, set(everything) - set(result.kept), set(result.removed))


def _carry_over(out: Path, staging: Path, generated: set[str], removed: set[str]) -> None:
    """Everything in ``out`` that the generator did not make moves to the new tree untouched."""
    if not out.is_dir():
        return
    # A symlink (or file) where the new tree has a folder is replaced, never followed.
    folders = {"."} | {path[:at] for path in generated for at in _slashes(path)}
    for root, dirs, names in os.walk(out):
        rel_root = Path(root).relative_to(out)
        for name in names + [d for d in dirs if (Path(root) / d).is_symlink()]:
            rel = (rel_root / name).as_posix()
            if rel in generated or rel in removed or rel in folders:
                continue
            source, target = Path(root) / name, staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_symlink():
                os.symlink(os.readlink(source), target)
            else:
                _link_or_copy(os.fspath(source), os.fspath(target))
        dirs[:] = [d for d in dirs if not (Path(root) / d).is_symlink()]


def hard_link(source: str, target: str) -> None:
    """``os.link``: the one place this module makes a hard link (tests replace it)."""
    os.link(source, target)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link to ``source``, else a copy with its mtime (the old tree goes away anyway)."""
    try:
        hard_link(source, target)
    except OSError:
        # Another file system, one without hard links (FAT, some network and FUSE mounts), a
        # file past its link limit, or no permission (protected_hardlinks).
        shutil.copy2(source, target, follow_symlinks=False)


def _slashes(path: str) -> list[int]:
    """Where each folder above ``path`` ends: ``a/b/c`` -> the ends of ``a`` and ``a/b``."""
    return [at for at, char in enumerate(path) if char == "/"]


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)
        return
    backup = out.parent / f".{out.name}.oapigen-old"
    _clear(backup)
    os.replace(out, backup)
    os.replace(staging, out)
    shutil.rmtree(backup)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names stay valid at every instant."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library the interpreter runs on
    except (OSError, TypeError):  # TypeError: Windows has no process-wide namespace
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    code = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(code == 0)
