"""The faster spec validators report exactly what the published ones report.

Both run in one process: upstream iterates a set of property names when it checks
``additionalProperties``, so which error comes first can change with ``PYTHONHASHSEED``; within
one process both see the same order.
"""

from __future__ import annotations

import copy
import sys
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from oapigen.spec import validator_speedups
from oapigen.spec.load import load_spec
from oapigen.spec.validate import import_upstream

from .conftest import ROOT, make_spec

UPSTREAM = sorted((ROOT / "spec" / "upstream").glob("*.yaml"))


def errors_of(cls: type[Any], document: Any) -> list[Any]:
    """Every error ``cls`` yields, with what the generator reads from it; then how it stopped."""
    found: list[Any] = []
    try:
        for err in cls(copy.deepcopy(document)).iter_errors():
            found.append(
                (
                    type(err).__name__,
                    err.message,
                    list(err.absolute_path),
                    list(err.schema_path),
                    err.validator,
                    repr(err.instance),
                )
            )
    # The validator raises on some bad input (a dangling $ref): the same exception is expected.
    except Exception as exc:
        found.append(("raised", type(exc).__name__, str(exc)))
    return found


def assert_same_errors(document: dict[str, Any]) -> list[Any]:
    """Both pairs of classes agree on ``document``; returns the errors."""
    v31 = str(document["openapi"]).startswith("3.1")
    published = OpenAPIV31SpecValidator if v31 else OpenAPIV30SpecValidator
    faster = (
        validator_speedups.FasterV31SpecValidator
        if v31
        else validator_speedups.FasterV30SpecValidator
    )
    expected = errors_of(published, document)
    assert errors_of(faster, document) == expected
    # Validated again, with the metaschema validators and the crawled registry already built.
    assert errors_of(faster, document) == expected
    return expected


def op(schema: Any) -> dict[str, Any]:
    """A path with one operation whose response uses ``schema``."""
    content = {"application/json": {"schema": schema}}
    return {
        "/things": {
            "get": {
                "operationId": "getThing",
                "responses": {"200": {"description": "ok", "content": content}},
            }
        }
    }


NESTED = {"type": "object", "properties": {"a": {"type": "array", "items": {}}}}

BROKEN: dict[str, tuple[str, dict[str, Any], dict[str, Any] | None]] = {
    "unknown type": ("3.0.3", {"T": {"type": "strin"}}, None),
    "type not a string": ("3.1.0", {"T": {"type": 5}}, None),
    "required not a list": ("3.0.3", {"T": {"type": "object", "required": "id"}}, None),
    "minimum a string": ("3.1.0", {"T": {"type": "number", "minimum": "zero"}}, None),
    "properties a list": ("3.0.3", {"T": {"type": "object", "properties": []}}, None),
    "nested exclusiveMinimum true": (
        "3.1.0",
        {"T": {"type": "object", "properties": {"n": {"oneOf": [{"exclusiveMinimum": True}]}}}},
        None,
    ),
    "nested enum not a list": (
        "3.0.3",
        {"T": {"type": "object", "properties": {"a": {"items": {"enum": 5}, "type": "array"}}}},
        None,
    ),
    "deep items with bad keyword values": (
        "3.1.0",
        {"T": {**NESTED, "properties": {"a": {"type": "array", "items": {"maxItems": -1}}}}},
        None,
    ),
    "default of the wrong type": (
        "3.1.0",
        {"T": {"type": "object", "properties": {"n": {"type": "integer", "default": "x"}}}},
        None,
    ),
    "nullable default": (
        "3.0.3",
        {"T": {"type": "object", "default": None, "nullable": False}},
        None,
    ),
    "dangling $ref in a component": (
        "3.1.0",
        {"T": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Nope"}}}},
        None,
    ),
    "dangling $ref in a response": ("3.0.3", {}, op({"$ref": "#/components/schemas/Nope"})),
    "inline response schema with a bad keyword value": (
        "3.1.0",
        {},
        op({"type": "object", "properties": {"x": {"minLength": "1"}}}),
    ),
    "unknown $schema dialect": ("3.1.0", {"T": {"$schema": "https://example.com/nope"}}, None),
    "$schema not a string": ("3.1.0", {"T": {"$schema": 7}}, None),
    "draft 7 dialect": (
        "3.1.0",
        {"T": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "strin"}},
        None,
    ),
    "required names no property under allOf": (
        "3.0.3",
        {"T": {"allOf": [{"type": "object"}], "required": ["ghost"], "properties": {}}},
        None,
    ),
    "same schema reached twice": (
        "3.1.0",
        {
            "T": {"type": "object", "properties": {"u": {"$ref": "#/components/schemas/U"}}},
            "U": {"type": "object", "properties": {"t": {"$ref": "#/components/schemas/T"}}},
            "V": {"allOf": [{"$ref": "#/components/schemas/T"}, {"minimum": "x"}]},
        },
        op({"$ref": "#/components/schemas/T"}),
    ),
    "not an object at all": ("3.0.3", {"T": "string"}, None),
    "schema true in 3.1": ("3.1.0", {"T": True, "F": {"items": False, "not": {"type": 1}}}, None),
    # Caught only by the format checker the metaschema validator is given.
    "pattern not a regex in 3.0": ("3.0.3", {"T": {"type": "string", "pattern": "(["}}, None),
    "pattern not a regex in 3.1": ("3.1.0", {"T": {"type": "string", "pattern": "(["}}, None),
}


