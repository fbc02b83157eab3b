"""The benchmark's profile reads real stages: every function it names is defined where it says."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bench.limits import PROFILE_POINTS

ROOT = Path(__file__).resolve().parents[2]


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


@pytest.mark.parametrize(("suffix", "function", "label"), PROFILE_POINTS)
def test_profile_point_names_a_defined_function(suffix: str, function: str, label: str) -> None:
    """D11: a stage renamed or removed must fail here, not print "0.0 µs" in bench/RESULTS.md."""
    source = ROOT / suffix
    assert source.is_file(), f"{label}: {suffix} does not exist"
    assert function in _defined(source), f"{label}: {suffix} defines no {function}()"
