"""A schema named like a TypedDict twin (``FooDict``): the schema keeps the name, the twin moves.

Never refused: the twin takes the pointer's suffix with a warning citing both pointers and the
``renames`` entry that chooses its name; an inline schema met later gives way to a twin.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import yaml

from oapigen.ir import naming

from ..commands import mypy_program
from .conftest import _forget, generate_into

SCHEMAS: dict[str, Any] = {
    "Foo": {"type": "object", "properties": {"a": {"type": "integer"}}},
    "FooDict": {"type": "object", "properties": {"b": {"type": "string"}}},
    # Its property ``dict`` is an inline object, by the naming rules BarDict: Bar's twin name.
    "Bar": {
        "type": "object",
        "properties": {"dict": {"type": "object", "properties": {"c": {"type": "integer"}}}},
    },
    "Baz": {"oneOf": [{"$ref": "#/components/schemas/Foo"}, {"$ref": "#/components/schemas/Bar"}]},
    "BazDict": {"type": "object", "properties": {"d": {"type": "integer"}}},
    "Holder": {
        "type": "object",
        "properties": {
            "foo": {"$ref": "#/components/schemas/Foo"},
            "foo_dict": {"$ref": "#/components/schemas/FooDict"},
            "baz": {"$ref": "#/components/schemas/Baz"},
        },
    },
}


def _generate(tmp_path: Path, package: str, **extra: Any) -> tuple[Any, Any]:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": SCHEMAS},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    out = tmp_path / package
    result = generate_into(path, out, package, **extra)
    sys.path.insert(0, str(out))
    try:
        _forget(package)
        return result, importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def _suffixed(name: str, pointer: str) -> str:
    return f"{name}_{naming.suffix(pointer)}"


def test_a_schema_keeps_the_twin_name_and_the_twin_moves_with_a_warning(tmp_path: Path) -> None:
    result, pkg = _generate(tmp_path, "twins")
    foo_twin = _suffixed("FooDict", "/components/schemas/Foo")
    baz_twin = _suffixed("BazDict", "/components/schemas/Baz")
    inline = _suffixed("BarDict", "/components/schemas/Bar/properties/dict")
    assert hasattr(pkg.FooDict, "from_dict")  # the schema's model
    assert getattr(pkg, foo_twin).__required_keys__ == frozenset()  # Foo's TypedDict twin
    assert getattr(pkg, foo_twin).__optional_keys__ == frozenset({"a"})
    assert pkg.BarDict.__optional_keys__ == frozenset({"dict"})  # Bar's twin keeps its name
    assert hasattr(getattr(pkg, inline), "from_dict")  # the inline model gives way
    assert hasattr(pkg.BazDict, "from_dict") and baz_twin in pkg.__all__
    warnings = sorted(d.render() for d in result.warnings if d.code == "name-collision")
    assert len(warnings) == 3, warnings
    foo = next(line for line in warnings if line.split(":")[0].endswith("#/components/schemas/Foo"))
    assert f"becomes {foo_twin}: FooDict is also made from #/components/schemas/FooDict" in foo
    assert f'renames {{ "twin:#/components/schemas/Foo" = "{foo_twin}" }}' in foo
    assert any("#/components/schemas/Bar/properties/dict: warning" in line for line in warnings)


def test_renames_choose_the_twin_name(tmp_path: Path) -> None:
    result, pkg = _generate(
        tmp_path, "twins_renamed", renames=(("twin:#/components/schemas/Foo", "FooForm"),)
    )
    assert pkg.FooForm.__optional_keys__ == frozenset({"a"})
    assert not [d for d in result.warnings if d.pointer.endswith("/components/schemas/Foo")]


def test_the_clashing_client_passes_mypy_strict_and_takes_the_twins(tmp_path: Path) -> None:
    _generate(tmp_path, "twins_typed")
    foo_twin = _suffixed("FooDict", "/components/schemas/Foo")
    code = (
        f"from twins_typed import FooDict, Holder, {foo_twin}\n\n"
        f'form: {foo_twin} = {{"a": 1}}\n'
        'holder = Holder(foo=form, foo_dict=FooDict(b="x"), baz={"a": 2})\n'
    )
    proc = mypy_program(code, folder=tmp_path, mypypath=tmp_path / "twins_typed")
    assert proc.returncode == 0, proc.stdout
