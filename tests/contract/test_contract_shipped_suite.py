"""The tests shipped in generated/tests pass, as a user would run them (no Node, no Prism)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from client_helpers import GENERATED


def test_shipped_suite_passes(tmp_path: Path, counts: Counter[str]) -> None:
    """``pytest generated/tests`` with the committed package importable, run from elsewhere."""
    routes = json.loads((GENERATED / "tests" / "routes.json").read_text(encoding="utf-8"))
    model_files = (GENERATED / "openapi_openai" / "models").glob("*.py")
    models = sum("@dataclass" in path.read_text(encoding="utf-8") for path in model_files)
    env = {**os.environ, "PYTHONPATH": str(GENERATED)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error",
            "--rootdir",
            str(GENERATED),
            str(GENERATED / "tests"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    print(result.stdout[-2000:])
    assert result.returncode == 0, result.stdout + result.stderr
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed is not None, result.stdout
    # Three tests per operation (call, _with_http_info, error), one per model, and the tests
    # against a hostile server that every client ships (issue 19).
    hostile = (GENERATED / "tests" / "test_hostile.py").read_text(encoding="utf-8")
    hostile_tests = len(re.findall(r"^def test_", hostile, flags=re.MULTILINE))
    assert hostile_tests > 0
    assert int(passed.group(1)) == 3 * len(routes) + models + hostile_tests, result.stdout
    counts["shipped suite: tests passed"] += int(passed.group(1))
