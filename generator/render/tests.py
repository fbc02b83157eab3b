"""IR -> the pytest suite shipped in the generated project (``tests/``), with its loopback server.

The cases are worked out here, as values, so the templates only print them: each operation gets
example arguments, the JSON its route answers with, and an error status with its exception class.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import jinja2

from oapigen import ir
from oapigen.ir import naming
from oapigen.ir.records import record
from oapigen.render import cache as render_cache
from oapigen.render.cache import RenderCache
from oapigen.render.imports import prune_imports
from oapigen.render.node_reads import Reads
from oapigen.resources import shipped_templates

_SERVER = shipped_templates() / "tests" / "loopback_server.py"
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


@record
class Argument:
    """One required argument: a Python literal from the IR, or JSON (decoded into ``model``)."""

    name: str
    expr: str | None = None
    model: str | None = None
    json_text: str | None = None


@record
class OperationCase:
    """What the shipped tests need to call one operation."""

    api: str
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


@record
class ModelCase:
    """One model and the JSON its round-trip test decodes and encodes."""

    name: str
    example_json: str


def render_tests(
    client: ir.Client, env: jinja2.Environment, rendered: RenderCache | None = None
) -> dict[str, str]:
    """The files of ``tests/`` in the generated project (kept in ``rendered`` when given)."""
    # Each model's JSON is cached by the nodes it reads (none of that without a cache).
    reads = Reads() if rendered is not None and rendered.cache_dir is not None else None
    examples = _Examples(client, reads)

    def model_json(model: ir.Model) -> str:
        if rendered is None or reads is None:
            return examples.model_json(model)
        values = {"model": model}
        return rendered.traced(
            "tests: model json", values, reads, lambda: examples.model_json(model)
        )

    operations: list[OperationCase] = []
    routes: list[dict[str, Any]] = []
    for api in client.apis:
        for op in api.operations:
            case = _operation_case(api, op, examples)
            operations.append(case)
            routes.append(_route(op, case))
    models = [ModelCase(name=m.name, example_json=model_json(m)) for m in client.models]
    models.sort(key=lambda case: naming.isort_key(case.name))  # the order ruff's isort wants
    values = {
        # The templates name the package, nothing else of the client: the outline keeps the
        # render cache's key to what they show (a description edit leaves it as it was).
        "client": render_cache.outline(client),
        "operations": operations,
        "models": models,
        "operation_imports": _operation_imports(operations),
    }

    def render(name: str, *, prune: bool) -> str:
        template = f"tests/{name}.jinja"

        def fresh() -> str:
            text = env.get_template(template).render(values)
            return prune_imports(text) if prune else text

        return rendered.text(template, values, fresh) if rendered is not None else fresh()

    return {
        "tests/__init__.py": "",
        "tests/conftest.py": render("conftest.py", prune=False),
        "tests/hostile_server.py": _HOSTILE.read_text("utf-8"),
        "tests/loopback_server.py": _SERVER.read_text("utf-8"),
        "tests/test_hostile.py": render("test_hostile.py", prune=True),
        "tests/routes.json": json.dumps(routes, indent=1, sort_keys=True) + "\n",
        "tests/test_operations.py": render("test_operations.py", prune=True),
        "tests/test_models.py": render("test_models.py", prune=True),
    }


def _operation_imports(operations: list[OperationCase]) -> list[str]:
    names = {"ApiClient"}
    for case in operations:
        names |= {case.api, case.error_class}
        names |= {case.response_model} if case.response_model else set()
        names |= {arg.model for arg in case.arguments if arg.model}
    return sorted(names, key=naming.isort_key)


def _route(op: ir.Operation, case: OperationCase) -> dict[str, Any]:
    """The loopback server's entry for one operation (a JSON file, not Python source)."""
    return {
        "method": op.method.upper(),
        "pattern": _path_pattern(op.path.partition("?")[0]),
        # Some path keys carry a fixed query ("/responses?beta=true"): it tells routes apart.
        "query": dict(parse_qsl(op.path.partition("?")[2])),
        "route": case.route,
        "auth": bool(op.auth),
        "bodies": {"200": json.loads(case.response_json) if case.response_json else None},
    }


def _path_pattern(path: str) -> str:
    parts = re.split(r"({[^{}]+})", path)
    return "^" + "".join("[^/]+" if i % 2 else re.escape(p) for i, p in enumerate(parts)) + "$"


def _operation_case(api: ir.Api, op: ir.Operation, examples: _Examples) -> OperationCase:
    args = [Argument(name=p.py_name, expr=p.example_repr) for p in op.params if p.required]
    if op.body is not None and op.body.required:
        hint = op.body.type.hint
        data = examples.example_for(hint, op.body.example_json)
        model = hint if examples.is_model(hint) else None
        args.append(Argument(name=op.body.py_name, model=model, json_text=json.dumps(data)))
    decoder = op.success_decoders[0] if op.success_decoders else None
    response_json = None
    response_model = None
    if decoder is not None and decoder.type is not None:
        response_model = decoder.type.hint if examples.is_model(decoder.type.hint) else None
        response_json = json.dumps(examples.example_for(decoder.type.hint, decoder.example_json))
    status = _error_status(op)
    return OperationCase(
        api=api.name,
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

    def __init__(self, client: ir.Client, reads: Reads | None = None) -> None:
        """With ``reads``, every model and alias looked up is recorded there."""
        models = {m.name: m for m in client.models}
        aliases = {a.name: a for a in client.aliases}
        self.models: Mapping[str, ir.Model] = models
        self.aliases: Mapping[str, ir.Alias] = aliases
        if reads is not None:
            self.models = reads.table("test models", models)
            self.aliases = reads.table("test aliases", aliases)

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
