"""IR -> the pytest suite shipped in the generated project (``tests/``), with its loopback server.

The cases are worked out here, as values, so the templates only print them: each operation gets
example arguments, the JSON its route answers with, and an error status with its exception class.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import jinja2

from oapigen import ir
from oapigen.ir import naming
from oapigen.ir.operations import path_literal
from oapigen.render import cache as render_cache
from oapigen.render.cache import RenderCache
from oapigen.render.example_data import ExampleData
from oapigen.resources import shipped_templates

_SERVER = shipped_templates() / "tests" / "loopback_server.py"
_JSON_VALUES = shipped_templates() / "tests" / "json_values.py"
_HOSTILE = shipped_templates() / "tests" / "hostile_server.py"

_FORM = "application/x-www-form-urlencoded"
_ERROR_CLASSES = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    403: "ForbiddenException",
    404: "NotFoundException",
    409: "ConflictException",
    422: "UnprocessableEntityException",
    429: "RateLimitException",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Argument:
    """One required argument: a Python literal from the IR, or JSON (decoded into ``model``)."""

    name: str
    expr: str | None = None
    model: str | None = None
    json_text: str | None = None
    # An alias that converts its data (``dict[str, Model]``): its models module and decoder.
    alias_module: str | None = None
    decoder: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationCase:
    """What the shipped tests need to call one operation."""

    api: str
    api_module: str
    method_name: str
    test_name: str
    sends_json: bool
    # A form body (application/x-www-form-urlencoded) of an object: the JSON it is made from.
    form_json: str | None = None
    # Its fields sent in brackets whatever they hold (the spec's encoding: deepObject).
    form_bracketed: tuple[str, ...] = ()
    deprecated: bool
    route: str
    arguments: tuple[Argument, ...]
    response_json: str | None
    response_model: str | None
    # The answer is JSON null (a nullable type with no example): the call gives None.
    answers_null: bool = False
    # The method is typed to return None: its result is no value to assign.
    returns_none: bool = False
    # The answer is a string (JSON or text/plain): the call gives the example itself.
    answers_text: bool = False
    # The success status the route answers with: the one whose decoder the tests check.
    status: int
    # A streamed operation: the one event its route sends (JSON), and the event's model.
    event_json: str | None = None
    event_model: str | None = None
    # An event typed by an alias of a union of models: its models module and encoder.
    event_alias_module: str | None = None
    event_encoder: str | None = None
    error_status: int
    error_class: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelCase:
    """One model and the JSON its round-trip test decodes and encodes."""

    name: str
    example_json: str

    @property
    def local(self) -> str:
        """The name the test module imports the model under (see :func:`local_name`)."""
        return local_name(self.name)


def local_name(name: str) -> str:
    """A model's name in a test module: pytest would collect a class named ``Test*`` as tests."""
    return "_" + name if name.startswith("Test") else name


def _import_entry(local: str) -> str:
    name = local.removeprefix("_")
    return name if name == local else f"{name} as {local}"


