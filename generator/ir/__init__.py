"""The intermediate representation: frozen values holding finished strings for the templates.

Schemas (``ir_models``) and operations (``ir_operations``) live in their own modules; this one
holds the client, its security schemes and what the package exports, and names them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from oapigen.ir import naming
from oapigen.ir.models import Alias, Field, Helper, Model, TypeInfo
from oapigen.ir.operations import (
    Api,
    Body,
    Operation,
    Pagination,
    Param,
    Response,
    StreamFlag,
)

__all__ = [
    "RUNTIME_EXPORTS",
    "STATIC_EXPORTS",
    "Alias",
    "Api",
    "Body",
    "Client",
    "Field",
    "Helper",
    "Model",
    "Operation",
    "Pagination",
    "Param",
    "Response",
    "SecurityScheme",
    "StreamFlag",
    "TypeInfo",
    "all_exports",
    "api_page",
    "lazy_exports",
    "model_exports",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    """A security scheme the client can apply."""

    pointer: str
    name: str
    py_name: str
    kind: str
    scheme: str
    location: str
    param_name: str
    description: str
    # The spec's hint at the token's format (``JWT``); documentation only, the client ignores it.
    bearer_format: str

    @property
    def placement(self) -> tuple[str, str, str] | None:
        """(where, name, prefix) of the credential this scheme sends, or None if the client can't.

        ``where`` is ``header``, ``query`` or ``cookie`` for a value filled from the access token,
        or ``basic`` for an Authorization header built from the username and password.
        """
        if (self.kind == "http" and self.scheme == "bearer") or self.kind in {
            "oauth2",
            "openIdConnect",
        }:
            return ("header", "Authorization", "Bearer ")
        if self.kind == "http" and self.scheme == "basic":
            return ("basic", "Authorization", "Basic ")
        if self.kind == "apiKey" and self.location in _API_KEY_PLACES and self.param_name:
            return (self.location, self.param_name, "")
        return None


_API_KEY_PLACES = frozenset({"header", "query", "cookie"})


@dataclass(frozen=True, slots=True, kw_only=True)
class Client:
    """The whole generated client: the IR root handed to templates."""

    title: str
    description: str
    version: str
    spec_name: str
    package: str
    distribution: str
    host: str
    server_variables: tuple[tuple[str, str], ...]
    env_base_url: str
    env_api_key: str
    models: tuple[Model, ...]
    aliases: tuple[Alias, ...]
    apis: tuple[Api, ...]
    security: tuple[SecurityScheme, ...]
    # JSON keys whose values debug logs and error excerpts never show.
    secret_keys: tuple[str, ...] = ()
    # Value prefixes (sk-, ek_) masked wherever they appear in logs, messages and reprs.
    secret_prefixes: tuple[str, ...] = ()
    idempotency_header: str = "Idempotency-Key"
    # The first server URL with its {variables} left in, for Configuration(server_variables=).
    host_template: str = ""
    # The client's own semantic version (config, then the manifest): not the spec's info.version,
    # which vendors keep across breaking releases.
    package_version: str = "1.0.0"
    # The generated Configuration's defaults, which the docs state: retries after the first
    # attempt, and the timeout in seconds (in total, and to connect).
    retries: int = 2
    timeout_total: float = 600.0
    timeout_connect: float = 5.0

    @property
    def timeout_words(self) -> str:
        """The default timeout as the docs say it: ``5 s to connect and 600 s in total``."""
        return f"{self.timeout_connect:g} s to connect and {self.timeout_total:g} s in total"

    @property
    def auth_placements(self) -> dict[str, tuple[str, str, str]]:
        """Scheme name -> (where, name, prefix) for the schemes the client can fill."""
        return {s.name: s.placement for s in self.security if s.placement is not None}

    @property
    def secret_headers(self) -> tuple[str, ...]:
        """Lower-case header names whose values logs never show."""
        names = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
        for where, name, _ in self.auth_placements.values():
            if where in {"header", "basic"}:
                names.add(name.lower())
        return tuple(sorted(names))

    @property
    def runtime_exports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """See :func:`runtime_exports`."""
        return runtime_exports(self)

    @property
    def runtime_imports(self) -> tuple[tuple[str, str], ...]:
        """(module, the names it gives the package root, as the import line lists them)."""
        return tuple((module, ", ".join(names)) for module, names in runtime_exports(self))

    @property
    def lazy_exports(self) -> tuple[tuple[str, str], ...]:
        """See :func:`lazy_exports`."""
        return lazy_exports(self)

    @property
    def all_exports(self) -> list[str]:
        """See :func:`all_exports`."""
        return all_exports(self)

    @property
    def model_exports(self) -> tuple[tuple[str, str], ...]:
        """See :func:`model_exports`."""
        return model_exports(self)


# What the package root imports from the runtime's own modules, by module.
RUNTIME_EXPORTS = (
    ("api_client", ("ApiClient", "ApiResponse", "Timeout")),
    ("async_client", ("AsyncApiClient", "AsyncStream")),
    ("configuration", ("Configuration",)),
    (
        "exceptions",
        (
            "ApiConnectionError",
            "ApiDecodeError",
            "ApiException",
            "ApiResponseTooLarge",
            "ApiStreamError",
            "ApiTimeoutError",
            "BadRequestException",
            "ConflictException",
            "ForbiddenException",
            "NotFoundException",
            "RateLimitException",
            "ServiceException",
            "UnauthorizedException",
            "UnprocessableEntityException",
        ),
    ),
    ("streams", ("EventStream", "UnknownEvent")),
    ("types", ("UNSET", "Unset", "UnknownVariant")),
)
STATIC_EXPORTS = tuple(sorted(name for _, names in RUNTIME_EXPORTS for name in names))


def schema_names(client: Client) -> frozenset[str]:
    """The class names of every model and alias: these win the package root's names."""
    return frozenset({m.name for m in client.models} | {a.name for a in client.aliases})


