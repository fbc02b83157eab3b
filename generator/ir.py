"""The intermediate representation: frozen values holding finished strings for the templates."""

from __future__ import annotations

import re

from . import naming
from .records import record


@record
class TypeInfo:
    """A resolved type: its hint, how to decode/encode it, and how docs show it."""

    hint: str
    doc: str
    link: str | None = None
    refs: tuple[str, ...] = ()
    needs_decode: bool = False
    needs_encode: bool = False


@record
class Helper:
    """A module-level function a model or API module needs (union decoders, ...)."""

    name: str
    code: str


@record
class InlineModel:
    """A small nested model its parent's from_dict builds in place: a call costs more than it."""

    model: str
    # Run-time paths of the class and of its bound from_dict (for data that is not a dict).
    class_path: str
    decoder_path: str
    # (python name, JSON name) of its fields, all passed through as they come.
    fields: tuple[tuple[str, str], ...] = ()


@record
class Field:
    """One property of an object schema."""

    pointer: str
    py_name: str
    wire_name: str
    type: TypeInfo
    required: bool
    nullable: bool
    secret: bool
    read_only: bool
    write_only: bool
    deprecated: bool
    description: str
    default_repr: str | None
    enum_values: tuple[str, ...]
    example_repr: str | None
    decode_expr: str
    encode_expr: str
    inline: InlineModel | None = None

    @property
    def hint(self) -> str:
        """The annotation in the dataclass: optional fields may also be UNSET.

        So may write-only ones: a constructor must be given them, but responses leave them out.
        """
        if self.required and not self.write_only:
            return self.type.hint
        return f"{self.type.hint} | Unset"


