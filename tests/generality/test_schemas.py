"""Schema constructs, each in a small inline spec: generate, import, decode, encode."""

from __future__ import annotations

import datetime
import importlib
import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from .conftest import minimal_document

Build = Callable[..., ModuleType]


def _schemas(**schemas: Any) -> dict[str, Any]:
    return {"components": {"schemas": schemas}}


def test_cycles_self_and_mutual_import_and_roundtrip(build: Build) -> None:
    pkg = build(
        _schemas(
            Node={
                "type": "object",
                "properties": {
                    "children": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Node"},
                    }
                },
            },
            A={
                "type": "object",
                "properties": {
                    "b": {"$ref": "#/components/schemas/B"},
                    "n": {"type": "integer"},
                },
            },
            B={
                "type": "object",
                "properties": {"a": {"$ref": "#/components/schemas/A"}},
            },
        )
    )
    data = {"children": [{"children": []}, {"children": [{}]}]}
    node = pkg.Node.from_dict(data)
    assert isinstance(node.children[1].children[0], pkg.Node)
    assert node.to_dict() == data
    a = pkg.A.from_dict({"b": {"a": {"n": 1}}})
    assert a.b.a.n == 1 and a.to_dict() == {"b": {"a": {"n": 1}}}


def test_cycle_imports_in_a_fresh_interpreter(build: Build, tmp_path: Any) -> None:
    build(
        _schemas(
            A={
                "type": "object",
                "properties": {"b": {"$ref": "#/components/schemas/B"}},
            },
            B={
                "type": "object",
                "properties": {"a": {"$ref": "#/components/schemas/A"}},
            },
        ),
        package="cyc",
    )
    for first in ("a", "b"):
        code = f"import cyc.models.{first}; from cyc import A; A.from_dict({{'b': {{'a': {{}}}}}})"
        proc = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path / "cyc",
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr


def test_allof_merges_ref_parents(build: Build) -> None:
    pkg = build(
        _schemas(
            Base={
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}},
            },
            Pet={
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": {"type": "string"}},
                    },
                ]
            },
        )
    )
    pet = pkg.Pet(id_="1", name="rex")
    assert pet.to_dict() == {"id": "1", "name": "rex"}
    assert pkg.Pet.from_dict({"id": "2", "name": "a", "x": 1}).additional_properties == {"x": 1}


_CAT = {
    "type": "object",
    "required": ["kind"],
    "properties": {
        "kind": {"type": "string", "enum": ["cat"]},
        "meow": {"type": "boolean"},
    },
}
_DOG = {
    "type": "object",
    "required": ["kind"],
    "properties": {
        "kind": {"type": "string", "enum": ["dog"]},
        "bark": {"type": "boolean"},
    },
}


@pytest.mark.parametrize("mapping", [True, False])
def test_oneof_with_discriminator(build: Build, mapping: bool) -> None:
    disc: dict[str, Any] = {"propertyName": "kind"}
    if mapping:
        disc["mapping"] = {
            "cat": "#/components/schemas/Cat",
            "dog": "#/components/schemas/Dog",
        }
    pkg = build(
        _schemas(
            Cat=_CAT,
            Dog=_DOG,
            Pet={
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": disc,
            },
            Owner={
                "type": "object",
                "properties": {"pet": {"$ref": "#/components/schemas/Pet"}},
            },
        )
    )
    owner = pkg.Owner.from_dict({"pet": {"kind": "dog", "bark": True}})
    assert isinstance(owner.pet, pkg.Dog)
    assert owner.to_dict() == {"pet": {"kind": "dog", "bark": True}}
    assert isinstance(pkg.Owner.from_dict({"pet": {"kind": "cat"}}).pet, pkg.Cat)


