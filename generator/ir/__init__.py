"""The intermediate representation: frozen values holding finished strings for the templates.

Schemas (``ir_models``) and operations (``ir_operations``) live in their own modules; this one
holds the client, its security schemes and what the package exports, and names them all.
"""

from __future__ import annotations

import re

from oapigen.ir import naming
from oapigen.ir.models import Alias, Field, Helper, InlineModel, Model, TypeInfo
from oapigen.ir.operations import Api, Body, Operation, Param, Response
from oapigen.ir.records import record

__all__ = [
    "STATIC_EXPORTS",
    "Alias",
    "Api",
    "Body",
    "Client",
    "Field",
    "Helper",
    "InlineModel",
    "Model",
    "Operation",
    "Param",
    "Response",
    "SecurityScheme",
    "TypeInfo",
    "all_exports",
    "lazy_exports",
]


@record
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


@record
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
    def lazy_exports(self) -> tuple[tuple[str, str], ...]:
        """See :func:`lazy_exports`."""
        return lazy_exports(self)

    @property
    def all_exports(self) -> list[str]:
        """See :func:`all_exports`."""
        return all_exports(self)

    @property
    def package_version(self) -> str:
        """The spec's version when it is a plain release number, else 0.0.0."""
        return self.version if re.fullmatch(r"\d+(\.\d+){0,3}", self.version) else "0.0.0"


STATIC_EXPORTS = (
    "ApiClient",
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiException",
    "ApiResponse",
    "ApiResponseTooLarge",
    "ApiTimeoutError",
    "BadRequestException",
    "Configuration",
    "ConflictException",
    "ForbiddenException",
    "NotFoundException",
    "RateLimitException",
    "ServiceException",
    "Timeout",
    "UNSET",
    "UnauthorizedException",
    "UnprocessableEntityException",
    "Unset",
)


def lazy_exports(client: Client) -> tuple[tuple[str, str], ...]:
    """(module path, name) of every API class, model and alias, for the package's lazy loader."""
    pairs = [(f"api.{a.module}", a.name) for a in client.apis]
    pairs += [(f"models.{m.module}", m.name) for m in client.models]
    pairs += [(f"models.{a.module}", a.name) for a in client.aliases]
    # Module order, as isort sorts the TYPE_CHECKING imports made from these pairs.
    return tuple(sorted(pairs, key=naming.natural_pair_key))


def all_exports(client: Client) -> list[str]:
    """Every public name of the package, sorted."""
    return sorted({*STATIC_EXPORTS, *(name for _, name in lazy_exports(client))})
