"""ruff formats the generated code; its output must be black's, byte for byte (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oapigen import Config, generate

from ..black_check import would_reformat
from .conftest import ROOT

INLINE_SPECS = sorted((ROOT / "tests").glob("*/specs/*.yaml"))


def test_the_committed_client_is_what_black_would_write(tmp_path: Path) -> None:
    changed, summary = would_reformat(ROOT / "generated", tmp_path)
    print(f"generated/: black --check: {summary}")
    assert changed == []


@pytest.mark.parametrize("spec", INLINE_SPECS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_clients_of_the_test_specs_are_what_black_would_write(tmp_path: Path, spec: Path) -> None:
    out = tmp_path / "out"
    generate(Config(spec=spec, out=out, package="kit", root=ROOT, use_cache=False))
    changed, summary = would_reformat(out, tmp_path / "black-cache")
    print(f"{spec.name}: black --check: {summary}")
    assert changed == []


def test_the_check_sees_a_layout_ruff_and_black_disagree_on(tmp_path: Path) -> None:
    # ruff keeps this as it is; black wraps the conditional argument in parentheses.
    body = "    return f(\n        x=a_long_enough_name\n        if condition_is_true_here\n"
    body += "        else another_long_enough_name_to_split_the_line_now,\n    )\n"
    (tmp_path / "m.py").write_text(f"def g():\n{body}", encoding="utf-8")
    changed, _ = would_reformat(tmp_path, tmp_path / "black-cache")
    assert changed == [str(tmp_path / "m.py")]
