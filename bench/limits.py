"""What limits the figures that miss: stage timings and import trees, gathered in the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .common import ROOT
from .report import fmt_seconds


def stage_lines(spec: Path, *, lenient: bool) -> list[str]:
    """One uncached run, stage by stage (serial black), as Markdown bullet lines."""
    argv = [sys.executable, "-m", "bench.stages", str(spec)] + (
        ["--lenient"] if lenient else []
    )
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return [f"- stage timing failed: {done.stderr.strip()[-300:]}"]
    total = sum(result["stages"].values())
    lines = [
        f"- {name}: {fmt_seconds(sec)} ({sec / total:.0%})"
        for name, sec in result["stages"].items()
    ]
    if result["failed"]:
        lines.append(f"- **stopped**: {result['failed']}")
    return lines


def import_lines(statement: str, top: int = 6) -> list[str]:
    """The modules with the largest cumulative import time under ``-X importtime``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generated")}
    argv = [sys.executable, "-X", "importtime", "-c", statement]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            rows.append((int(parts[1]), name.strip(), depth))
    shallow = sorted((r for r in rows if r[2] <= 1), reverse=True)[:top]
    return [f"- `{name}`: {us / 1000:.1f} ms cumulative" for us, name, _ in shallow]
