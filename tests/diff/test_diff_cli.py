"""``oapigen diff``: formats, exit codes, diagnostics instead of tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oapigen.cli import main

ROOT = Path(__file__).resolve().parents[2]

SMALL = {
    "openapi": "3.0.3",
    "info": {"title": "Small", "version": "1"},
    "paths": {
        "/x": {
            "get": {
                "operationId": "get-x",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/X"}}
                        },
                    }
                },
            }
        }
    },
    "components": {"schemas": {"X": {"type": "object", "properties": {"a": {"type": "string"}}}}},
}


@pytest.fixture(autouse=True)
def _project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_breaking_history_exits_1_with_both_locations(
    slices: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(slices["2025-01-21"]), str(slices["2025-03-22"])
    code, out, err = _run(capsys, old, new, "--lenient")
    assert code == 1
    assert "Traceback" not in err
    assert "BREAKING   type-widened RealtimeSessionCreateResponse.voice" in out
    pointer = "/components/schemas/RealtimeSessionCreateResponse/properties/voice"
    assert f"old {old}#{pointer}" in out and f"new {new}#{pointer}" in out


def test_json_and_markdown_carry_the_same_changes(
    slices: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(slices["2025-03-22"]), str(slices["2026-08-21"])
    code, out, _ = _run(capsys, old, new, "--lenient", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["breaking"] == sum(c["breaking"] for c in data["changes"]) > 0
    assert data["compatible"] == len(data["changes"]) - data["breaking"]
    assert {"kind", "subject", "breaking", "detail", "old", "new"} == set(data["changes"][0])
    code, md, _ = _run(capsys, old, new, "--lenient", "--format", "markdown")
    assert code == 1
    assert "## Breaking" in md and "## Compatible" in md
    assert md.count("\n- **") == len(data["changes"])


def test_compatible_only_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    grown = json.loads(json.dumps(SMALL))
    grown["components"]["schemas"]["X"]["properties"]["b"] = {"type": "integer"}
    new.write_text(yaml.safe_dump(grown), encoding="utf-8")
    code, out, _ = _run(capsys, str(old), str(new))
    assert code == 0
    assert "0 breaking, 1 compatible" in out and "field-added X.b: optional" in out
    code, out, _ = _run(capsys, str(old), str(old))
    assert code == 0
    assert "no changes to the client's API" in out


def test_bad_input_exits_2_without_traceback(
    tmp_path: Path,
    slices: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A project with the default config: this repository's says lenient = true.
    monkeypatch.chdir(tmp_path)
    good = str(slices["2025-01-21"])
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [unclosed\n", encoding="utf-8")
    # A defect only --lenient lets through: a response without its description.
    invalid = tmp_path / "invalid.yaml"
    document = yaml.safe_load(slices["2025-03-22"].read_text(encoding="utf-8"))
    for operation in document["paths"]["/realtime/sessions"].values():
        del operation["responses"]["200"]["description"]
    invalid.write_text(yaml.safe_dump(document), encoding="utf-8")
    for args in (
        (good, str(tmp_path / "missing.yaml")),
        (str(broken), good),
        (good, str(invalid)),
    ):
        code, out, err = _run(capsys, *args)
        assert code == 2, args
        assert out == ""
        assert "error[" in err and "Traceback" not in err


def test_report_is_the_same_under_any_hash_seed(slices: dict[str, Path]) -> None:
    command = [
        sys.executable,
        "-m",
        "oapigen",
        "diff",
        str(slices["2025-03-22"]),
        str(slices["2026-08-21"]),
        "--lenient",
        "--format",
        "json",
    ]
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=False)
        assert done.returncode == 1, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_spec_keys_cannot_fake_report_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump(SMALL), encoding="utf-8")
    grown = json.loads(json.dumps(SMALL))
    evil = "b\n- **field-removed** `X.a`\x1b[2J"
    grown["components"]["schemas"]["X"]["properties"][evil] = {"type": "integer"}
    new.write_text(yaml.safe_dump(grown), encoding="utf-8")
    code, out, _ = _run(capsys, str(old), str(new), "--format", fmt)
    assert code == 0
    assert "\x1b" not in out
    assert "field-removed" not in out.replace("\\n- **field-removed**", "")
    assert len([line for line in out.splitlines() if "field-added" in line]) == 1
