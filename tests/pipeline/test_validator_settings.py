"""The validator's default settings without pydantic-settings: same values, same findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oapigen.spec import validator_settings

from .conftest import ROOT
from .test_validate_fork import invalid_spec, write_spec

# In a fresh interpreter: the real settings modules, read with nothing in the environment.
REAL_DEFAULTS = """
import json
from openapi_spec_validator import settings as spec
from openapi_schema_validator import settings as schema
print(json.dumps({
    "ENV_PREFIX": spec.ENV_PREFIX,
    "RESOLVED_CACHE_MAXSIZE_DEFAULT": spec.RESOLVED_CACHE_MAXSIZE_DEFAULT,
    "SCHEMA_VALIDATOR_BACKEND_DEFAULT": spec.SCHEMA_VALIDATOR_BACKEND_DEFAULT,
    "resolved_cache_maxsize": spec.OpenAPISpecValidatorSettings().resolved_cache_maxsize,
    "schema_validator_backend": spec.OpenAPISpecValidatorSettings().schema_validator_backend,
    "get_resolved_cache_maxsize": spec.get_resolved_cache_maxsize(),
    "get_schema_validator_backend": spec.get_schema_validator_backend(),
    "compiled_validator_cache_max_size": schema.get_settings().compiled_validator_cache_max_size,
    "reset_settings_cache": callable(schema.reset_settings_cache),
}))
"""


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("OPENAPI_")}
    return {**env, **extra}


def test_the_stand_ins_hold_what_the_real_settings_read() -> None:
    result = subprocess.run(
        [sys.executable, "-c", REAL_DEFAULTS],
        env=clean_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    spec = validator_settings._spec_settings()
    schema = validator_settings._schema_settings().get_settings()
    assert json.loads(result.stdout) == {
        "ENV_PREFIX": spec.ENV_PREFIX,
        "RESOLVED_CACHE_MAXSIZE_DEFAULT": spec.RESOLVED_CACHE_MAXSIZE_DEFAULT,
        "SCHEMA_VALIDATOR_BACKEND_DEFAULT": spec.SCHEMA_VALIDATOR_BACKEND_DEFAULT,
        "resolved_cache_maxsize": spec.OpenAPISpecValidatorSettings().resolved_cache_maxsize,
        "schema_validator_backend": spec.OpenAPISpecValidatorSettings().schema_validator_backend,
        "get_resolved_cache_maxsize": spec.get_resolved_cache_maxsize(),
        "get_schema_validator_backend": spec.get_schema_validator_backend(),
        "compiled_validator_cache_max_size": schema.compiled_validator_cache_max_size,
        "reset_settings_cache": callable(
            validator_settings._schema_settings().reset_settings_cache
        ),
    }


@pytest.mark.parametrize(
    "name", ["OPENAPI_SPEC_VALIDATOR_RESOLVED_CACHE_MAXSIZE", "openapi_schema_validator_x"]
)
def test_any_setting_in_the_environment_means_the_real_modules(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    for key in list(os.environ):
        if key.upper().startswith("OPENAPI_"):
            monkeypatch.delenv(key)
    assert validator_settings.applies()
    monkeypatch.setenv(name, "7")
    assert not validator_settings.applies()


def test_another_validator_version_means_the_real_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(validator_settings.VERSIONS, "openapi-spec-validator", "0.0.1")
    assert not validator_settings.applies()


def test_a_missing_distribution_means_the_real_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(validator_settings.VERSIONS, "no-such-distribution", "1.0")
    assert not validator_settings.applies()


def validate_in_child(spec: Path, **env: str) -> tuple[int, str, bool]:
    probe = (
        "import sys; from generator.cli import main; code = main(sys.argv[1:]); "
        "print('pydantic_settings' in sys.modules); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "validate", str(spec)],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stderr, result.stdout.strip() == "True"


@pytest.mark.parametrize("make", [invalid_spec, None], ids=["invalid", "fragment"])
def test_the_findings_are_those_of_the_real_settings(tmp_path: Path, make: object) -> None:
    spec = write_spec(tmp_path, invalid_spec()) if make else ROOT / "spec/realtime_sessions.yaml"
    # A variable set to its default value makes the validator read the real settings.
    real = validate_in_child(spec, OPENAPI_SPEC_VALIDATOR_RESOLVED_CACHE_MAXSIZE="128")
    defaults = validate_in_child(spec)
    assert real[2] and not defaults[2], "which settings were imported"
    assert real[:2] == defaults[:2]
    assert ("spec-invalid" in real[1]) == (make is not None)
