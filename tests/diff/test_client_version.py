"""The client's own version follows its API; generate's summary line and --check's diff summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from oapigen.apidiff.diff import Change
from oapigen.apidiff.release import MAJOR, MINOR, NONE, PATCH, bump_of, bumped, release_of
from oapigen.cli import main

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Small", "version": "7"},
    "paths": {
        "/x": {
            "post": {
                "operationId": "post-x",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/X"}}},
                },
                "responses": {"204": {"description": "ok"}},
            }
        }
    },
    "components": {"schemas": {"X": {"type": "object", "properties": {"a": {"type": "string"}}}}},
}


def _change(*, breaking: bool) -> Change:
    return Change(kind="k", subject="S.f", breaking=breaking, detail="", old=None, new=None)


def test_bump_follows_the_classes_of_the_changes() -> None:
    assert bump_of([_change(breaking=False), _change(breaking=True)], spec_changed=True) == MAJOR
    assert bump_of([_change(breaking=False)], spec_changed=True) == MINOR
    assert bump_of([], spec_changed=True) == PATCH
    assert bump_of([], spec_changed=False) == NONE
    assert [bumped("1.4.2", b) for b in (MAJOR, MINOR, PATCH, NONE)] == [
        "2.0.0",
        "1.5.0",
        "1.4.3",
        "1.4.2",
    ]
    assert release_of(None, (), first="3.1.0", spec_changed=False).version == "3.1.0"
    # No recorded API to compare with: a changed spec is taken as breaking.
    assert release_of("1.2.3", None, first="1.0.0", spec_changed=True).version == "2.0.0"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.oapigen]\nspec = "openapi.yaml"\nversion = "0.3.0"\n', encoding="utf-8"
    )
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return tmp_path


def _edit(project: Path, change: dict[str, object]) -> None:
    spec = json.loads(json.dumps(SPEC))
    spec["components"]["schemas"]["X"]["properties"] = change
    (project / "openapi.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")


def _version(project: Path) -> str:
    manifest = json.loads((project / "generated" / ".oapigen-manifest.json").read_text("utf-8"))
    return str(manifest["client_version"])


def test_version_summary_line_and_check(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("; first version 0.3.0\n") and out.count("\n") == 1
    assert _version(project) == "0.3.0"
    assert 'version = "0.3.0"' in (project / "generated" / "pyproject.toml").read_text("utf-8")
    # An unchanged spec changes nothing, not even the version.
    assert main(["generate"]) == 0
    assert (
        capsys.readouterr().out
        == "generated: 0 file(s) written, 0 removed; spec unchanged, version 0.3.0\n"
    )
    # A compatible change: minor. --check first: exit 1, with what regenerating brings.
    _edit(project, {"a": {"type": "string"}, "b": {"type": "integer"}})
    assert main(["generate", "--check"]) == 1
    err = capsys.readouterr().err
    assert (
        "regenerating would bring: 0 breaking, 1 compatible change(s); version 0.3.0 -> 0.4.0"
        in err
    )
    assert "  compatible field-added X.b: optional" in err
    assert _version(project) == "0.3.0"
    assert main(["generate"]) == 0
    assert "; version 0.3.0 -> 0.4.0 (minor)\n" in capsys.readouterr().out
    # A removed field breaks code that sets it: major.
    _edit(project, {"b": {"type": "integer"}})
    assert main(["generate"]) == 0
    assert "1 breaking, 0 compatible change(s); version 0.4.0 -> 1.0.0 (major)" in (
        capsys.readouterr().out
    )
    changelog = (project / "generated" / "CHANGELOG.md").read_text("utf-8")
    assert changelog.index("## 1.0.0 (2026-01-01)") < changelog.index("## 0.4.0 (2026-01-01)")
    assert "info.version `7`" in changelog


def test_diff_json_has_the_bump_and_labels_are_project_relative(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copyfile(project / "openapi.yaml", project / "old.yaml")
    assert main(["diff", "old.yaml", str(project / "openapi.yaml"), "--format", "json"]) == 0
    same = json.loads(capsys.readouterr().out)
    assert same["bump"] == NONE and same["old"] == "old.yaml" and same["new"] == "openapi.yaml"
    _edit(project, {"b": {"type": "integer"}})
    assert main(["diff", "old.yaml", "openapi.yaml", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["bump"] == MAJOR


def test_list_default_on_an_item_schema_is_named_as_such(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = {"type": "string", "enum": ["text", "audio"], "default": ["text", "audio"]}
    _edit(project, {"m": {"type": "array", "items": items}})
    # One fix only (README): the default is dropped, and the warning says where it belongs.
    assert main(["validate", "openapi.yaml"]) == 0
    err = capsys.readouterr().err
    assert (
        "/properties/m/items/default: warning[repaired]: dropped: default ['text', 'audio'] is not"
        " of the schema's type 'string' (a list default belongs on the array schema, one level up)"
        in err
    )


@pytest.mark.parametrize(
    ("prop", "line"),
    [
        (
            {
                "type": "array",
                "items": {"type": "string", "enum": ["p", "q"]},
                "default": ["p", "r"],
            },
            "/properties/m/default/1: error[spec-invalid]: item 1 of the default 'r' is not one"
            " of the values the enum allows ('p', 'q')",
        ),
        (
            {"type": "string", "enum": []},
            "X: error[spec-invalid]: not a valid Schema or Reference: at properties/m/enum: enum []"
            " lists no value: an enum needs at least one (leave it out to allow any)",
        ),
    ],
)
def test_validator_names_the_value_and_why(
    project: Path, capsys: pytest.CaptureFixture[str], prop: dict[str, object], line: str
) -> None:
    _edit(project, {"m": prop})
    assert main(["validate", "openapi.yaml"]) == 2
    err = capsys.readouterr().err
    assert line in err
    assert "{'" not in err  # no schema printed as a Python dict


def test_a_description_edit_is_a_patch(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate"]) == 0
    _edit(project, {"a": {"type": "string", "description": "The letter a."}})
    assert main(["generate"]) == 0
    assert capsys.readouterr().out.endswith(
        "; no changes to the client's API; version 0.3.0 -> 0.3.1 (patch)\n"
    )
    entry = (project / "generated" / "CHANGELOG.md").read_text("utf-8").split("\n## ", 1)[1]
    assert entry.startswith("0.3.1 (2026-01-01)\n")
    assert "\nNo changes to the client's API (`openapi.yaml`: previous -> this version).\n" in entry
