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
from oapigen.resources import shipped_templates

_SERVER = shipped_templates() / "tests" / "loopback_server.py"
_JSON_VALUES = shipped_templates() / "tests" / "json_values.py"
_HOSTILE = shipped_templates() / "tests" / "hostile_server.py"

_ERROR_CLASSES = {
    400: "BadRequestException",
    401: "UnauthorizedException",
    403: "ForbiddenException",
    404: "NotFoundException",
    409: "ConflictException",
    422: "UnprocessableEntityException",
    429: "RateLimitException",
}
_PLAIN = {
    "str": "string",
    "int": 0,
    "float": 0.0,
    "bool": False,
    "Any": None,
    "datetime.datetime": "2024-01-01T00:00:00Z",
    "datetime.date": "2024-01-01",
}
_MAX_DEPTH = 6
# Checking follows the example's own nesting, so it ends; the bound only stops alias cycles.
_FIT_DEPTH = 64


@dataclass(frozen=True, slots=True, kw_only=True)
class Argument:
    """One required argument: a Python literal from the IR, or JSON (decoded into ``model``)."""

    name: str
    expr: str | None = None
    model: str | None = None
    json_text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationCase:
    """What the shipped tests need to call one operation."""

    api: str
    api_module: str
    method_name: str
    test_name: str
    sends_json: bool
    deprecated: bool
    route: str
    arguments: tuple[Argument, ...]
    response_json: str | None
    response_model: str | None
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
    examples = _Examples(client)
    operations: list[OperationCase] = []
    routes: list[dict[str, Any]] = []
    for api in client.apis:
        for op in api.operations:
            case = _operation_case(api, op, examples)
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
        names |= {case.response_model} if case.response_model else set()
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
        "bodies": {"200": json.loads(case.response_json) if case.response_json else None},
    }


def _plain_hint(hint: str) -> str:
    """A hint with the models named by class alone: an API module names a model whose name the
    runtime also uses (``ApiClient``) through its module, ``_m_api_client.ApiClient``."""
    return re.sub(r"\b_m_\w+\.", "", hint)


def _path_pattern(path: str) -> str:
    parts = re.split(r"({[^{}]+})", path)
    # The client sends the literal pieces percent-encoded; the server sees them so.
    pieces = ("[^/]+" if i % 2 else re.escape(path_literal(p)) for i, p in enumerate(parts))
    return "^" + "".join(pieces) + "$"


def _operation_case(api: ir.Api, op: ir.Operation, examples: _Examples) -> OperationCase:
    args = [Argument(name=p.py_name, expr=p.example_repr) for p in op.params if p.required]
    if op.body is not None and op.body.required:
        hint = _plain_hint(op.body.type.hint)
        data = examples.example_for(hint, op.body.example_json)
        model = local_name(hint) if examples.is_model(hint) else None
        args.append(Argument(name=op.body.py_name, model=model, json_text=json.dumps(data)))
    decoder = op.success_decoders[0] if op.success_decoders else None
    response_json = None
    response_model = None
    if decoder is not None and decoder.type is not None:
        hint = _plain_hint(decoder.type.hint)
        response_model = local_name(hint) if examples.is_model(hint) else None
        response_json = json.dumps(examples.example_for(hint, decoder.example_json))
    status = _error_status(op)
    return OperationCase(
        api=api.name,
        api_module=api.module,
        method_name=op.py_name,
        test_name=f"{api.module}_{op.py_name}",
        deprecated=op.deprecated,
        sends_json=op.body is not None and op.body.required and op.body.is_json,
        route=f"{op.method.upper()} {op.path}",
        arguments=tuple(args),
        response_json=response_json,
        response_model=response_model,
        error_status=status,
        error_class=_ERROR_CLASSES.get(
            status, "ServiceException" if status >= 500 else "ApiException"
        ),
    )


def _error_status(op: ir.Operation) -> int:
    """The first error status the spec declares, else 404 (every API can answer that)."""
    for response in op.responses:
        if response.status.isdigit() and int(response.status) >= 400:
            return int(response.status)
    return 404


def _branches(node: ast.expr) -> list[str]:
    """The members of a ``A | B | C`` hint."""
    if isinstance(node, ast.BinOp):
        return _branches(node.left) + _branches(node.right)
    return [ast.unparse(node)]


def _literal(text: str | None) -> Any:
    """A Python literal from the IR, or None when it is absent or not a plain literal."""
    try:
        return ast.literal_eval(text) if text is not None else None
    except (ValueError, SyntaxError):  # e.g. a YAML date: datetime.date(2024, 1, 1)
        return None


