"""Figure 6: import time in a fresh interpreter, net of the interpreter's own start-up."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from .common import ROOT, Run, Series, interleave, run_child

STATEMENTS = {
    "python -c pass (start-up, subtracted)": "pass",
    "import urllib3": "import urllib3",
    "import openapi_openai": "import openapi_openai",
    "openapi_openai: RealtimeApi + request model": (
        "from openapi_openai import RealtimeApi, RealtimeSessionCreateRequest"
    ),
    "import oag_client (OpenAPI Generator)": "import oag_client",
    "import open_ai_api_client (openapi-python-client)": "import open_ai_api_client",
    "import openai": "import openai",
}
BASELINE = "python -c pass (start-up, subtracted)"


def measure(workdir: Path, *, warmup: int, reps: int) -> dict[str, Series]:
    """Wall time of each statement in a fresh ``python -c``; the baseline is subtracted later."""
    env = dict(os.environ)
    paths = [ROOT / "generated", workdir / "oag", workdir / "opc"]
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def runner(statement: str) -> Callable[[], Run]:
        return lambda: run_child([sys.executable, "-c", statement], env=env)

    return interleave(
        {k: runner(v) for k, v in STATEMENTS.items()}, warmup=warmup, reps=reps
    )
