"""Bad specs: one file per defect, its diagnostics beside it; exit 2, no traceback, no output."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ..commands import oapigen
from .conftest import ROOT

CASES = sorted((Path(__file__).parent / "bad_specs").glob("*.yaml"))


@pytest.mark.parametrize("spec", CASES, ids=[c.stem for c in CASES])
def test_bad_spec_gives_its_diagnostics(spec: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # Strict, whatever this repository's [tool.oapigen] says (lenient, for OpenAI's spec).
    result = _generate("--no-lenient", spec.relative_to(ROOT), out)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == spec.with_suffix(".expected").read_text(encoding="utf-8")
    assert not out.exists()
    assert not list(tmp_path.iterdir())


LENIENT_CASES = [c for c in CASES if c.with_name(f"{c.stem}.lenient.expected").is_file()]


@pytest.mark.parametrize("spec", LENIENT_CASES, ids=[c.stem for c in LENIENT_CASES])
def test_lenient_repairs_what_it_downgrades(spec: Path, tmp_path: Path) -> None:
    """Under --lenient the defect is a warning, and the repair that lets the build go on is told."""
    out = tmp_path / "out"
    result = _generate("--lenient", spec.relative_to(ROOT), out)
    assert result.returncode == 0, result.stderr
    expected = spec.with_name(f"{spec.stem}.lenient.expected").read_text(encoding="utf-8")
    assert result.stderr == expected
    assert (out / "openapi_openai" / "__init__.py").is_file()


def test_lenient_turns_duplicate_required_into_a_warning(tmp_path: Path) -> None:
    spec = Path(__file__).parent / "bad_specs" / "duplicate_required.yaml"
    result = _generate("--lenient", spec, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "warning[duplicate-required]" in result.stderr
    assert (tmp_path / "out" / "openapi_openai" / "models" / "thing.py").is_file()


def test_validate_exit_codes() -> None:
    ok = oapigen("validate", "spec/realtime_sessions.yaml")
    assert ok.returncode == 0 and ok.stderr == ""
    bad = oapigen("validate", "tests/pipeline/bad_specs/external_ref.yaml")
    assert bad.returncode == 2 and "error[external-ref]" in bad.stderr


def test_usage_error_exits_2() -> None:
    result = oapigen("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def _generate(leniency: str, spec: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """``oapigen generate`` of ``spec`` into ``out``, from the checkout root."""
    return oapigen("generate", leniency, "--spec", str(spec), "--out", str(out))
