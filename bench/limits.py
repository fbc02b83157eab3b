"""What limits the figures that miss: stage timings and import trees, gathered in the same run."""

from __future__ import annotations

import json
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

from .common import ROOT
from .report import fmt_seconds


def stage_lines(spec: Path, *, lenient: bool) -> list[str]:
    """One uncached run, stage by stage, as Markdown bullet lines."""
    argv = [sys.executable, "-m", "bench.stages", str(spec)] + (["--lenient"] if lenient else [])
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
            name = parts[2][1:].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            rows.append((int(parts[1]), name.strip(), depth))
    shallow = sorted((r for r in rows if r[2] <= 1), reverse=True)[:top]
    return [f"- `{name}`: {us / 1000:.1f} ms cumulative" for us, name, _ in shallow]


# Where a run's time goes: (file, function, label) read off cProfile's cumulative times.
# tests/bench/test_limits.py checks that each function is still defined in its file, so a
# renamed stage shows up as a failing test, not as a silent "0.0 µs" in the results.
PROFILE_POINTS = (
    ("generator/spec/load.py", "load_spec", "load (YAML)"),
    ("generator/spec/checks.py", "check", "our checks"),
    ("generator/spec/upstream.py", "start", "upstream validator, started (its cache read)"),
    ("generator/spec/upstream.py", "report_when_done", "upstream validator, waited for"),
    ("generator/build/__init__.py", "build_client", "build IR"),
    ("generator/render/__init__.py", "render_client", "render (Jinja)"),
    ("generator/render/docs/__init__.py", "render_docs", "  of which: docs pages"),
    ("generator/render/tests.py", "render_tests", "  of which: shipped tests"),
    ("generator/format/__init__.py", "finish", "format (ruff + its cache)"),
    ("generator/format/ruff.py", "_run", "  of which: ruff over a folder"),
    ("generator/output/write.py", "write_tree", "write the tree"),
)


def profile_lines(argv: list[str], env: dict[str, str]) -> list[str]:
    """Run ``argv`` (an oapigen command) under cProfile; cumulative time of each stage."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "oapigen"]
        done = subprocess.run(
            command + argv[1:], cwd=ROOT, env=env, capture_output=True, check=False
        )
        if not out.exists():
            return [f"- profile failed: exit {done.returncode}"]
        stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
    total = max(entry[3] for entry in stats.values())
    lines = [f"- whole process under cProfile: {fmt_seconds(total)}"]
    for suffix, func, label in PROFILE_POINTS:
        found = [v[3] for (f, _, n), v in stats.items() if n == func and f.endswith(suffix)]
        lines.append(f"- {label}: {fmt_seconds(sum(found)) if found else 'not called'}")
    if done.returncode:
        lines.append(f"- (the run exited {done.returncode})")
    return lines
