"""An internal error is one line and exit 3 (never 1, "stale"); the traceback only under --debug."""

from __future__ import annotations

from pathlib import Path

import pytest

from oapigen.cli import EXIT_BAD_INPUT, EXIT_STALE, main
from oapigen.cli.internal import EXIT_INTERNAL, internal_errors

from .conftest import ROOT


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_bug_is_one_line_and_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    with internal_errors(["generate", "--spec", "a b.yaml"], debug=False) as outcome:
        _fail("first\nsecond")
    err = capsys.readouterr().err
    assert outcome.code == EXIT_INTERNAL == 3
    assert EXIT_INTERNAL not in {EXIT_STALE, EXIT_BAD_INPUT}
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("oapigen: error[internal]: ValueError: first\\nsecond (at ")
    assert "(at test_internal_errors.py:" in err
    # pyproject.toml names no tracker: the line points at the README's section, which exists.
    assert 'please report it (see "Reporting a bug" in the README) with the spec' in err
    assert "\n## Reporting a bug\n" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "the command `oapigen generate --spec 'a b.yaml'`" in err  # quoted as a shell would
    assert err.rstrip().endswith("(add --debug for the traceback)")


def test_debug_prints_the_traceback_first(capsys: pytest.CaptureFixture[str]) -> None:
    with internal_errors(["--debug", "generate"], debug=True) as outcome:
        _fail("boom")
    err = capsys.readouterr().err
    assert outcome.code == EXIT_INTERNAL
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1].startswith("oapigen: error[internal]: ValueError: boom (at")
    assert "add --debug" not in err


def test_a_command_that_returns_keeps_its_code(capsys: pytest.CaptureFixture[str]) -> None:
    with internal_errors([], debug=False) as outcome:
        outcome.code = EXIT_STALE
    assert outcome.code == EXIT_STALE
    assert capsys.readouterr().err == ""


def test_validate_reads_lenient_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`oapigen validate` follows `lenient = true` in [tool.oapigen], as generate and diff do."""
    spec = tmp_path / "broken.yaml"
    spec.write_text(_BROKEN_SPEC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(spec)]) == EXIT_BAD_INPUT
    assert "error[" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text("[tool.oapigen]\nlenient = true\n", encoding="utf-8")
    assert main(["validate", str(spec)]) == 0
    assert "warning[" in capsys.readouterr().err


# An operation without responses: an error, or with lenient a warning.
_BROKEN_SPEC = """\
openapi: 3.0.3
info: {title: Broken, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
"""


def test_debug_is_a_global_flag(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(ROOT / "spec" / "realtime_sessions.yaml")
    assert main(["--debug", "validate", spec]) == 0
    missing = str(ROOT / "no-such-spec.yaml")
    assert main(["--debug", "validate", missing]) == EXIT_BAD_INPUT
    assert "error[unreadable]" in capsys.readouterr().err