def _literal_values(hint: str) -> tuple[Any, ...]:
    """The values of a ``Literal[...]`` hint."""
    node = ast.parse(hint, mode="eval").body
    if not isinstance(node, ast.Subscript):
        return ()
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return tuple(ast.literal_eval(e) for e in elements)


class _Examples:
    """Example JSON for models: the spec's own, else the smallest object with the required keys."""

    def __init__(self, client: ir.Client) -> None:
        """Index the client's models and aliases by name."""
        models = {m.name: m for m in client.models}
        aliases = {a.name: a for a in client.aliases}
        self.models: Mapping[str, ir.Model] = models
        self.aliases: Mapping[str, ir.Alias] = aliases

    def is_model(self, hint: str) -> bool:
        """Whether ``hint`` names a generated dataclass."""
        return hint in self.models

    def model_json(self, model: ir.Model) -> str:
        """The JSON text a model's round-trip test uses."""
        return json.dumps(self.example_for(model.name, model.example_json))

    def example_for(self, hint: str, example_json: str | None) -> Any:
        """The spec's example when it fits ``hint``, else the smallest data that does."""
        if example_json is not None:
            example = json.loads(example_json)
            if self.fits(hint, example):
                return example
        return self.data(hint)

    def fits(self, hint: str, value: Any, depth: int = 0) -> bool:
        """Whether ``value`` has every key the models under ``hint`` require.

        The spec's examples do not always (the 2026-08-21 RunObject example lacks
        ``required_action``), and a strict client rightly refuses them.
        """
        base = hint.strip().removesuffix("| None").strip()
        if depth > _FIT_DEPTH or value is None:  # null: only required keys are checked here
            return True
        node = ast.parse(base, mode="eval").body
        if isinstance(node, ast.BinOp):  # a union: the branch its constants name must fit
            branches = _branches(node)
            claimed = [b for b in branches if self._claims(b, value)]
            return any(self.fits(b, value, depth + 1) for b in claimed or branches)
        if base.startswith("list[") and isinstance(value, list):
            return all(self.fits(base[5:-1], item, depth + 1) for item in value)
        alias = self.aliases.get(base)
        if alias is not None and alias.type.hint != base:
            return self.fits(alias.type.hint, value, depth + 1)
        model = self.models.get(base)
        return model is None or self._fits_model(model, value, depth)

    def _fits_model(self, model: ir.Model, value: Any, depth: int) -> bool:
        if not isinstance(value, dict):
            return False
        return all(
            (
                self.fits(f.type.hint, value[f.wire_name], depth + 1)
                if f.wire_name in value
                else not f.required
            )
            for f in model.fields
        )

    def _claims(self, hint: str, value: Any) -> bool:
        """Whether the model ``hint`` has required constants (``type: message``) ``value`` has."""
        model = self.models.get(hint)
        if model is None or not isinstance(value, dict):
            return False
        constants = [f for f in model.fields if f.required and f.type.hint.startswith("Literal[")]
        return bool(constants) and all(
            value.get(f.wire_name) in _literal_values(f.type.hint) for f in constants
        )

    def data(self, hint: str, depth: int = 0) -> Any:
        """Plain JSON data fitting ``hint`` (as far as the hint tells)."""
        hint = hint.strip()
        if hint.endswith("| None") or depth > _MAX_DEPTH or hint in _PLAIN:
            return _PLAIN.get(hint)
        node = ast.parse(hint, mode="eval").body
        if isinstance(node, ast.BinOp):  # a union: its first branch
            return self.data(_branches(node)[0], depth + 1)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal":
            return _literal_values(hint)[0]
        for prefix, empty in (("list[", []), ("dict[", {})):
            if hint.startswith(prefix):
                return empty
        if hint in self.models:
            return self._model_data(self.models[hint], depth)
        return self._alias_data(self.aliases[hint], depth) if hint in self.aliases else None

    def _alias_data(self, alias: ir.Alias, depth: int) -> Any:
        if alias.example_json is not None:
            return json.loads(alias.example_json)
        if alias.enum_values:
            return ast.literal_eval(alias.enum_values[0])
        return self.data(alias.type.hint, depth + 1) if alias.type.hint != alias.name else None

    def _model_data(self, model: ir.Model, depth: int) -> dict[str, Any]:
        if model.example_json is not None and self.fits(model.name, json.loads(model.example_json)):
            return dict(json.loads(model.example_json))
        out: dict[str, Any] = {}
        for f in model.fields:
            if not f.required:
                continue
            example = _literal(f.example_repr)
            if example is not None and self.fits(f.type.hint, example):
                out[f.wire_name] = example
            elif f.enum_values:
                out[f.wire_name] = ast.literal_eval(f.enum_values[0])
            else:
                out[f.wire_name] = self.data(f.type.hint, depth + 1)
        return out