def api_page(client: Client, api: Api) -> str:
    """The docs page of an API class: ``FooApi.md``, or ``FooApi.api.md`` where a schema's page
    has that name (compared case-folded, as file systems may); no class name holds a dot."""
    pages = {name.casefold() for name in schema_names(client)}
    return f"{api.name}.api.md" if api.name.casefold() in pages else f"{api.name}.md"


def runtime_exports(client: Client) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The runtime names the package root imports: all but those a schema's name takes."""
    taken = schema_names(client)
    kept = (
        (module, tuple(n for n in names if n not in taken)) for module, names in RUNTIME_EXPORTS
    )
    return tuple((module, names) for module, names in kept if names)


def lazy_exports(client: Client) -> tuple[tuple[str, str], ...]:
    """(module path, name) of every API class, model and alias, for the package's lazy loader."""
    taken = schema_names(client)
    pairs = [(f"api.{a.module}", a.name) for a in client.apis if a.name not in taken]
    pairs += [(f"api.{a.module}", a.async_name) for a in client.apis if a.async_name not in taken]
    pairs += [(f"models.{module}", name) for module, name in model_exports(client)]
    # Module order, as isort sorts the TYPE_CHECKING imports made from these pairs.
    return tuple(sorted(pairs, key=naming.natural_pair_key))


def model_exports(client: Client) -> tuple[tuple[str, str], ...]:
    """(module, name) of every model and alias and of each one's dict form, in ``models``."""
    pairs = [(m.module, name) for m in client.models for name in (m.name, m.twin)]
    pairs += [(a.module, name) for a in client.aliases for name in (a.name, a.twin)]
    return tuple(sorted(pairs, key=naming.natural_pair_key))


def all_exports(client: Client) -> list[str]:
    """Every public name of the package, sorted."""
    runtime = (name for _, names in runtime_exports(client) for name in names)
    return sorted({*runtime, *(name for _, name in lazy_exports(client))})
