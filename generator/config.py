"""Generator configuration: defaults from the spec, then ``[tool.oapigen]``, then flags."""

from __future__ import annotations

import keyword
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from importlib.util import find_spec
from pathlib import Path
from typing import Any

# ruff is a dependency; black only comes with the dev extra (its output is the reference).
FORMATTERS = ("ruff", "black")
# How operations become API classes: by first tag (untagged ones by path), or all by path.
GROUP_BY = ("tag", "path")
PYPROJECT = "pyproject.toml"


class ConfigError(ValueError):
    """A setting that cannot be used; the message names it and says why, in one line."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """Everything one generator run needs to know.

    ``None`` for a name means "from the spec": see :func:`spec_names`.
    """

    spec: Path = Path("openapi.yaml")
    out: Path = Path("generated")
    package: str | None = None
    distribution: str | None = None
    templates: Path | None = None
    lenient: bool = False
    # Every vendor defect with one fix (spec/mend.py) an error instead of a repair.
    strict: bool = False
    env_base_url: str | None = None
    env_api_key: str | None = None
    secret_fields: tuple[str, ...] = ()
    # Value prefixes of credentials (sk-, ek_): masked wherever they appear (issue 19).
    secret_prefixes: tuple[str, ...] = ()
    idempotency_header: str = "Idempotency-Key"
    formatter: str = "ruff"
    renames: tuple[tuple[str, str], ...] = ()
    group_by: str = "tag"
    # operationId (or "#/paths/..." pointer) -> how its list pages, where detection is wrong.
    pagination: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # operationId (or pointer) -> media types its 2xx answer also comes in (undeclared ones).
    response_types: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The client's own version: the first one from config; later runs pass the manifest's.
    version: str = "1.0.0"
    use_cache: bool = True
    cache_dir: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    def __post_init__(self) -> None:
        if self.strict and self.lenient:
            # The CLI says so in its own words first (flags, then the table): this is the API's.
            raise ConfigError("strict and lenient cannot both be true")

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Names:
    """What the generated package is called, and the environment variables it reads."""

    package: str
    distribution: str
    env_base_url: str
    env_api_key: str


def spec_names(config: Config, title: str) -> Names:
    """The configured names, each one not set derived from the spec's ``info.title``.

    ``Pet Store`` -> ``pet-store-client`` / ``pet_store_client``, ``PET_STORE_API_KEY`` and
    ``PET_STORE_BASE_URL``; an environment prefix drops a trailing "API" (``OpenAI API`` ->
    ``OPENAI_API_KEY``).
    """
    words = _words(title) or ["api"]
    if words[-1] != "client":
        words.append("client")
    if words[0][0].isdigit():
        words.insert(0, "api")
    package = config.package or "_".join(words)
    stem = [w.upper() for w in (words[:-1] if config.package is None else package.split("_"))]
    while len(stem) > 1 and stem[-1] in {"API", "CLIENT"}:
        stem.pop()
    prefix = "_".join(w for w in stem if w) or "API"
    return Names(
        package=package,
        distribution=config.distribution or package.replace("_", "-"),
        env_base_url=config.env_base_url or f"{prefix}_BASE_URL",
        env_api_key=config.env_api_key or f"{prefix}_API_KEY",
    )


def _words(title: str) -> list[str]:
    """Lower-case ASCII words: accents dropped ("Café" -> "cafe"), camel case kept whole."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return [w for w in re.split(r"[^0-9a-z]+", folded.lower()) if w]


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.oapigen]`` table, from ``start`` upwards.

    As ruff does, a ``pyproject.toml`` without the table is passed over: the generated client's
    own one (in the output folder) or a parent project's says nothing about this run.
    """
    for folder in (start, *start.parents):
        candidate = folder / PYPROJECT
        if candidate.is_file():
            tool = _read(candidate).get("tool")
            if isinstance(tool, dict) and "oapigen" in tool:
                return candidate
    return None


def _read(pyproject: Path) -> dict[str, Any]:
    try:
        with pyproject.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: error[config]: not valid TOML: {exc}") from exc


def load_config(start: Path) -> Config:
    """The run's config: ``[tool.oapigen]`` of the nearest ``pyproject.toml`` that has one.

    Its paths are relative to its own folder; with none, defaults with ``start`` as the root.
    """
    pyproject = find_pyproject(start.resolve())
    if pyproject is None:
        return Config(root=start)
    root = pyproject.parent
    table = _read(pyproject)["tool"]["oapigen"]
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: error[config]: [tool.oapigen] must be a table")
    values: dict[str, Any] = {"root": root}
    for key, value in table.items():
        check = CHECKS.get(key)
        if check is None:
            known = ", ".join(sorted(CHECKS))
            raise ConfigError(f"{_where(pyproject, key)}: unknown key; the keys are {known}")
        try:
            values[key] = check(value, root)
        except ConfigError as exc:
            raise ConfigError(f"{_where(pyproject, key)}: {exc}") from None
    if values.get("strict") and values.get("lenient"):
        raise ConfigError(
            f"{_where(pyproject, 'strict')}: cannot be true with lenient = true "
            "(strict turns repairs into errors, lenient turns errors into warnings)"
        )
    return Config(**values)


def _where(pyproject: Path, key: str) -> str:
    return f"{pyproject}: error[config]: [tool.oapigen] {key}"


def _path(value: Any, root: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"must be a path (a non-empty string), not {value!r}")
    return root / value


def _templates(value: Any, root: Path) -> Path | None:
    # "" keeps the shipped templates only (the key written out with its default).
    return None if value == "" else _path(value, root)


def _boolean(value: Any, root: Path) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"must be true or false, not {value!r}")
    return value


def _string_list(value: Any, root: Path) -> tuple[str, ...]:
    # A bare string would otherwise be read letter by letter: "client_secret" would mask
    # fields "c", "l", ... and leave client_secret itself in the clear.
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f'must be a list of field names, like ["client_secret"], not {value!r}')
    return tuple(value)


def _renames(value: Any, root: Path) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
        raise ConfigError(f"must be a table of name or pointer = new name, not {value!r}")
    return tuple(sorted(value.items()))


def _group_by(value: Any, root: Path) -> str:
    if value not in GROUP_BY:
        raise ConfigError(f"group_by must be one of {', '.join(GROUP_BY)}, not {value!r}")
    return str(value)


# Pagination styles and what each needs (param: the query parameter selecting a page; next:
# the page field naming the next one); items, the page field listing them, is always optional.
_PAGINATION_NEEDS = {
    "cursor": ("param",),
    "before": ("param",),
    "next": ("param", "next"),
    "link": (),
    "page": ("param",),
    "offset": ("param",),
    "none": (),
}
_PAGINATION_KEYS = ("style", "param", "next", "items")
_MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+")


def _pagination(value: Any, root: Path) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(
            f'must be a table of operationId = {{ style = "cursor", ... }}, not {value!r}'
        )
    return tuple(sorted((str(key), _pagination_entry(key, entry)) for key, entry in value.items()))


def _pagination_entry(key: str, entry: Any) -> tuple[tuple[str, str], ...]:
    entry = {"style": "none"} if entry == "none" else entry
    if not isinstance(entry, dict) or not all(
        isinstance(v, str) and k in _PAGINATION_KEYS for k, v in entry.items()
    ):
        keys = ", ".join(_PAGINATION_KEYS)
        raise ConfigError(f'{key}: must be "none" or a table of {keys} (strings), not {entry!r}')
    style = entry.get("style")
    if style not in _PAGINATION_NEEDS:
        raise ConfigError(
            f"{key}: style must be one of {', '.join(_PAGINATION_NEEDS)}, not {style!r}"
        )
    missing = [need for need in _PAGINATION_NEEDS[style] if not entry.get(need)]
    if missing:
        raise ConfigError(f"{key}: style {style!r} needs {' and '.join(missing)}")
    return tuple(sorted(entry.items()))


def _response_types(value: Any, root: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(types, list) and types and all(_MEDIA_TYPE.fullmatch(str(t)) for t in types)
        for types in value.values()
    ):
        raise ConfigError(f'must be a table of operationId = ["text/plain", ...], not {value!r}')
    return tuple(sorted((str(key), tuple(types)) for key, types in value.items()))


def _formatter(value: Any, root: Path) -> str:
    if value not in FORMATTERS:
        raise ConfigError(f"formatter must be one of {', '.join(FORMATTERS)}, not {value!r}")
    if find_spec(value) is None:
        raise ConfigError(f"formatter {value!r} is not installed")
    return str(value)


def _named(pattern: str, what: str) -> Callable[[Any, Path], str]:
    """A check that the value is a string matching ``pattern``, described as ``what``."""
    compiled = re.compile(pattern)

    def check(value: Any, root: Path) -> str:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise ConfigError(f"must be {what}, not {value!r}")
        if what.startswith("a Python") and keyword.iskeyword(value):
            raise ConfigError(f"must not be a Python keyword, not {value!r}")
        return value

    return check


# One check per key: each turns the TOML value into the Config value or raises ConfigError.
_PACKAGE = _named(r"[A-Za-z_][A-Za-z0-9_]*", "a Python identifier (the import package)")
_DISTRIBUTION = _named(
    r"[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]", "a distribution name (PEP 508)"
)
_ENV = _named(r"[A-Za-z_][A-Za-z0-9_]*", "an environment variable name")
_VERSION = _named(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", "a version MAJOR.MINOR.PATCH"
)
_HEADER = _named(r"[!#$%&'*+.^_`|~0-9A-Za-z-]*", 'an HTTP header name, or "" for none')
# Every field of Config but use_cache and root (flags and the file's place set those).
CHECKS: dict[str, Callable[[Any, Path], Any]] = {
    "spec": _path,
    "out": _path,
    "cache_dir": _path,
    "templates": _templates,
    "package": _PACKAGE,
    "distribution": _DISTRIBUTION,
    "env_base_url": _ENV,
    "env_api_key": _ENV,
    "lenient": _boolean,
    "strict": _boolean,
    "secret_fields": _string_list,
    "secret_prefixes": _string_list,
    "idempotency_header": _HEADER,
    "formatter": _formatter,
    "renames": _renames,
    "group_by": _group_by,
    "pagination": _pagination,
    "response_types": _response_types,
    "version": _VERSION,
}


def spec_mode(config: Config, *, lenient: bool | None, strict: bool | None) -> Config:
    """``config`` with the ``--lenient``/``--strict`` flags given (None: not given).

    A flag wins over the config: ``--lenient`` turns a configured strict off and ``--strict``
    a configured lenient. Both flags at once is a ConfigError.
    """
    if lenient and strict:
        raise ConfigError(
            "--strict: error[config]: not with --lenient: strict turns repairs into errors, "
            "lenient turns errors into warnings"
        )
    if lenient:
        return replace(config, lenient=True, strict=False)
    if strict:
        return replace(config, lenient=False, strict=True)
    return config.with_overrides(lenient=lenient, strict=strict)


def check_flag(key: str, value: str | None) -> str | None:
    """A name given on the command line, checked as its ``[tool.oapigen]`` key would be."""
    if value is None:
        return None
    return str(CHECKS[key](value, Path()))
