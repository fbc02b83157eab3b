"""Whole upstream documents: nothing skipped, all imports, mypy-clean, examples round-trip."""

from __future__ import annotations

import dataclasses
import functools
import json
import subprocess
import sys
from typing import Any

import pytest

from oapigen.build import build_client
from oapigen.build.apis import group_key
from oapigen.config import Config
from oapigen.diagnostics import Collector
from oapigen.format import default_cache_dir
from oapigen.ir import naming
from oapigen.pipeline import validate
from oapigen.spec.load import load_spec
from oapigen.spec.pointer import HTTP_METHODS, lookup

from ..black_check import would_reformat
from .conftest import ROOT, Upstream
from .example_counts import issue_count

pytestmark = pytest.mark.slow


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                op = item[method]
                found.append((group_key(path, op, "tag"), op))
    return found


def test_every_operation_is_a_method(upstream: Upstream) -> None:
    missing = []
    operations = _operations(upstream.document)
    for tag, op in operations:
        api_name = naming.class_name(tag) + "Api"
        module = upstream.module("api." + naming.module_name(api_name))
        cls = getattr(module, api_name)
        py_name = naming.identifier(op["operationId"])
        if not (hasattr(cls, py_name) and hasattr(cls, py_name + "_with_http_info")):
            missing.append(op["operationId"])
    print(
        f"{upstream.name}: {len(operations) - len(missing)}/{len(operations)} operations generated"
    )
    assert missing == []


def test_every_component_schema_is_a_model_or_alias(upstream: Upstream) -> None:
    schemas = upstream.document["components"]["schemas"]
    missing = []
    for key in schemas:
        name = naming.class_name(key)
        module = upstream.module("models." + naming.module_name(name))
        if not hasattr(module, name):
            missing.append(key)
    print(
        f"{upstream.name}: {len(schemas) - len(missing)}/{len(schemas)} component schemas generated"
    )
    assert missing == []


def test_every_module_imports(upstream: Upstream) -> None:
    package_dir = upstream.out / upstream.package
    modules = sorted(p for p in package_dir.rglob("*.py"))
    for path in modules:
        relative = path.relative_to(upstream.out).with_suffix("")
        dotted = ".".join(relative.parts).removesuffix(".__init__")
        __import__(dotted)
    package = __import__(upstream.package)
    for name in package.__all__:
        getattr(package, name)  # the lazy exports resolve
    assert len(modules) > 100


def test_mypy_strict_passes(upstream: Upstream, tmp_path: Any) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            upstream.package,
        ],
        cwd=upstream.out,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    print(f"{upstream.name}: mypy --strict: {len(errors)} errors")
    print("\n".join(errors[:50]))
    assert proc.returncode == 0, proc.stdout[-5000:]


def test_ruff_passes(upstream: Upstream) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            ".",
        ],
        cwd=upstream.out,
        capture_output=True,
        text=True,
        check=False,
    )
    print(f"{upstream.name}: ruff: {proc.stdout.strip().splitlines()[-1:]}")
    assert proc.returncode == 0, proc.stdout[-5000:]


def _client_ir(upstream: Upstream) -> Any:
    """The IR the generator built the package from (same loader, same validator cache)."""
    diags = Collector(upstream.name)
    document = load_spec(upstream.spec)
    document = validate(document, diags, lenient=True, cache_dir=default_cache_dir())
    config = Config(spec=upstream.spec, package=upstream.package, lenient=True, root=ROOT)
    return build_client(document, diags, config)


def _examples(value: Any) -> list[Any]:
    entries = value if isinstance(value, list) else [value]
    found = []
    for entry in entries:
        text = entry.get("response") if isinstance(entry, dict) else None
        if isinstance(text, str):
            try:
                found.append(json.loads(text))
            except ValueError:
                continue  # a streamed or prose example, not a JSON document
    return found


def _roundtrip(decode: Any, example: Any, to_data: Any) -> tuple[Any, str | None]:
    """The decoded value and a problem, or None when it encodes back unchanged."""
    try:
        value = decode(example)
    except Exception as exc:
        return None, f"decode: {type(exc).__name__}: {exc}"
    encoded = to_data(value)
    if encoded != example:
        dump = json.dumps
        return value, f"to_dict differs: {dump(encoded)[:300]} != {dump(example)[:300]}"
    return value, None


def _unknown_variants(value: Any, unknown: type) -> int:
    """How many values inside ``value`` fitted no union branch and were kept as they came."""
    if isinstance(value, unknown):
        return 1
    if isinstance(value, list | tuple):
        return sum(_unknown_variants(item, unknown) for item in value)
    if isinstance(value, dict):
        return sum(_unknown_variants(item, unknown) for item in value.values())
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        return sum(_unknown_variants(getattr(value, f.name), unknown) for f in fields)
    return 0


