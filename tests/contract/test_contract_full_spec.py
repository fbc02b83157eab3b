"""A client generated (``--lenient``) from the full 2026-08-21 document, against Prism.

One operation per tag; hypothesis builds its arguments from the document's schemas and Prism
must accept every request. Slow: generation of the whole document takes about a minute.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from client_helpers import recording_client
from full_spec import (
    FULL_SPEC,
    PACKAGE,
    Sampled,
    at_pointer,
    build_ir,
    generate_once,
    import_package,
    sample_operations,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from prism_server import Prism, running, violations
from schema_strategies import SchemaStrategies

from oapigen import ir

EXAMPLES_PER_OPERATION = 20
pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def full_client(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> tuple[Any, Any, Any]:
    """(package, document, IR) of the full client, generated once per test session."""
    base = tmp_path_factory.getbasetemp()
    worker = hasattr(request.config, "workerinput")  # set by pytest-xdist in its workers
    shared = base.parent if worker else base  # xdist workers share the parent folder
    out = generate_once(shared)
    document, client = build_ir(out)
    return import_package(out), document, client


@pytest.fixture(scope="session")
def prism_full(prism_logs: Path) -> Iterator[Prism]:
    """Static Prism serving the full document, answering with data built from the schemas.

    Some of the document's own examples break its schemas (measured: the createResponse example
    lacks the required ``logprobs`` of OutputTextContent), and a strict client rightly refuses
    them; Prism's schema-built answers check the decoders against what the spec promises.
    """
    yield from running(FULL_SPEC, dynamic=False, log_dir=prism_logs, ignore_examples=True)


def _decode_as(package: Any, client: ir.Client, info: ir.TypeInfo, data: Any) -> Any:
    """Turn JSON data into the Python value the generated method expects for ``info``."""
    hint = info.hint.removesuffix(" | None")
    if data is None or not info.needs_decode:
        return data
    if hint.startswith("list[") and isinstance(data, list):
        inner = ir.TypeInfo(hint=hint[5:-1], doc="", needs_decode=True)
        return [_decode_as(package, client, inner, item) for item in data]
    modules = dict((name, module) for module, name in client.lazy_exports)
    if hint in modules:
        module = importlib.import_module(f"{PACKAGE}.{modules[hint]}")
        target = getattr(module, hint)
        if hasattr(target, "from_dict"):
            return target.from_dict(data)
        decoders = [getattr(module, n) for n in dir(module) if n.endswith("_from_data")]
        if decoders:
            return decoders[0](data)
    return data


def _argument_strategy(strategies: SchemaStrategies, document: Any, op: ir.Operation) -> Any:
    """Draws {py_name: JSON value} for the operation's parameters and body."""
    required: dict[str, Any] = {}
    optional: dict[str, Any] = {}
    for param in op.params:
        schema = dict(strategies.resolve(at_pointer(document, param.pointer)).get("schema", {}))
        if param.location == "path":
            # An empty segment or a dot segment changes which route the URL names.
            schema["minLength"] = max(1, int(schema.get("minLength", 0)))
            value = strategies.for_schema(schema).filter(lambda v: v not in {".", ".."})
        elif param.location in {"header", "cookie"}:
            value = strategies.for_schema(schema).filter(_header_safe)
        else:
            value = strategies.for_schema(schema)
        (required if param.required else optional)[param.py_name] = value
    if op.body is not None:
        media = strategies.resolve(at_pointer(document, op.body.pointer))["content"]
        value = strategies.for_schema(media[op.body.content_type].get("schema", {}))
        (required if op.body.required else optional)[op.body.py_name] = value
    return st.fixed_dictionaries(required, optional=optional)


def _header_safe(value: Any) -> bool:
    return (
        isinstance(value, str | int | float | bool)
        and str(value).isprintable()
        and (str(value).isascii())
    )


def _call(
    package: Any,
    client: ir.Client,
    sampled: Sampled,
    prism: Prism,
    args: dict[str, Any],
):
    """Send one request; return a problem description, or None when Prism accepted it."""
    op = sampled.operation
    types = {p.py_name: p.type for p in op.params}
    if op.body is not None:
        types[op.body.py_name] = op.body.type
    kwargs = {name: _decode_as(package, client, types[name], value) for name, value in args.items()}
    with recording_client(package, prism) as api_client:
        api = getattr(package, sampled.api.name)(api_client)
        try:
            if op.deprecated:
                with pytest.warns(DeprecationWarning, match=op.operation_id):
                    getattr(api, op.py_name)(**kwargs)
            else:
                getattr(api, op.py_name)(**kwargs)
        except package.UnprocessableEntityException as exc:
            return f"Prism rejected the request:\n{violations(exc.body)}"
        except package.ApiDecodeError as exc:
            return f"the response does not decode: {exc}"
        except package.ApiException as exc:
            return f"HTTP {exc.status}: {exc.body!r:.600}"
    return None


def test_sampled_operations_are_accepted(
    full_client: tuple[Any, Any, ir.Client], prism_full: Prism, counts: Counter[str]
) -> None:
    """At least one operation per tag; every generated request passes Prism's validation."""
    package, document, client = full_client
    strategies = SchemaStrategies(document)
    sampled = sample_operations(client)
    assert {s.tag for s in sampled} == {api.tag for api in client.apis}
    failures: list[str] = []
    for item in sampled:
        problem = _run_operation(
            package,
            client=client,
            item=item,
            prism=prism_full,
            strategies=strategies,
            document=document,
            counts=counts,
        )
        if problem:
            failures.append(f"{item.tag} / {item.operation.operation_id}: {problem}")
    print(f"\nfull spec: {len(sampled)} operations sampled, one per tag")
    assert not failures, f"{len(failures)} of {len(sampled)} operations failed:\n" + "\n\n".join(
        failures
    )


def _run_operation(
    package: Any,
    *,
    client: ir.Client,
    item: Sampled,
    prism: Prism,
    strategies: SchemaStrategies,
    document: Any,
    counts: Counter[str],
) -> str | None:
    """Hypothesis over one operation's arguments; the first problem found, as text."""
    try:
        arguments = _argument_strategy(strategies, document, item.operation)
    except (KeyError, TypeError, ValueError) as exc:
        return f"cannot build arguments from the schema: {exc!r}"

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples every run: a failure is a defect, never a draw
        phases=(Phase.generate,),  # no shrinking: every step would be another HTTP round trip
        suppress_health_check=list(HealthCheck),
    )
    @given(args=arguments)
    def check(args: dict[str, Any]) -> None:
        problem = _call(package, client, item, prism, args)
        assert problem is None, f"{problem}\narguments: {args!r:.800}"
        counts["full spec: requests validated by Prism"] += 1
        if item.operation.success_decoders:
            counts["full spec: responses decoded"] += 1

    try:
        check()
    except AssertionError as exc:
        return str(exc)
    except Exception as exc:  # the generated code itself failed: report it with the others
        return f"{type(exc).__name__}: {exc}"
    return None
