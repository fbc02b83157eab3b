"""Flags of ``generate`` and ``docs``: the spec, templates, and what the client is called."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oapigen.config import Config, ConfigError, check_flag

# flag -> [tool.oapigen] key; each is checked as the key would be.
NAME_FLAGS = {
    "--package": "package",
    "--distribution": "distribution",
    "--env-api-key": "env_api_key",
    "--env-base-url": "env_base_url",
}
_HELP = {
    "package": "import package of the client (default: from the spec's info.title)",
    "distribution": "distribution name of the client (default: the package, with dashes)",
    "env_api_key": "environment variable the client reads its key from (default: PREFIX_API_KEY)",
    "env_base_url": "environment variable that overrides the host (default: PREFIX_BASE_URL)",
}


def add_spec_flags(parser: argparse.ArgumentParser) -> None:
    """``--spec``, ``--templates`` and the name flags."""
    parser.add_argument("--spec", type=Path, help="the OpenAPI document (default: openapi.yaml)")
    parser.add_argument(
        "--templates", type=Path, help="folder of templates searched before the shipped ones"
    )
    for flag, key in NAME_FLAGS.items():
        parser.add_argument(
            flag, dest=key, metavar=key.upper().removeprefix("ENV_"), help=_HELP[key]
        )


def add_strict_flag(parser: argparse.ArgumentParser, *, negatable: bool = False) -> None:
    """``--strict`` (``--no-strict`` too where ``--lenient`` has its ``--no-``)."""
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction if negatable else "store_true",
        default=None,
        help="make each vendor defect oapigen would repair an error (default: config's strict)",
    )


def apply_spec_flags(config: Config, args: argparse.Namespace, **more: Any) -> Config:
    """``config`` with the flags given on the command line; raises ConfigError for a bad name."""
    names = {}
    for flag, key in NAME_FLAGS.items():
        try:
            names[key] = check_flag(key, getattr(args, key))
        except ConfigError as exc:
            raise ConfigError(f"{flag}: error[config]: {exc}") from None
    return config.with_overrides(spec=args.spec, templates=args.templates, **names, **more)
