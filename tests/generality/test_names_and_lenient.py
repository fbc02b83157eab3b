"""Names that are not Python, collisions with both pointers, renames, and --lenient."""

from __future__ import annotations

import copy
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from oapigen.cli import main
from oapigen.diagnostics import Collector
from oapigen.pipeline import validate

from .conftest import generate_into, minimal_document

Build = Callable[..., ModuleType]


def test_awkward_names_become_valid_unique_identifiers(build: Build) -> None:
    awkward = ("class", "type", "2fast", "naïve", "self", "to_dict")
    props = {name: {"type": "string"} for name in (*awkward, "additional_properties", "x-y")}
    pkg = build(
        {
            "components": {
                "schemas": {
                    "Error-2": {"type": "object", "properties": props},
                    "list": {
                        "type": "object",
                        "properties": {"a": {"type": "integer"}},
                    },
                    "3D": {"type": "string"},
                    "Überschrift": {
                        "type": "object",
                        "properties": {"b": {"type": "integer"}},
                    },
                }
            }
        },
        lenient=True,
    )  # a non-ASCII component key breaks the spec's key pattern: lenient
    data = {name: name for name in props}
    err = pkg.Error2.from_dict(data)
    assert (err.class_, err.type_, err.n2fast, err.naive, err.self_, err.to_dict_) == awkward
    assert err.additional_properties_ == "additional_properties" and err.x_y == "x-y"
    assert err.to_dict() == data
    assert pkg.List.from_dict({"a": 1}).a == 1
    assert pkg.N3D is str and pkg.Uberschrift(b=1).to_dict() == {"b": 1}


def _write(tmp_path: Path, schemas: dict[str, Any]) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(minimal_document(components={"schemas": schemas})), "utf-8")
    return path


_CLASHING = {
    "Foo-Bar": {"type": "object", "properties": {"a": {"type": "string"}}},
    "FooBar": {"type": "object", "properties": {"b": {"type": "string"}}},
}


def test_collision_names_both_pointers_and_renames_resolve_it(tmp_path: Path, build: Build) -> None:
    spec = _write(tmp_path, _CLASHING)
    result = generate_into(spec, tmp_path / "out", "pkg")
    messages = [d.render() for d in result.warnings if d.code == "name-collision"]
    assert len(messages) == 1
    assert (
        "/components/schemas/FooBar" in messages[0] and "/components/schemas/Foo-Bar" in messages[0]
    )
    assert "renames" in messages[0] and (tmp_path / "out").exists()
    pkg = build(
        {"components": {"schemas": _CLASHING}},
        package="renamed",
        renames=(("Foo-Bar", "FooBarDash"),),
    )
    assert pkg.FooBarDash(a="x").to_dict() == {"a": "x"} and pkg.FooBar(b="y").to_dict() == {
        "b": "y"
    }


def test_renames_from_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, _CLASHING)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.oapigen]\nspec = "spec.yaml"\nout = "out"\npackage = "pkg"\n'
        'renames = { "FooBar" = "FooBarPlain" }\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    assert (tmp_path / "out" / "pkg" / "models" / "foo_bar_plain.py").is_file()
    assert (tmp_path / "out" / "pkg" / "models" / "foo_bar.py").is_file()


_DUPLICATE_REQUIRED = {
    "M": {
        "type": "object",
        "required": ["a", "a"],
        "properties": {"a": {"type": "string"}},
    }
}


def test_strict_rejects_and_lenient_repairs_spec_defects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(tmp_path, _DUPLICATE_REQUIRED)
    where = ["--spec", str(spec), "--out", str(tmp_path / "o"), "--package", "p"]
    # --no-lenient: this repository's own config is lenient.
    assert main(["generate", "--no-lenient", *where]) == 2
    err = capsys.readouterr().err
    assert "#/components/schemas/M/required: error[duplicate-required]" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()
    assert main(["generate", "--lenient", *where]) == 0
    err = capsys.readouterr().err
    assert (
        "#/components/schemas/M/required: warning[duplicate-required]: listed twice: ['a']" in err
    )
    model = (tmp_path / "o" / "p" / "models" / "m.py").read_text(encoding="utf-8")
    assert model.count("serde.present(self.a)") == 1  # repaired: one required field


def test_lenient_from_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, _DUPLICATE_REQUIRED)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.oapigen]\nspec = "spec.yaml"\nout = "out"\npackage = "pkg"\nlenient = true\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["generate"]) == 0
    assert "warning[duplicate-required]" in capsys.readouterr().err
    assert (tmp_path / "out" / "pkg" / "models" / "m.py").is_file()


