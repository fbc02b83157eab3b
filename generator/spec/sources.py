"""The files of a split spec: read within limits, labelled for diagnostics, known to the cache."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import marshal
import posixpath
import stat
import sys
from pathlib import Path
from typing import Any

import yaml

from oapigen import cache
from oapigen.diagnostics import Diagnostic, SpecError
from oapigen.spec import load

_FAILED = object()
_MISSING = object()


class Sources:
    """Every file a spec refers to, read once each; the byte limit holds for all of them."""

    def __init__(
        self, root: Path, root_label: str, root_data: Any, root_size: int, cache_dir: Path | None
    ) -> None:
        self.cache_dir = cache_dir
        self.root = root.resolve()
        self.root_dir = self.root.parent
        self.root_label = root_label
        self.total_bytes = root_size
        self.diagnostics: list[Diagnostic] = []
        self._data: dict[Path, Any] = {self.root: root_data}
        # SHA-256 of each file's bytes as read: the run cache keys a split spec by them.
        self.read: dict[Path, str] = {}

    def label(self, file: Path) -> str:
        """The file as diagnostics name it: beside the root spec's own label."""
        if file == self.root:
            return self.root_label
        relative = file.relative_to(self.root_dir).as_posix()
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.root_label), relative))

    @property
    def files(self) -> list[Path]:
        """The files read besides the root, in the order they were first needed."""
        return [f for f in self._data if f != self.root]

    def data(self, file: Path) -> tuple[str | None, Any]:
        """(None, content) of ``file``, or (why not, None); a file's own errors are kept."""
        if file not in self._data:
            self._data[file] = self._read(file)
        value = self._data[file]
        if value is _MISSING:
            return "no such file", None
        if value is _FAILED:
            return f"{self.label(file)} has errors", None
        return None, value

    def _read(self, file: Path) -> Any:
        label = self.label(file)
        try:
            raw = self._read_bytes(file)
        except FileNotFoundError:
            return _MISSING  # said where the ref is, once per ref
        except OSError as exc:
            self._fail(label, "unreadable", f"cannot read: {exc.strerror or exc}")
            return _FAILED
        if raw is None:
            # The limit of one file holds for all of them together.
            self._fail(label, "too-large", f"the spec's files pass {load.MAX_BYTES} bytes")
            return _FAILED
        self.read[file] = hashlib.sha256(raw).hexdigest()
        json_only = file.suffix.lower() == ".json"
        entry = cache.key("spec part 1", sys.version, yaml.__version__, str(json_only), raw)
        stored = cache.read(self.cache_dir, "parts", entry)
        if stored is not None:
            with contextlib.suppress(ValueError, EOFError, TypeError):
                return marshal.loads(stored)
        try:
            data = load.parse_spec(raw, name=label, json_only=json_only, any_value=True)
        except SpecError as exc:
            self.diagnostics.extend(exc.diagnostics)
            return _FAILED
        # Parsing is most of the time a split spec takes (2,900 files): a checked part is kept.
        # marshal refuses what YAML alone makes (dates): those parts are parsed each time.
        with contextlib.suppress(ValueError):
            cache.write(self.cache_dir, "parts", entry, marshal.dumps(data))
        return data

    def _read_bytes(self, file: Path) -> bytes | None:
        """The file's bytes, or None past the byte limit; never blocks on a pipe or device."""
        # Checked before opening: opening a named pipe waits for a writer.
        if not stat.S_ISREG(file.stat().st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        room = load.MAX_BYTES - self.total_bytes
        with file.open("rb") as handle:
            raw = handle.read(room + 1)
        self.total_bytes += len(raw)
        return None if len(raw) > room else raw

    def _fail(self, label: str, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(file=label, pointer=":1:1", code=code, message=message))
