"""Generator configuration: a frozen dataclass with defaults from ``[tool.oapigen]``."""

from __future__ import annotations

import tomllib
from dataclasses import field, fields, replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from oapigen.ir.records import record

# ruff is a dependency; black only comes with the dev extra (its output is the reference).
FORMATTERS = ("ruff", "black")


@record
class Config:
    """Everything one generator run needs to know."""

    spec: Path = Path("spec/realtime_sessions.yaml")
    out: Path = Path("generated")
    package: str = "openapi_openai"
    distribution: str = "openapi-openai"
    templates: Path | None = None
    lenient: bool = False
    env_base_url: str = "OPENAI_BASE_URL"
    env_api_key: str = "OPENAI_API_KEY"
    secret_fields: tuple[str, ...] = ("client_secret",)
    # Value prefixes of credentials (OpenAI keys, ephemeral keys): masked wherever they appear.
    secret_prefixes: tuple[str, ...] = ("sk-", "ek_")
    idempotency_header: str = "Idempotency-Key"
    formatter: str = "ruff"
    renames: tuple[tuple[str, str], ...] = ()
    use_cache: bool = True
    cache_dir: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    def with_overrides(self, **values: Any) -> Config:
        """A copy with the given non-None values replaced."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})

    @property
    def spec_label(self) -> str:
        """The spec path as written in generated headers: relative, with forward slashes."""
        try:
            return self.spec.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return self.spec.name


def load_config(root: Path) -> Config:
    """Read ``[tool.oapigen]`` from ``root/pyproject.toml`` when there is one."""
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    if pyproject.is_file():
        with pyproject.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get("oapigen", {})
    known = {f.name for f in fields(Config)}
    values: dict[str, Any] = {"root": root}
    for key, value in table.items():
        if key not in known:
            raise ValueError(f"pyproject.toml [tool.oapigen]: unknown key {key!r}")
        values[key] = _coerce(key, value, root)
    return Config(**values)


def _coerce(key: str, value: Any, root: Path) -> Any:
    if key in {"spec", "out", "cache_dir"}:
        return root / value
    if key == "templates":
        return root / value if value else None
    if key == "formatter":
        if value not in FORMATTERS:
            raise ValueError(f"formatter must be one of {', '.join(FORMATTERS)}, not {value!r}")
        if find_spec(value) is None:
            raise ValueError(f"formatter {value!r} is not installed")
        return value
    if key in {"secret_fields", "secret_prefixes"}:
        return tuple(value)
    if key == "renames":
        return tuple(sorted((str(k), str(v)) for k, v in dict(value).items()))
    return value
