"""Spec problems as values: severity, stable code, JSON pointer, message."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a diagnostic is; only errors stop generation."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Diagnostic:
    """One problem found in a spec, pointing at where it is."""

    file: str
    pointer: str
    code: str
    message: str
    severity: Severity = field(default=Severity.ERROR, compare=False)

    def render(self) -> str:
        """Format as the one-line form the CLI prints."""
        where = (
            self.file + self.pointer
            if self.pointer.startswith(":")
            else f"{self.file}#{self.pointer}"
        )
        return f"{_one_line(where)}: {self.severity.value}[{self.code}]: {_one_line(self.message)}"


def _one_line(text: str) -> str:
    # Spec names reach pointers and messages: a raw newline or escape code could forge a line.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class SpecError(Exception):
    """Raised by a stage when the spec cannot be processed further."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} spec error(s)")
        self.diagnostics = sorted(set(diagnostics))


@dataclass(slots=True)
class Collector:
    """Accumulates diagnostics for one file during a stage."""

    file: str
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pointer: str, code: str, message: str) -> None:
        """Record an error."""
        self.items.append(Diagnostic(file=self.file, pointer=pointer, code=code, message=message))

    def warning(self, pointer: str, code: str, message: str) -> None:
        """Record a warning."""
        self.items.append(
            Diagnostic(
                file=self.file,
                pointer=pointer,
                code=code,
                message=message,
                severity=Severity.WARNING,
            )
        )

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors collected so far."""
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings collected so far."""
        return [d for d in self.items if d.severity is Severity.WARNING]

    def raise_if_errors(self) -> None:
        """Stop the pipeline when any error was recorded."""
        if self.errors:
            raise SpecError(self.errors)


class FormatError(Exception):
    """The formatter could not parse a rendered file: a generator bug, never the user's fault."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