def render_tests(
    client: ir.Client, env: jinja2.Environment, rendered: RenderCache | None = None
) -> dict[str, str]:
    """The files of ``tests/`` in the generated project (kept in ``rendered`` when given)."""
    examples = ExampleData(client)
    # A form body's lists carry an item: the suite then checks how nested values travel.
    form_examples = ExampleData(client, fill_lists=True)
    operations: list[OperationCase] = []
    routes: list[dict[str, Any]] = []
    for api in client.apis:
        for op in api.operations:
            case = _operation_case(api, op, examples, form_examples)
            operations.append(case)
            routes.append(_route(op, case, client.auth_placements))
    models = [ModelCase(name=m.name, example_json=examples.model_json(m)) for m in client.models]
    models.sort(key=lambda case: naming.isort_key(case.name))  # the order ruff's isort wants
    values = {
        # The templates name the package, nothing else of the client: the outline keeps the
        # render cache's key to what they show (a description edit leaves it as it was).
        "client": render_cache.outline(client),
        "operations": operations,
        "models": models,
        "operation_imports": _operation_imports(operations),
        "api_modules": sorted({case.api_module for case in operations}, key=naming.natural_key),
        "alias_modules": sorted(
            {a.alias_module for case in operations for a in case.arguments if a.alias_module}
            | {case.event_alias_module for case in operations if case.event_alias_module},
            key=naming.natural_key,
        ),
    }

    def render(name: str) -> str:
        template = f"tests/{name}.jinja"

        def fresh() -> str:
            return env.get_template(template).render(values)

        return rendered.text(template, values, fresh) if rendered is not None else fresh()

    return {
        "tests/__init__.py": "",
        "tests/conftest.py": render("conftest.py"),
        "tests/json_values.py": _JSON_VALUES.read_text("utf-8"),
        "tests/hostile_server.py": _HOSTILE.read_text("utf-8"),
        "tests/loopback_server.py": _SERVER.read_text("utf-8"),
        "tests/test_hostile.py": render("test_hostile.py"),
        "tests/routes.json": json.dumps(routes, indent=1, sort_keys=True) + "\n",
        "tests/test_operations.py": render("test_operations.py"),
        "tests/test_models.py": render("test_models.py"),
    }


def _operation_imports(operations: list[OperationCase]) -> list[str]:
    # The runtime's classes and the API classes come through their modules: a schema may take
    # their names at the package root (and the root then exports the schema).
    names = {"exceptions"}
    for case in operations:
        names |= {m for m in (case.response_model, case.event_model) if m}
        names |= {arg.model for arg in case.arguments if arg.model}
    return sorted(map(_import_entry, names), key=naming.isort_key)


def _route(
    op: ir.Operation, case: OperationCase, placements: Mapping[str, tuple[str, str, str]]
) -> dict[str, Any]:
    """The loopback server's entry for one operation (a JSON file, not Python source).

    ``auth`` lists where each credential the operation accepts goes; any one of them will do.
    Schemes the client cannot fill (mutual TLS) ask for nothing.
    """
    return {
        "method": op.method.upper(),
        "pattern": _path_pattern(op.path.partition("?")[0]),
        # Some path keys carry a fixed query ("/responses?beta=true"): it tells routes apart.
        "query": dict(parse_qsl(op.path.partition("?")[2])),
        "route": case.route,
        "auth": [list(placements[name]) for name in op.auth if name in placements],
        "status": case.status,
        "bodies": _bodies(case),
        # Variants of one operation share its path: the Accept header they send tells them
        # apart, and each is answered in its own media type (JSON, text, bytes).
        "accept": op.accept,
        "content_type": _answer_type(op),
        **({"events": [json.loads(case.event_json)]} if case.event_json else {}),
    }


def _answer_type(op: ir.Operation) -> str:
    """The media type of the success body the route sends (JSON when nothing says otherwise)."""
    decoder = op.success_decoders[0] if op.success_decoders else None
    return (decoder.content_type if decoder else None) or "application/json"


def _event_type(hint: str) -> str:
    """The event type of a stream's hint (``streams.EventStream[Event]`` -> ``Event``)."""
    node = ast.parse(hint, mode="eval").body
    return ast.unparse(node.slice) if isinstance(node, ast.Subscript) else ""


def _bodies(case: OperationCase) -> dict[str, Any]:
    """Status -> the JSON the route answers with: example data, or null for a nullable type.
    No entry: no body (no example data for bytes or Any)."""
    if case.response_json is None or (case.response_json == "null" and not case.answers_null):
        return {}
    return {str(case.status): json.loads(case.response_json)}


def _plain_hint(hint: str) -> str:
    """A hint with the models named by class alone: an API module names a model whose name the
    runtime also uses (``ApiClient``) through its module, ``_m_api_client.ApiClient``."""
    return re.sub(r"\b_m_\w+\.", "", hint)


def _path_pattern(path: str) -> str:
    parts = re.split(r"({[^{}]+})", path)
    # The client sends the literal pieces percent-encoded; the server sees them so.
    pieces = ("[^/]+" if i % 2 else re.escape(path_literal(p)) for i, p in enumerate(parts))
    return "^" + "".join(pieces) + "$"


