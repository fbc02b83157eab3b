"""Hostile bytes: YAML tags, huge numbers, bad encodings, forged diagnostic lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sec_harness import base_spec, run_cli


def _yaml_spec(extra: str) -> bytes:
    return ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n" + extra + "\n").encode()


@pytest.mark.parametrize(
    "tagged",
    [
        "x: !!python/object/apply:os.system ['touch {canary}']",
        "x: !!python/name:os.system",
        "x: !!python/object/new:subprocess.Popen [['touch', '{canary}']]",
        "x: !<tag:yaml.org,2002:python/object/apply:os.system> ['touch {canary}']",
    ],
)
def test_yaml_python_tags_are_refused_and_never_run(tagged: str, tmp_path: Path) -> None:
    """The safe loader knows no Python tags: a clear error, no command run."""
    case = tmp_path / "case"
    outcome = run_cli(
        _yaml_spec(tagged.replace("{canary}", str(case / "CANARY"))),
        case,
        suffix=".yaml",
    )
    outcome.assert_refused("yaml-syntax")
    assert not (case / "CANARY").exists()


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_integer_past_python_digit_limit_is_a_diagnostic(suffix: str, tmp_path: Path) -> None:
    """int() refuses over 4,300 digits with ValueError: reported, not a traceback."""
    raw = json.dumps(base_spec()).replace('"1.0"', "9" * 5000).encode()
    outcome = run_cli(raw, tmp_path / "case", suffix=suffix)
    outcome.assert_refused()
    assert "4300" in outcome.stderr


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"\xff\xfeopenapi: 3.0.3\n", "encoding"),
        (b"openapi: 3.0.3\x00\n", "yaml-syntax"),
        (b"- just\n- a list\n", "not-a-mapping"),
        (b"openapi: [unclosed\n", "yaml-syntax"),
        (b"a: &x [*x]\n", "alias-cycle"),
    ],
)
def test_bad_bytes_are_one_line_diagnostics(raw: bytes, code: str, tmp_path: Path) -> None:
    """Undecodable, NUL-bearing, non-mapping or broken YAML: exit 2, one line, nothing written."""
    outcome = run_cli(raw, tmp_path / "case", suffix=".yaml")
    outcome.assert_refused(code)
    assert len(outcome.stderr.splitlines()) == 1


def test_names_cannot_forge_diagnostic_lines(tmp_path: Path) -> None:
    """A property name with a newline and an escape code stays on its diagnostic's line."""
    spec = base_spec()
    props = spec["components"]["schemas"]["Item"]["properties"]
    for name in (
        "a\nb: error[fake]: forged",
        "a b: error[fake]: forged",
        "c\x1b[2Kd",
        "c[2Kd",
    ):
        props[name] = {"type": "string"}
    outcome = run_cli(spec, tmp_path / "case")
    # Names never refuse (issue 15): each collision is one warning line, and it generates.
    outcome.assert_generated()
    lines = outcome.stderr.splitlines()
    assert all(line.startswith("spec.json#/") for line in lines), lines
    assert "\x1b" not in outcome.stderr
    assert len(lines) == outcome.stderr.count("warning[name-collision]") == 2