def test_anyof_without_discriminator_primitives_objects_and_null(build: Build) -> None:
    pkg = build(
        _schemas(
            Cat=_CAT,
            Thing={
                "type": "object",
                "properties": {
                    "v": {
                        "anyOf": [
                            {"type": "string"},
                            {"type": "integer"},
                            {"$ref": "#/components/schemas/Cat"},
                            {"type": "array", "items": {"type": "string"}},
                            {"type": "null"},
                        ]
                    },
                },
            },
        )
    )
    for value in ["s", 3, ["a"], None]:
        assert pkg.Thing.from_dict({"v": value}).v == value
    thing = pkg.Thing.from_dict({"v": {"kind": "cat", "meow": False}})
    assert isinstance(thing.v, pkg.Cat)
    assert thing.to_dict() == {"v": {"kind": "cat", "meow": False}}
    # A value of no declared variant is kept as it came and round-trips (issue 16).
    odd = pkg.Thing.from_dict({"v": 1.5})
    assert odd.v == pkg.UnknownVariant(1.5)
    assert odd.to_dict() == {"v": 1.5}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_nullable_both_dialects_const_and_enums(build: Build, version: str) -> None:
    if version == "3.0.3":
        nullable_str: dict[str, Any] = {"type": "string", "nullable": True}
        const: dict[str, Any] = {"type": "string", "enum": ["fixed"]}
    else:
        nullable_str = {"type": ["string", "null"]}
        const = {"const": "fixed"}
    pkg = build(
        {
            "openapi": version,
            **_schemas(
                M={
                    "type": "object",
                    "required": ["s"],
                    "properties": {
                        "s": nullable_str,
                        "c": const,
                        "e_str": {"type": "string", "enum": ["a", "b"]},
                        "e_int": {"type": "integer", "enum": [1, 2]},
                        "e_mixed": {"enum": ["a", 1]},
                        "e_null": {
                            "type": "string",
                            "enum": ["a", None],
                            "nullable": True,
                        },
                        "e_one": {"type": "string", "enum": ["only"]},
                    },
                },
                Color={"type": "string", "enum": ["red", "green"]},
            ),
        }
    )
    data = {
        "s": None,
        "c": "fixed",
        "e_str": "b",
        "e_int": 2,
        "e_mixed": 1,
        "e_null": None,
        "e_one": "only",
    }
    m = pkg.M.from_dict(data)
    assert m.s is None and m.to_dict() == data
    color = importlib.import_module("pkg.models.color")
    assert color.color_matches("red") and not color.color_matches("blue")
    assert "Literal['a', 'b']" in pkg.models.m.M.__annotations__["e_str"]


def test_additional_properties_items_without_type_and_prefix_items(
    build: Build,
) -> None:
    pkg = build(
        _schemas(
            Cat=_CAT,
            M={
                "type": "object",
                "properties": {
                    "free": {"type": "object", "additionalProperties": True},
                    "typed": {
                        "type": "object",
                        "additionalProperties": {"$ref": "#/components/schemas/Cat"},
                    },
                    "closed": {
                        "type": "object",
                        "properties": {"x": {"type": "integer"}},
                        "additionalProperties": False,
                    },
                    "untyped_items": {"items": {"$ref": "#/components/schemas/Cat"}},
                    "anything": {"type": "array"},
                    "pair": {
                        "type": "array",
                        "prefixItems": [{"type": "string"}, {"type": "integer"}],
                    },
                },
            },
            Extra={
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "additionalProperties": {"type": "integer"},
            },
            Pets={
                "type": "object",
                "properties": {"a": {"type": "string"}},
                "additionalProperties": {"$ref": "#/components/schemas/Cat"},
            },
        )
    )
    pets = pkg.Pets.from_dict({"a": "x", "tom": {"kind": "cat"}, "gone": None})
    assert isinstance(pets.additional_properties["tom"], pkg.Cat)
    assert pets.to_dict() == {"a": "x", "tom": {"kind": "cat"}, "gone": None}
    data = {
        "free": {"k": [1]},
        "typed": {"t": {"kind": "cat"}},
        "closed": {"x": 1},
        "untyped_items": [{"kind": "cat"}],
        "anything": [1, "a"],
        "pair": ["a", 1],
    }
    m = pkg.M.from_dict(data)
    assert isinstance(m.typed["t"], pkg.Cat) and isinstance(m.untyped_items[0], pkg.Cat)
    assert m.to_dict() == data
    extra = pkg.Extra.from_dict({"a": "x", "n": 1})
    assert extra.additional_properties == {"n": 1} and extra.to_dict() == {
        "a": "x",
        "n": 1,
    }


