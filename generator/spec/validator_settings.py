"""The upstream validator's settings at their defaults, without importing pydantic-settings.

openapi-spec-validator 0.9 and openapi-schema-validator 0.9 read three tuning knobs (two cache
sizes and the schema backend) through pydantic-settings, whose import (pydantic included) is
~0.1 s: half the validator's import and the largest single cost of an uncached run. When none of
their environment variables is set, those settings are the documented defaults, so this module
puts small modules holding the defaults in their place before the validator is imported. With
any such variable set, or another version installed, the real modules are imported as usual.
"""

from __future__ import annotations

import os
import sys
import types
from functools import lru_cache

from oapigen.versions import version

# The versions whose settings modules these stand-ins reproduce (pinned in pyproject.toml).
VERSIONS = {"openapi-spec-validator": "0.9.0", "openapi-schema-validator": "0.9.0"}
ENV_PREFIXES = ("OPENAPI_SPEC_VALIDATOR_", "OPENAPI_SCHEMA_VALIDATOR_")
SPEC_SETTINGS = "openapi_spec_validator.settings"
SCHEMA_SETTINGS = "openapi_schema_validator.settings"
CACHE_SIZE = 128


class SpecValidatorSettings:
    """``OpenAPISpecValidatorSettings`` with nothing in the environment."""

    resolved_cache_maxsize = CACHE_SIZE
    schema_validator_backend = "auto"


class SchemaValidatorSettings:
    """``OpenAPISchemaValidatorSettings`` with nothing in the environment."""

    compiled_validator_cache_max_size = CACHE_SIZE


def applies() -> bool:
    """Whether the defaults are what the real settings would read (no variable, same versions)."""
    # pydantic-settings matches variable names case-insensitively.
    if any(name.upper().startswith(ENV_PREFIXES) for name in os.environ):
        return False
    try:
        return all(version(name) == pinned for name, pinned in VERSIONS.items())
    except ImportError:  # PackageNotFoundError: let the real import report it
        return False


def install() -> bool:
    """Put the default settings in place when they apply and nothing imported the real ones."""
    if SPEC_SETTINGS in sys.modules or SCHEMA_SETTINGS in sys.modules or not applies():
        return False
    sys.modules[SPEC_SETTINGS] = _spec_settings()
    sys.modules[SCHEMA_SETTINGS] = _schema_settings()
    return True


def _spec_settings() -> types.ModuleType:
    module = types.ModuleType(SPEC_SETTINGS, __doc__)
    vars(module).update(
        ENV_PREFIX=ENV_PREFIXES[0],
        RESOLVED_CACHE_MAXSIZE_DEFAULT=CACHE_SIZE,
        SCHEMA_VALIDATOR_BACKEND_DEFAULT="auto",
        OpenAPISpecValidatorSettings=SpecValidatorSettings,
        get_resolved_cache_maxsize=lambda: CACHE_SIZE,
        get_schema_validator_backend=lambda: "auto",
    )
    return module


def _schema_settings() -> types.ModuleType:
    module = types.ModuleType(SCHEMA_SETTINGS, __doc__)
    get_settings = lru_cache(maxsize=1)(SchemaValidatorSettings)
    vars(module).update(
        OpenAPISchemaValidatorSettings=SchemaValidatorSettings,
        get_settings=get_settings,
        reset_settings_cache=get_settings.cache_clear,
    )
    return module
