"""An internal error (a bug in oapigen) as one line and exit code 3, never read as "stale"."""

from __future__ import annotations

import shlex
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

EXIT_INTERNAL = 3
# pyproject.toml names no issue tracker: the README's section says where and what to send.
REPORT_AT = 'see "Reporting a bug" in the README'


@dataclass(slots=True)
class Outcome:
    """The exit code of the command run inside ``internal_errors``."""

    code: int = EXIT_INTERNAL


@contextmanager
def internal_errors(argv: Sequence[str] | None, *, debug: bool) -> Iterator[Outcome]:
    """Turn any exception escaping the command into one line and EXIT_INTERNAL."""
    outcome = Outcome()
    try:
        yield outcome
    # Everything a spec or the OS can cause is a diagnostic by now: what reaches here is a bug.
    except Exception as exc:
        if debug:
            traceback.print_exc(file=sys.stderr)
        command = shlex.join(["oapigen", *(sys.argv[1:] if argv is None else argv)])
        what = f"{type(exc).__name__}: {str(exc)[:200]} (at {_last_frame(exc)})"
        message = (
            f"{what}; please report it ({REPORT_AT}) with the spec and the command `{command}`"
        )
        hint = "" if debug else " (add --debug for the traceback)"
        print(f"oapigen: error[internal]: {_one_line(message)}{hint}", file=sys.stderr)
        outcome.code = EXIT_INTERNAL


def _last_frame(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def _one_line(text: str) -> str:
    # An exception's text can quote the spec: a newline in it must not start a forged line.
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