def _cases(upstream: Upstream) -> list[tuple[str, str, Any, Any]]:
    """(where, schema pointer, example, decode) for every JSON response and schema example."""
    client = _client_ir(upstream)
    received = functools.partial(_undeclared, upstream.module("response").ApiResponse)
    cases = []
    for api in client.apis:
        namespace = vars(upstream.module("api." + api.module))
        for op in api.operations:
            decoders = [r for r in op.success_decoders if r.read_expr == "response.json()"]
            raw = _lookup_op(upstream.document, op.pointer)
            if any(r.keeps_undeclared for r in op.success_decoders):
                # A 2xx declared bodiless (OpenAI's deletes): the answer is kept as it came.
                for example in _examples((raw.get("x-oaiMeta") or {}).get("examples")):
                    cases.append((op.pointer, op.pointer, example, received))
            if op.stream or not decoders:
                continue
            schema = (
                decoders[0].pointer + "/content/" + _escape(decoders[0].content_type) + "/schema"
            )
            expr = decoders[0].decode_expr or "data"
            for example in _examples((raw.get("x-oaiMeta") or {}).get("examples")):
                decode = functools.partial(_eval, expr, namespace)
                cases.append((op.pointer, schema, example, decode))
    for key, schema in upstream.document["components"]["schemas"].items():
        meta = schema.get("x-oaiMeta") if isinstance(schema, dict) else None
        text = meta.get("example") if isinstance(meta, dict) else None
        try:
            example = json.loads(text) if isinstance(text, str) else None
        except ValueError:
            continue
        if example is not None:
            name = naming.class_name(key)
            module = upstream.module("models." + naming.module_name(name))
            pointer = f"/components/schemas/{key}"
            cases.append((pointer, pointer, example, _schema_decoder(module, name)))
    return cases


def _undeclared(api_response: Any, data: Any) -> Any:
    """What the method of a bodiless 2xx returns when a server answers with ``data`` anyway:
    the body goes through the runtime's own ApiResponse, as a call's would."""
    body = json.dumps(data).encode()
    return api_response(200, {"content-type": "application/json"}, body).undeclared()


def _eval(expr: str, namespace: dict[str, Any], data: Any) -> Any:
    return eval(expr, namespace, {"data": data})


def _escape(token: str | None) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def test_json_examples_roundtrip(upstream: Upstream) -> None:
    """Every response and schema example decodes and encodes back unchanged (issue 16)."""
    to_data = upstream.module("serde").to_data
    unknown = upstream.module("types").UnknownVariant
    cases = _cases(upstream)
    failures, kept_unknown, failed = [], [], set()
    for where, _schema, example, decode in cases:
        value, problem = _roundtrip(decode, example, to_data)
        if problem is not None:
            failures.append(f"{where}: {problem}")
            failed.add(where)
        elif _unknown_variants(value, unknown):
            # A variant the spec lacks (or an example contradicting its schema) is kept as it
            # came rather than rejected: servers change faster than clients.
            kept_unknown.append(where)
    responses = sum(1 for where, *_ in cases if where.startswith("/paths/"))
    print(
        f"{upstream.name}: JSON examples round-tripped: {len(cases) - len(failures)}/{len(cases)}"
        f" ({responses} response examples, {len(cases) - responses} schema examples);"
        f" {len(kept_unknown)} hold a value kept as an UnknownVariant"
    )
    _print_issue_count(upstream, cases, failed)
    print("\n".join(failures + [f"unknown variant kept: {where}" for where in kept_unknown]))
    assert cases
    assert failures == []


def _print_issue_count(upstream: Upstream, cases: list[Any], failed: set[str]) -> None:
    """Issue 16's figure beside the test's own (see example_counts for how they differ)."""
    issue = issue_count(upstream.document)
    answers, schemas = set(issue.answers), set(issue.schemas)
    operations = [where for where, *_ in cases if where.startswith("/paths/")]
    assert set(operations) <= answers  # the test decodes a subset of the issue's answers
    mine = [where for where, *_ in cases if where in answers or where in schemas]
    print(
        f"{upstream.name}: issue 16's count: {issue.total} response examples"
        f" ({len(issue.answers)} JSON answers of operations, {len(issue.schemas)} examples of"
        f" schemas a response may hold); {len(mine)} of them are cases here, of which"
        f" {sum(1 for where in mine if where not in failed)} round-trip"
    )
    if upstream.name == "2026-08-21":
        assert issue.total == 583  # the figure issue 16 gives: the two counts reconcile
        assert len(mine) == issue.total  # each of the 583 is a case (failures: asserted above)


def test_undeclared_error_status_decodes_the_common_error_body(upstream: Upstream) -> None:
    """createChatCompletion declares no 400, yet OpenAI answers one with ErrorResponse."""
    client = _client_ir(upstream)
    found = [
        (api, op)
        for api in client.apis
        for op in api.operations
        if op.operation_id == "createChatCompletion" and not op.stream
    ]
    api, op = found[0]
    assert not [r for r in op.responses if r.status == "400" and r.pointer.startswith("/paths")]
    decode = getattr(upstream.module("api." + api.module), op.error_data_function)
    body = {
        "error": {"message": "bad", "type": "invalid_request_error", "param": None, "code": None}
    }
    data = decode(400, body)
    assert type(data).__name__ == "ErrorResponse" and data.error.message == "bad"
    assert data.to_dict() == body


def _schema_decoder(module: Any, name: str) -> Any:
    cls = getattr(module, name)
    if hasattr(cls, "from_dict"):
        return cls.from_dict
    snake = naming.snake(name)
    return getattr(module, f"{snake}_from_data", lambda data: data)


def _lookup_op(document: dict[str, Any], pointer: str) -> dict[str, Any]:
    found: dict[str, Any] = lookup(document, pointer)
    return found


def test_black_would_change_nothing_ruff_formatted(upstream: Upstream, tmp_path: Any) -> None:
    changed, summary = would_reformat(upstream.out, tmp_path)
    print(f"{upstream.name}: black --check: {summary}")
    assert changed == [], "\n".join(changed[:20])
