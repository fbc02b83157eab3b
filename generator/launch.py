"""Entry point of ``oapigen``: starts the validator's child before the heavy imports."""

from __future__ import annotations

import sys

from . import validate_early


def main() -> int:
    """Run the command line; an uncached ``generate`` first forks the validator's child."""
    argv = sys.argv[1:]
    # With the cache, the validator seldom runs; without it, it always does, so start it now.
    if argv[:1] == ["generate"] and "--no-cache" in argv:
        validate_early.start()
    try:
        from .cli import main as run  # noqa: PLC0415 - after the fork: the point of this module

        return run(argv)
    finally:
        validate_early.discard()