def test_validator_errors_carry_a_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # validate follows the config's lenient: run where no [tool.oapigen] applies (this
    # repository's own is lenient for OpenAI's document).
    monkeypatch.chdir(tmp_path)
    bounded = {
        "type": "number",
        "minimum": 0,
        "exclusiveMinimum": True,
    }  # 3.0 style in 3.1
    schemas = {
        "M": {"type": "object", "properties": {"a": {"type": "strin"}}},
        "N": {"type": "object", "default": None},
        # Same relative path, same (singleton) value: each error still finds its own place.
        "P": {"type": "object", "properties": {"x": bounded}},
        "Q": {"type": "object", "properties": {"x": dict(bounded)}},
    }
    spec = _write(tmp_path, schemas)
    assert main(["validate", str(spec)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert all("#/components/schemas/" in line for line in lines), lines
    err = "\n".join(lines)
    assert "#/components/schemas/M/properties/a/type: error[spec-invalid]" in err
    # A default its schema forbids has one fix (README): dropped, at the same pointer.
    assert "#/components/schemas/N/default: warning[repaired]: dropped: default None" in err
    for name in ("P", "Q"):
        assert f"#/components/schemas/{name}/properties/x/exclusiveMinimum: error" in err


@pytest.mark.slow
def test_ga_client_secret_endpoint_slices_and_generates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer
) -> None:
    sliced = tmp_path / "client_secrets.yaml"
    root = Path(__file__).resolve().parents[2]
    assert (
        main(
            [
                "slice",
                str(root / "spec/upstream/2026-08-21.yaml"),
                "--operation",
                "create-realtime-client-secret",
                "-o",
                str(sliced),
            ]
        )
        == 0
    )
    document = yaml.safe_load(sliced.read_text(encoding="utf-8"))
    assert list(document["paths"]) == ["/realtime/client_secrets"]
    monkeypatch.chdir(tmp_path)
    # The upstream slice carries spec defects (a null default on an object): lenient reports them.
    assert (
        main(
            [
                "generate",
                "--lenient",
                "--spec",
                str(sliced),
                "--out",
                str(tmp_path / "ga"),
                "--package",
                "ga",
            ]
        )
        == 0
    )
    example = document["paths"]["/realtime/client_secrets"]["post"]["x-oaiMeta"]["examples"]
    example = example[0] if isinstance(example, list) else example
    request = json.loads(example["request"]["curl"].split("-d '", 1)[1].split("'", 1)[0])
    # The spec's response example has a trailing comma (not JSON): a small one of ours instead.
    session = {
        "type": "realtime",
        "model": "gpt-realtime",
        "output_modalities": ["audio"],
    }
    response = {"value": "ek_1", "expires_at": 1756310470, "session": session}
    httpserver.expect_request(
        "/realtime/client_secrets", method="POST", json=request
    ).respond_with_json(response)
    sys.path.insert(0, str(tmp_path / "ga"))
    try:
        pkg = importlib.import_module("ga")
        config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"))
        api = pkg.RealtimeApi(pkg.ApiClient(config))
        body = pkg.RealtimeCreateClientSecretRequest.from_dict(request)
        secret = api.create_realtime_client_secret(body)
        assert isinstance(secret, pkg.RealtimeCreateClientSecretResponse)
        assert secret.to_dict() == response
        assert type(secret.session).__name__ == "RealtimeSessionCreateResponseGA"
    finally:
        sys.path.remove(str(tmp_path / "ga"))
        for name in [n for n in sys.modules if n == "ga" or n.startswith("ga.")]:
            del sys.modules[name]


def test_inline_schema_clashing_with_a_component_is_renamed_by_pointer(
    tmp_path: Path, build: Build
) -> None:
    inline = {"type": "object", "properties": {"x": {"type": "integer"}}}
    schemas = {
        "Foo": {"type": "object", "properties": {"bar": inline}},
        "FooBar": {"type": "object", "properties": {"y": {"type": "string"}}},
    }
    result = generate_into(_write(tmp_path, schemas), tmp_path / "out", "pkg")
    (message,) = [d.render() for d in result.warnings if d.code == "name-collision"]
    assert "#/components/schemas/Foo/properties/bar" in message
    assert "#/components/schemas/FooBar" in message
    renames = (("#/components/schemas/Foo/properties/bar", "FooBarInline"),)
    pkg = build({"components": {"schemas": schemas}}, package="inl", renames=renames)
    foo = pkg.Foo.from_dict({"bar": {"x": 1}})
    assert isinstance(foo.bar, pkg.FooBarInline) and foo.to_dict() == {"bar": {"x": 1}}


def test_validator_findings_are_cached_by_content(tmp_path: Path) -> None:
    document = yaml.safe_load(_write(tmp_path, {"M": {"type": "strin"}}).read_text())
    cache = tmp_path / "cache"

    def run(doc: Any) -> list[str]:
        diags = Collector("s")
        validate(doc, diags, lenient=True, cache_dir=cache)
        return [d.message for d in diags.items]

    first = run(document)
    assert any("strin" in m for m in first)
    (entry,) = (cache / "validate").rglob("*.json")
    entry.write_text(json.dumps([["/x", "from the cache"]]), encoding="utf-8")
    assert run(copy.deepcopy(document)) == ["from the cache"]
    document["components"]["schemas"]["M"]["type"] = "strng"
    assert any("strng" in m for m in run(document))