@record
class Model:
    """An object schema rendered as a dataclass."""

    pointer: str
    name: str
    module: str
    description: str
    deprecated: bool
    fields: tuple[Field, ...]
    extra_type: str
    extra_decode: str | None
    extra_encode: str | None
    # Names the additional_properties values refer to (typed additionalProperties).
    extra_refs: tuple[str, ...]
    match_checks: tuple[str, ...]
    helpers: tuple[Helper, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[tuple[str, str], ...]
    example_json: str | None
    # Reached through a secret field (the object *is* the secret): repr masks every field.
    masked: bool = False
    # additionalProperties: false: no additional_properties bag; unknown keys are dropped.
    closed: bool = False

    @property
    def field_names(self) -> tuple[str, ...]:
        """Python names of the fields, in order."""
        return tuple(f.py_name for f in self.fields)

    @property
    def wire_names(self) -> tuple[str, ...]:
        """JSON names of the fields, in order."""
        return tuple(f.wire_name for f in self.fields)

    @property
    def secret_names(self) -> tuple[str, ...]:
        """Python names of the fields masked in repr."""
        return tuple(f.py_name for f in self.fields if f.secret or self.masked)

    @property
    def warns_deprecated(self) -> bool:
        """Whether building the model (or setting a field) is deprecated."""
        return self.deprecated or any(f.deprecated for f in self.fields)

    @property
    def has_secrets(self) -> bool:
        """Whether repr must mask anything."""
        return self.masked or any(f.secret for f in self.fields)

    @property
    def docstring(self) -> str:
        """Description, then one line per attribute."""
        lines = [self.description.strip() or f"The {self.name} model."]
        if self.fields:
            lines += ["", "Attributes:"]
            for f in self.fields:
                first = f.description.strip().splitlines()[0] if f.description.strip() else ""
                lines.append(f"    {f.py_name}: {first}".rstrip())
        return "\n".join(lines)


@record
class Alias:
    """A named non-object schema: enum, union, primitive or container, as a type alias."""

    pointer: str
    name: str
    module: str
    description: str
    deprecated: bool
    type: TypeInfo
    enum_values: tuple[str, ...]
    branches: tuple[str, ...]
    decode_body: str
    encode_body: str
    check_body: str
    snake: str
    runtime_hint: str
    helpers: tuple[Helper, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[tuple[str, str], ...]
    example_json: str | None

    @property
    def docstring(self) -> str:
        """The schema's description, or a plain line."""
        return self.description.strip() or f"The {self.name} type."


@record
class Param:
    """One operation parameter."""

    pointer: str
    py_name: str
    wire_name: str
    location: str
    required: bool
    type: TypeInfo
    style: str
    explode: bool
    description: str
    deprecated: bool
    encode_expr: str
    example_repr: str


@record
class Body:
    """An operation's request body."""

    pointer: str
    py_name: str
    content_type: str
    required: bool
    type: TypeInfo
    description: str
    encode_expr: str
    example_json: str | None

    @property
    def is_json(self) -> bool:
        """Whether the body is sent as JSON."""
        return "json" in self.content_type


@record
class Response:
    """One declared response: a status code or range and how its body decodes."""

    pointer: str
    status: str
    description: str
    content_type: str | None
    type: TypeInfo | None
    decode_expr: str | None
    example_json: str | None
    read_expr: str | None = None

    @property
    def condition(self) -> str:
        """The test on ``status`` selecting this response."""
        code = self.status.upper()
        if code.isdigit():
            return f"status == {int(code)}"
        if len(code) == 3 and code[0].isdigit() and code.endswith("XX"):
            return f"{code[0]}00 <= status <= {code[0]}99"
        return "True"


@record
class Operation:
    """One HTTP operation as a pair of client methods."""

    pointer: str
    operation_id: str
    py_name: str
    method: str
    path: str
    path_expr: str
    summary: str
    description: str
    deprecated: bool
    params: tuple[Param, ...]
    body: Body | None
    responses: tuple[Response, ...]
    return_hint: str
    return_doc: str
    return_link: str | None
    accept: str
    auth: tuple[str, ...]
    example_response: str | None
    stream: bool = False

    @property
    def positional_args(self) -> tuple[str, ...]:
        """Required arguments, as ``name: hint``."""
        args = [f"{p.py_name}: {p.type.hint}" for p in self.params if p.required]
        if self.body and self.body.required:
            args.append(f"{self.body.py_name}: {self.body.type.hint}")
        return tuple(args)

    @property
    def keyword_args(self) -> tuple[str, ...]:
        """Optional arguments, as ``name: hint | Unset = UNSET``."""
        args = [
            f"{p.py_name}: {p.type.hint} | Unset = UNSET" for p in self.params if not p.required
        ]
        if self.body and not self.body.required:
            args.append(f"{self.body.py_name}: {self.body.type.hint} | Unset = UNSET")
        return tuple(args)

    @property
    def call_args(self) -> tuple[str, ...]:
        """Every argument name, in signature order."""
        names = [p.py_name for p in self.params if p.required]
        if self.body and self.body.required:
            names.append(self.body.py_name)
        names += [p.py_name for p in self.params if not p.required]
        if self.body and not self.body.required:
            names.append(self.body.py_name)
        return tuple(names)

    @property
    def cookie_params(self) -> tuple[Param, ...]:
        """Parameters sent in the Cookie header."""
        return tuple(p for p in self.params if p.location == "cookie")

    @property
    def success_decoders(self) -> tuple[Response, ...]:
        """2xx responses with a body, most specific first; the last one catches any 2xx."""
        has_2xx = any(r.status.startswith("2") for r in self.responses)
        found = [
            r
            for r in self.responses
            if r.decode_expr
            and (r.status.startswith("2") or (r.status == "default" and not has_2xx))
        ]
        found.sort(key=lambda r: (r.status == "default", "X" in r.status.upper()))
        return tuple(found)

    @property
    def error_decoders(self) -> tuple[Response, ...]:
        """Non-2xx responses with a JSON body, most specific first (decoded onto the exception)."""
        success = set(self.success_decoders)
        found = [
            r
            for r in self.responses
            if r.decode_expr
            and r.read_expr == "response.json()"
            and not r.status.startswith("2")
            and r not in success
        ]
        found.sort(key=lambda r: (r.status == "default", "X" in r.status.upper()))
        return tuple(found)

    @property
    def error_data_function(self) -> str:
        """Name of the module-level function decoding this operation's error bodies."""
        return f"_{self.py_name}_error_data"

    @property
    def error_data_hint(self) -> str:
        """The declared error types, or None when the status declares no body."""
        hints = [r.type.hint for r in self.error_decoders if r.type]
        return " | ".join(dict.fromkeys([*hints, "None"]))

    @property
    def docstring(self) -> str:
        """Summary and description, then the arguments."""
        text = self.description.strip() or self.summary.strip() or self.operation_id
        lines = [text]
        documented = [p for p in self.params if p.description.strip()]
        if documented or self.body:
            lines += ["", "Args:"]
            for p in self.params:
                lines.append(f"    {p.py_name}: {_first_line(p.description)}".rstrip())
            if self.body:
                lines.append(
                    f"    {self.body.py_name}: {_first_line(self.body.description)}".rstrip()
                )
        if self.error_decoders:
            cases = [
                f"{r.type.doc} for {'any other status' if r.status == 'default' else r.status}"
                for r in self.error_decoders
                if r.type
            ]
            lines += [
                "",
                "Raises:",
                "    ApiException: for a status outside 2xx; its ``data`` is the error body as",
                f"        {', '.join(cases)} (None when the body does not fit).",
            ]
        return "\n".join(lines)


@record
class Api:
    """One API class: the operations sharing a tag."""

    name: str
    module: str
    tag: str
    description: str
    operations: tuple[Operation, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[tuple[str, str], ...]
    helpers: tuple[Helper, ...]

    @property
    def docstring(self) -> str:
        """The tag's description, or a plain line."""
        return self.description.strip() or f"Operations tagged {self.tag}."


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


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0] if stripped else ""


STATIC_EXPORTS = (
    "ApiClient",
    "ApiConnectionError",
    "ApiDecodeError",
    "ApiException",
    "ApiResponse",
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
