"""Figure 6: import time in a fresh interpreter, from ``-X importtime``.

Each sample is a new ``python -X importtime -c STATEMENT``; its figure is the cumulative time
of the top-level imports the statement triggered (those reported after ``site``), which
leaves out interpreter start-up without subtracting two noisy wall times.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from .common import ROOT, Series, interleave

STATEMENTS = {
    "import urllib3": "import urllib3",
    "import openapi_openai": "import openapi_openai",
    "openapi_openai: RealtimeApi + request model": (
        "from openapi_openai import RealtimeApi, RealtimeSessionCreateRequest"
    ),
    "import oag_client (OpenAPI Generator)": "import oag_client",
    "import open_ai_api_client (openapi-python-client)": "import open_ai_api_client",
    "import openai": "import openai",
}


def statement_seconds(statement: str, env: dict[str, str]) -> float:
    """Cumulative seconds of the top-level imports ``statement`` makes in a new interpreter."""
    argv = [sys.executable, "-X", "importtime", "-c", statement]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    total_us, after_site = 0, False
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2][1:].rstrip()  # the one space after "|" is not indentation
        top_level = name == name.lstrip()
        if after_site and top_level:
            total_us += int(parts[1])
        after_site = after_site or (top_level and name == "site")
    return total_us / 1e6


def measure(workdir: Path, *, warmup: int, reps: int) -> dict[str, Series]:
    """Every statement, interleaved; Python's bytecode caches are warm after the warm-up."""
    env = dict(os.environ)
    paths = [ROOT / "generated", workdir / "oag", workdir / "opc"]
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def runner(statement: str) -> Callable[[], float]:
        return lambda: statement_seconds(statement, env)

    return interleave({k: runner(v) for k, v in STATEMENTS.items()}, warmup=warmup, reps=reps)
