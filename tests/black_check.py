"""``black --check`` at the generator's settings: the reference for the ruff-formatted code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# The settings generator/format.py gives ruff. Passing them in a file of their own keeps this
# repository's black config (100 columns, generated/ excluded) out of the check.
SETTINGS = Path(__file__).resolve().parent / "black_generated.toml"


def would_reformat(path: Path, cache: Path) -> tuple[list[str], str]:
    """The files under ``path`` black would change (none, when ruff laid them out right),
    and black's summary line."""
    proc = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--config", str(SETTINGS), str(path)],
        env={**os.environ, "BLACK_CACHE_DIR": str(cache)},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = proc.stderr.splitlines()
    changed = [line.removeprefix("would reformat ") for line in lines if line.startswith("would ")]
    summary = lines[-1] if lines else ""
    # An empty folder, or black failing outright, must not pass as "nothing to change".
    checked = proc.returncode == 0 and "left unchanged" in summary
    assert checked or (proc.returncode == 1 and changed), proc.stderr[-2000:]
    return changed, summary
