"""``--strict`` / ``strict = true``: every vendor defect with one fix is an error, not a repair.

Each mendable defect alone in a spec: the default mode warns once and generates, strict mode
refuses with one ``error[repairable]`` line pointing at it (exit 2, nothing written).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from oapigen.cli import main
from oapigen.config import Config, ConfigError, spec_mode
from oapigen.diagnostics import Collector
from oapigen.spec.mend import mend

from .conftest import make_spec

PROP = "/components/schemas/S/properties/p"
STATUS = "/paths/~1s/get/responses"
# defect -> (schema of property p, its 2xx/4xx response keys, where it is, what the error says)
DEFECTS: dict[str, tuple[dict[str, Any], str, str, str]] = {
    "boolean-default": (
        {"type": "boolean", "default": "true"},
        "4XX",
        f"{PROP}/default",
        "default 'true' is not of the schema's type 'boolean' (strict mode; otherwise dropped)",
    ),
    "null-default": (
        {"type": "string", "default": None},
        "4XX",
        f"{PROP}/default",
        "default None is null and the schema is not nullable (strict mode; otherwise dropped)",
    ),
    "enum-default": (
        {"type": "string", "enum": ["edge"], "default": "core"},
        "4XX",
        f"{PROP}/default",
        "default 'core' is not one of the values the enum allows (strict mode; otherwise dropped)",
    ),
    "date-time-default": (
        {"type": "string", "format": "date-time", "default": "<now>"},
        "4XX",
        f"{PROP}/default",
        "default '<now>' is not a date-time (strict mode; otherwise dropped)",
    ),
    "ecma-pattern": (
        {"type": "string", "pattern": "^(?<id>[a-z]{2})$"},
        "4XX",
        f"{PROP}/pattern",
        "pattern '^(?<id>[a-z]{2})$' is not a regular expression Python reads",
    ),
    "lower-case-status": (
        {"type": "string"},
        "4xx",
        f"{STATUS}/4xx",
        "response status '4xx' is no status: a range is written '4XX' "
        "(strict mode; otherwise read as '4XX')",
    ),
}


def _spec(defect: str) -> dict[str, Any]:
    prop, client_error, *_ = copy.deepcopy(DEFECTS[defect])  # mend changes the document
    ok = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}},
    }
    responses = {"200": ok, client_error: {"description": "client error"}}
    paths = {"/s": {"get": {"operationId": "getS", "responses": responses}}}
    return make_spec({"S": {"type": "object", "properties": {"p": prop}}}, paths)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder as the current one (no [tool.oapigen] applies) with its own cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OAPIGEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


def _write(folder: Path, document: dict[str, Any], name: str = "api.yaml") -> str:
    (folder / name).write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return name


def _configured(project: Path, settings: str) -> None:
    """A spec with a repairable defect, and [tool.oapigen] naming it, plus ``settings``."""
    _write(project, _spec("boolean-default"))
    table = f'[tool.oapigen]\nspec = "api.yaml"\n{settings}'
    (project / "pyproject.toml").write_text(table, encoding="utf-8")


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_mend_strict_records_an_error_where_the_default_mode_warns(defect: str) -> None:
    _, _, where, message = DEFECTS[defect]
    warned, refused = Collector("api.yaml"), Collector("api.yaml")
    mend(_spec(defect), warned)
    mend(_spec(defect), refused, strict=True)
    assert [(d.severity.name, d.code) for d in warned.items] == [("WARNING", "repaired")]
    assert [(d.severity.name, d.code, d.pointer) for d in refused.items] == [
        ("ERROR", "repairable", where)
    ]
    assert refused.items[0].message.startswith(message)


@pytest.mark.parametrize("defect", list(DEFECTS))
def test_default_mode_warns_and_generates_strict_refuses_naming_it(
    defect: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(project, _spec(defect))
    assert main(["generate", "--spec", spec, "--out", "out"]) == 0
    warnings = _lines(capsys)
    assert len(warnings) == 1 and ": warning[repaired]: " in warnings[0], warnings
    assert (project / "out").is_dir()

    _, _, where, message = DEFECTS[defect]
    assert main(["generate", "--spec", spec, "--out", "strict-out", "--strict"]) == 2
    errors = _lines(capsys)
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"api.yaml#{where}: error[repairable]: {message}")
    assert not (project / "strict-out").exists()


def test_strict_from_the_config_and_the_flags_over_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configured(project, 'out = "out"\nstrict = true\n')
    assert main(["generate"]) == 2
    assert ": error[repairable]: " in capsys.readouterr().err
    assert main(["generate", "--no-strict"]) == 0
    assert ": warning[repaired]: " in capsys.readouterr().err
    # --lenient wins over a configured strict: the defect is repaired again.
    assert main(["generate", "--lenient"]) == 0
    assert ": warning[repaired]: " in capsys.readouterr().err


def test_the_cache_keeps_strict_apart(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A default run stored in the cache does not answer a strict one."""
    spec = _write(project, _spec("null-default"))
    assert main(["generate", "--spec", spec, "--out", "out"]) == 0
    assert main(["generate", "--spec", spec, "--out", "out", "--check"]) == 0
    capsys.readouterr()
    assert main(["generate", "--spec", spec, "--out", "out", "--strict", "--check"]) == 2
    assert ": error[repairable]: " in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "api.yaml"],
        ["diff", "old.yaml", "api.yaml"],
        ["docs", "--spec", "api.yaml", "--out", "pages"],
    ],
    ids=["validate", "diff", "docs"],
)
def test_validate_diff_and_docs_take_strict(
    command: list[str], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(project, _spec("lower-case-status"))
    _write(project, _spec("lower-case-status"), "old.yaml")
    assert main([*command, "--strict"]) == 2
    errors = [line for line in _lines(capsys) if ": error[" in line]
    assert errors and all(f"#{STATUS}/4xx: error[repairable]: " in line for line in errors)
    assert not (project / "pages").exists()
    assert main(command) == 0
    assert ": warning[repaired]: response status '4xx' read as '4XX'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        ["generate", "--spec", "api.yaml"],
        ["validate", "api.yaml"],
        ["diff", "api.yaml", "api.yaml"],
        ["docs", "--spec", "api.yaml", "--out", "pages"],
    ],
    ids=["generate", "validate", "diff", "docs"],
)
def test_strict_and_lenient_together_is_one_line(
    command: list[str], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(project, _spec("boolean-default"))
    assert main([*command, "--strict", "--lenient"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("--strict: error[config]: not with --lenient")
    assert not (project / "generated").exists() and not (project / "pages").exists()


def test_strict_and_lenient_in_one_table_is_a_config_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _configured(project, "lenient = true\nstrict = true\n")
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert (
        "pyproject.toml: error[config]: [tool.oapigen] strict: cannot be true with lenient" in err
    )


def test_the_python_api_refuses_strict_and_lenient_together() -> None:
    with pytest.raises(ConfigError, match="strict and lenient cannot both be true"):
        Config(strict=True, lenient=True)
    assert spec_mode(Config(strict=True), lenient=True, strict=None).lenient is True
