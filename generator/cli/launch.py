"""Entry point of ``oapigen``: starts the validator's child before the heavy imports."""

from __future__ import annotations

import gc
import sys
from typing import NoReturn

from oapigen.spec import validate_early

# A run makes most of its objects once and keeps them to the end (modules, the spec, the IR):
# collecting the youngest generation every 700 allocations walked them again and again, ~0.1 s
# of a warm regeneration of the full OpenAI document. Cycles are still collected, less often.
_COLLECT_AFTER = (20_000, 50, 100)


def console() -> NoReturn:
    """The ``oapigen`` command: ``main()`` in a process that exits when it returns."""
    gc.set_threshold(*_COLLECT_AFTER)
    code = main()
    # The OS frees the memory: the interpreter's final collection over every object still
    # alive (15 ms of a 140 ms warm run) is skipped by freezing them first.
    gc.freeze()
    sys.exit(code)


def main() -> int:
    """Run the command line; an uncached ``generate`` first forks the validator's child."""
    argv = sys.argv[1:]
    # With the cache, the validator seldom runs; without it, it always does, so start it now.
    if argv[:1] == ["generate"] and "--no-cache" in argv:
        validate_early.start()
    try:
        from oapigen.cli import main as run  # noqa: PLC0415

        return run(argv)
    finally:
        validate_early.discard()
