"""Where each part of a bundled document came from, so diagnostics point into the real file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from oapigen.diagnostics import Diagnostic, SpecError


class Origins:
    """Pointers of the bundled document where another file's content starts, and that place."""

    def __init__(self, root_label: str) -> None:
        self.root_label = root_label
        self._starts: dict[str, tuple[str, str]] = {}

    def add(self, pointer: str, label: str, file_pointer: str) -> None:
        """Content at ``pointer`` is ``label#file_pointer``."""
        self._starts[pointer] = (label, file_pointer)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def locate(self, pointer: str) -> tuple[str, str]:
        """(file label, pointer in that file) of a bundled pointer."""
        prefix = pointer
        while True:
            start = self._starts.get(prefix)
            if start is not None:
                return start[0], start[1] + pointer[len(prefix) :]
            if not prefix:
                return self.root_label, pointer
            prefix = prefix.rpartition("/")[0]

    def relocate(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics, each pointing into the file its content came from."""
        return [self._moved(diag) for diag in diagnostics]

    def _moved(self, diag: Diagnostic) -> Diagnostic:
        if diag.file != self.root_label or diag.pointer.startswith(":") or not self:
            return diag
        file, pointer = self.locate(_plain(diag.pointer))
        return Diagnostic(
            file=file, pointer=pointer, code=diag.code, message=diag.message, severity=diag.severity
        )

    @contextmanager
    def relocating(self) -> Iterator[None]:
        """Spec errors raised inside point into the files their content came from."""
        try:
            yield
        except SpecError as exc:
            raise SpecError(self.relocate(exc.diagnostics)) from None


def _plain(pointer: str) -> str:
    # Some stages write pointers with a leading '#'.
    return pointer[1:] if pointer.startswith("#") else pointer