def test_formats_defaults_read_write_only_and_deprecated(build: Build) -> None:
    pkg = build(
        _schemas(
            M={
                "type": "object",
                "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "day": {"type": "string", "format": "date"},
                    "ts": {"type": "integer", "format": "unixtime"},
                    "odd": {"type": "string", "format": "no-such-format"},
                    "blob": {"type": "string", "format": "binary"},
                    "n": {"type": "integer", "default": 5, "readOnly": True},
                    "secret": {"type": "string", "writeOnly": True},
                    "old": {
                        "type": "string",
                        "deprecated": True,
                        "description": "Old field.",
                    },
                },
            },
            Legacy={
                "type": "object",
                "deprecated": True,
                "properties": {"a": {"type": "string"}},
            },
            Stamped={
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "name": {"type": "string"},
                },
            },
        )
    )
    data = {
        "at": "2024-05-01T10:00:00+00:00",
        "day": "2024-05-01",
        "ts": 1700000000,
        "odd": "x",
        "n": 5,
    }
    m = pkg.M.from_dict(data)
    assert m.at == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.UTC)
    assert m.day == datetime.date(2024, 5, 1) and m.ts == 1700000000
    assert m.to_dict() == data
    assert pkg.M(blob=b"\x00").blob == b"\x00"
    with pytest.warns(DeprecationWarning, match="Legacy is deprecated") as caught:
        pkg.Legacy(a="x")
    assert caught[0].filename == __file__  # pointed at the caller
    with pytest.warns(DeprecationWarning, match="M.old is deprecated"):
        pkg.M(old="x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pkg.M(at=m.at)  # the deprecated field left out: no warning
        pkg.Legacy.from_dict({"a": "x"})  # decoding what a server sends: no warning
        pkg.M.from_dict({"old": "x"})
    assert "Deprecated." in (pkg.Legacy.__doc__ or "")
    assert "old: Deprecated. Old field." in (pkg.M.__doc__ or "")
    assert pkg.Stamped(name="x").to_dict() == {"name": "x"}  # read-only "id" is not asked for
    assert pkg.Stamped.from_dict({"id": "1", "name": "x"}).id_ == "1"
    assert pkg.M.__annotations__["blob"] == "serde.FileContent | Unset"


def test_union_branch_failing_deeper_gives_way_to_the_next(build: Build) -> None:
    def text(kind: str) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {"type": "string", "enum": [kind]},
                "text": {"type": "string"},
            },
        }

    def message(*parts: str) -> dict[str, Any]:
        refs = [{"$ref": f"#/components/schemas/{part}"} for part in parts]
        return {
            "type": "object",
            "required": ["type", "content"],
            "properties": {
                "type": {"type": "string", "enum": ["message"]},
                "content": {
                    "type": "array",
                    "items": {"oneOf": refs, "discriminator": {"propertyName": "type"}},
                },
            },
        }

    pkg = build(
        _schemas(
            InText=text("input_text"),
            InImage=text("input_image"),
            OutText=text("output_text"),
            Refusal=text("refusal"),
            InMsg=message("InText", "InImage"),
            OutMsg=message("OutText", "Refusal"),
            Item={
                "oneOf": [
                    {"$ref": "#/components/schemas/InMsg"},
                    {"$ref": "#/components/schemas/OutMsg"},
                ],
                "discriminator": {"propertyName": "type"},
            },
            Holder={
                "type": "object",
                "properties": {"item": {"$ref": "#/components/schemas/Item"}},
            },
        )
    )
    out = {"item": {"type": "message", "content": [{"type": "output_text", "text": "hi"}]}}
    held = pkg.Holder.from_dict(out)
    assert isinstance(held.item, pkg.OutMsg) and isinstance(held.item.content[0], pkg.OutText)
    assert held.to_dict() == out
    held = pkg.Holder.from_dict({"item": {"type": "message", "content": [{"type": "input_text"}]}})
    assert isinstance(held.item, pkg.InMsg)


def test_output_is_the_same_under_any_hash_seed(tmp_path: Any) -> None:
    cat = {"$ref": "#/components/schemas/Cat"}
    schemas = {
        "Cat": _CAT,
        "Dog": _DOG,
        "Pet": {"anyOf": [cat, {"$ref": "#/components/schemas/Dog"}, {"type": "null"}]},
        "Box": {
            "type": "object",
            "properties": {
                "pets": {"type": "array", "items": cat},
                "tags": {"enum": ["a", "b", 3, None]},
            },
        },
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(minimal_document(components={"schemas": schemas})), "utf-8")
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "oapigen",
                "generate",
                "--no-cache",
                "--spec",
                str(path),
                "--out",
                str(out),
                "--package",
                "pkg",
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