def parameter(**fields: Any) -> dict[str, Any]:
    """A path whose operation takes one parameter with ``fields``."""
    paths = op({"type": "string"})
    paths["/things"]["get"]["parameters"] = [fields]
    return paths


# Documents the whole-document check (against the OpenAPI schema) rejects.
BROKEN_DOCUMENTS: dict[str, dict[str, Any]] = {
    "no info": {"info": None},
    "paths a list": {"paths": []},
    "parameter without in": {"paths": parameter(name="q", schema={"type": "string"})},
    "parameter schema a string": {"paths": parameter(name="q", **{"in": "query"}, schema="int")},
    "response without description": {
        "paths": {"/things": {"get": {"responses": {"200": {"content": {}}}}}}
    },
    "media type schema a number": {"paths": op(5)},
    "$ref to a string": {"paths": op({"$ref": "#/components/schemas/T/type"})},
    "unknown top-level field": {"x_not_an_extension": 1},
}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("name", sorted(BROKEN_DOCUMENTS))
def test_same_errors_on_broken_documents(name: str, version: str) -> None:
    document = {**make_spec({"T": {"type": "string"}}, openapi=version), **BROKEN_DOCUMENTS[name]}
    document = {key: value for key, value in document.items() if value is not None}
    assert assert_same_errors(document), "each broken document must be reported"


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_same_errors_on_broken_specs(name: str) -> None:
    version, schemas, paths = BROKEN[name]
    errors = assert_same_errors(make_spec(schemas, paths, openapi=version))
    assert errors, "each broken spec must make the validator report something"


def test_same_errors_on_a_document_with_all_the_defects_at_once() -> None:
    # A dangling $ref stops the validator: leave those out so the other defects are reached.
    cases = [(name, case[1]) for name, case in sorted(BROKEN.items()) if "dangling" not in name]
    schemas = {
        f"{i}{key}": value for i, (_, group) in enumerate(cases) for key, value in group.items()
    }
    for version in ("3.0.3", "3.1.0"):
        assert len(assert_same_errors(make_spec(schemas, openapi=version))) > 10


@pytest.mark.slow
@pytest.mark.parametrize("path", UPSTREAM, ids=[p.stem for p in UPSTREAM])
def test_same_errors_on_the_upstream_documents(path: Any) -> None:
    assert_same_errors(load_spec(path))


def test_the_faster_classes_run_only_on_the_pinned_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert validator_speedups.applies()
    assert import_upstream() == (
        validator_speedups.FasterV30SpecValidator,
        validator_speedups.FasterV31SpecValidator,
    )
    monkeypatch.setitem(validator_speedups.VERSIONS, "referencing", "0.36.2")
    assert not validator_speedups.applies()
    assert import_upstream() == (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator)


def test_a_missing_distribution_means_the_published_classes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(validator_speedups.VERSIONS, "no-such-distribution", "1.0")
    assert not validator_speedups.applies()
    assert import_upstream() == (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator)


def test_the_pins_in_pyproject_match() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for name, pinned in validator_speedups.VERSIONS.items():
        assert f'"{name}=={pinned}"' in text


def test_seen_ids_answer_like_a_list() -> None:
    seen = validator_speedups.SeenIds()
    assert 3 not in seen
    seen.append(3)
    seen.append(3)
    assert 3 in seen
    assert 4 not in seen
    assert seen == [3, 3]


def dialect(uri: str, value: int) -> Resource[Any]:
    return Resource.from_contents(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": uri,
            "$dynamicAnchor": "m",
            "$defs": {"x": {"const": value}},
        }
    )


def test_remembered_lookups_depend_on_base_uri_and_dynamic_scope() -> None:
    validator_speedups.spec_validators()
    resources = [dialect("http://a.test/", 1), dialect("http://c.test/", 3)]
    registry = validator_speedups.remembered(resources @ Registry())
    for _ in range(2):  # the second round is answered from what was remembered
        at_a, at_c = registry.resolver("http://a.test/"), registry.resolver("http://c.test/")
        assert at_a.lookup("#/$defs/x").contents == {"const": 1}
        assert at_c.lookup("#/$defs/x").contents == {"const": 3}
        # Resolved from c with a in the dynamic scope: the outermost dynamic anchor, a's root.
        c_from_a = at_a.lookup("http://c.test/").resolver
        assert c_from_a.lookup("#m").contents["$defs"]["x"] == {"const": 1}
        assert at_c.lookup("#m").contents["$defs"]["x"] == {"const": 3}
        with pytest.raises(Unresolvable):
            at_a.lookup("http://nowhere.test/")
    assert validator_speedups._lookups


def test_speedups_that_cannot_import_leave_the_published_validators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Other library versions may move the private names the speedups use: no traceback."""
    monkeypatch.setitem(sys.modules, "oapigen.spec.validator_speedups", None)  # import fails
    assert import_upstream() == (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator)