def _operation_case(
    api: ir.Api, op: ir.Operation, examples: ExampleData, form_examples: ExampleData
) -> OperationCase:
    args = [Argument(name=p.py_name, expr=p.example_repr) for p in op.params if p.required]
    form_json = None
    if op.body is not None and op.body.required:
        hint = _plain_hint(op.body.type.hint)
        sent = form_examples if op.body.content_type.startswith(_FORM) else examples
        data = sent.example_for(hint, op.body.example_json)
        model = local_name(hint) if examples.is_model(hint) else None
        module, alias_decoder = examples.decoder_for(hint) if model is None else (None, None)
        args.append(
            Argument(
                name=op.body.py_name,
                model=model,
                json_text=json.dumps(data),
                alias_module=module,
                decoder=alias_decoder,
            )
        )
        if isinstance(data, dict) and op.body.content_type.startswith(_FORM):
            form_json = json.dumps(data)
    decoder = op.success_decoders[0] if op.success_decoders else None
    if decoder is not None and decoder.keeps_undeclared:
        decoder = None  # the route answers with no body, as declared: the call returns None
    response_json = response_model = event_json = event_model = None
    event_alias_module = event_encoder = None
    answers_null = False
    if decoder is not None and decoder.type is not None:
        hint = _plain_hint(decoder.type.hint)
        if op.stream and _event_type(hint):
            event = _event_type(hint)
            event_model = local_name(event) if examples.is_model(event) else None
            # Not the operation's example: OpenAI's is the whole answer of the plain variant,
            # which may fit some branch of the event union loosely yet decode to none of them.
            event_json = json.dumps(examples.example_for(event, None))
            if event_model is None:
                event_alias_module, from_data = examples.decoder_for(event)
                if from_data is not None:
                    event_encoder = from_data.removesuffix("_from_data") + "_to_data"
        else:
            response_model = local_name(hint) if examples.is_model(hint) else None
            data = examples.example_for(hint, decoder.example_json)
            response_json = json.dumps(data)
            # No example data for bytes: the route sends no body, the call gives b"". JSON
            # null fits a nullable type and Any: the call gives None.
            answers_null = data is None and bool(
                {"None", "Any"} & {b.strip() for b in hint.split("|")}
            )
    status = _error_status(op)
    return OperationCase(
        api=api.name,
        api_module=api.module,
        method_name=op.py_name,
        test_name=f"{api.module}_{op.py_name}",
        deprecated=op.deprecated,
        sends_json=op.body is not None and op.body.required and op.body.is_json,
        form_json=form_json,
        form_bracketed=op.body.bracketed if form_json and op.body else (),
        route=f"{op.method.upper()} {op.path}",
        arguments=tuple(args),
        response_json=response_json,
        response_model=response_model,
        answers_null=answers_null,
        returns_none=op.return_hint == "None",
        answers_text=response_json is not None and _plain_hint(op.return_hint) == "str",
        status=_success_status(op, decoder),
        event_json=event_json,
        event_model=event_model,
        event_alias_module=event_alias_module,
        event_encoder=event_encoder,
        error_status=status,
        error_class=_ERROR_CLASSES.get(
            status, "ServiceException" if status >= 500 else "ApiException"
        ),
    )


def _success_status(op: ir.Operation, decoder: ir.Response | None) -> int:
    """The status the route answers with: the decoder's own (201, 202), 200 for a range or
    ``default``; with no body to decode, the first 2xx the spec declares (204)."""
    if decoder is not None:
        return int(decoder.status) if decoder.status.isdigit() else 200
    declared = [int(r.status) for r in op.responses if r.status.isdigit()]
    return next((code for code in declared if 200 <= code < 300), 200)


def _error_status(op: ir.Operation) -> int:
    """The first error status the spec declares, else 404 (every API can answer that)."""
    for response in op.responses:
        if response.status.isdigit() and int(response.status) >= 400:
            return int(response.status)
    return 404
