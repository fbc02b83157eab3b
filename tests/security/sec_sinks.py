"""The sinks: where a spec string can go, each planting a list of strings into a small spec.

Each sink returns the spec, JSON samples per model class for the exerciser, and a check that
finds the planted strings again, as data, in the exerciser's report.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from typing import Any

from sec_harness import (
    Loopback,
    base_spec,
    escape_pointer,
    simple_operation,
    squash,
)

from oapigen.ir import naming

Check = Callable[[dict[str, Any], list[str], Loopback], None]
SINKS: dict[str, Callable[[list[str]], tuple[dict[str, Any], dict[str, list[Any]], Check]]] = {}


def sink(
    func: Callable[[list[str]], tuple[dict[str, Any], dict[str, list[Any]], Check]],
) -> Any:
    """Register a sink: it plants payloads in a spec and says how to find them again."""
    SINKS[func.__name__] = func
    return func


def _item(spec: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = spec["components"]["schemas"]["Item"]
    return item


def _joined(found: list[str]) -> str:
    return "|".join(found)


@sink
def title(found: list[str]) -> Any:
    spec = base_spec()
    spec["info"]["title"] = _joined(found)

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        assert squash(_joined(found).replace("\r\n", "\n")) in squash(report["package_doc"])

    return spec, {}, check


@sink
def info_description(found: list[str]) -> Any:
    spec = base_spec()
    spec["info"]["description"] = _joined(found)
    return spec, {}, lambda report, found, server: None


def _one_operation_each(found: list[str], **fields: Callable[[int, str], Any]) -> dict[str, Any]:
    spec = base_spec()
    for i, text in enumerate(found):
        spec["paths"][f"/op{i}"] = {
            "get": simple_operation(
                f"op{i}", **{key: make(i, text) for key, make in fields.items()}
            )
        }
    return spec


def _in_method_docs(found: list[str], field: str) -> Any:
    """Each string as one operation's ``field``; the check finds it in that method's docstring."""
    spec = _one_operation_each(found, **{field: lambda i, text: text})

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        methods = report["apis"]["ItemsApi"]["methods"]
        for i, text in enumerate(found):
            assert squash(text) in squash(methods[f"op{i}"]["doc"])

    return spec, {}, check


@sink
def summary(found: list[str]) -> Any:
    return _in_method_docs(found, "summary")


@sink
def operation_description(found: list[str]) -> Any:
    return _in_method_docs(found, "description")


@sink
def schema_description(found: list[str]) -> Any:
    spec = base_spec()
    for i, text in enumerate(found):
        spec["components"]["schemas"][f"D{i}"] = {
            "type": "object",
            "description": text,
            "properties": {"a": {"type": "string"}},
        }

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        for i, text in enumerate(found):
            assert squash(text) in squash(report["models"][f"D{i}"]["doc"])

    return spec, {}, check


@sink
def property_description(found: list[str]) -> Any:
    spec = base_spec()
    _item(spec)["properties"] = {
        f"p{i}": {"type": "string", "description": text} for i, text in enumerate(found)
    }

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        doc = squash(report["models"]["Item"]["doc"])
        for text in found:
            first = text.strip().splitlines()[0] if text.strip() else ""
            assert squash(first) in doc

    return spec, {}, check


@sink
def property_names(found: list[str]) -> Any:
    spec = base_spec()
    names = [f"n{i}{text}" for i, text in enumerate(found)]
    _item(spec)["properties"] = {name: {"type": "string"} for name in names}
    _item(spec)["required"] = names[:3]
    sample = {name: name for name in names}

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        model = report["models"]["Item"]
        assert model["wire_names"] == sorted(names)
        assert model["round_trips"] == 1
        assert all(name.isidentifier() for name in model["fields"])
        sent = server.requests()[0]["body"]
        assert all(name in __import__("json").loads(sent) for name in names)

    return spec, {"Item": [sample]}, check


@sink
def schema_names(found: list[str]) -> Any:
    spec = base_spec()
    names = [f"S{i}{text}" for i, text in enumerate(found)]
    for name in names:
        spec["components"]["schemas"][name] = {
            "type": "object",
            "properties": {"v": {"type": "string"}},
        }
    _item(spec)["properties"] = {
        f"f{i}": {"$ref": "#/components/schemas/" + escape_pointer(name)}
        for i, name in enumerate(names)
    }
    sample = {f"f{i}": {"v": text} for i, text in enumerate(found)}

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        for name in names:
            cls = naming.class_name(name)
            assert cls.isidentifier() and cls in report["models"]
        assert report["models"]["Item"]["round_trips"] == 1

    return spec, {"Item": [sample]}, check


@sink
def enum_values(found: list[str]) -> Any:
    spec = base_spec()
    _item(spec)["properties"]["e"] = {"type": "string", "enum": found}
    samples = [{"e": text} for text in found]

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        model = report["models"]["Item"]
        assert model["literals"]["e"] == found
        assert model["round_trips"] == len(found)

    return spec, {"Item": samples}, check


@sink
def defaults(found: list[str]) -> Any:
    spec = base_spec()
    _item(spec)["properties"] = {
        f"d{i}": {"type": "string", "default": text} for i, text in enumerate(found)
    }
    return spec, {}, lambda report, found, server: None


def _is_regex(text: str) -> bool:
    try:
        re.compile(text)
    except re.error:
        return False
    return True


@sink
def patterns(found: list[str]) -> Any:
    spec = base_spec()
    _item(spec)["properties"] = {
        f"r{i}": {"type": "string", "pattern": text}
        for i, text in enumerate(found)
        if _is_regex(text)
    }
    return spec, {}, lambda report, found, server: None


@sink
def examples(found: list[str]) -> Any:
    spec = base_spec()
    _item(spec)["properties"] = {
        f"x{i}": {"type": "string", "example": text} for i, text in enumerate(found)
    }
    _item(spec)["example"] = {f"x{i}": text for i, text in enumerate(found)}
    return spec, {}, lambda report, found, server: None


@sink
def server_url(found: list[str]) -> Any:
    spec = base_spec()
    url = "http://127.0.0.1:9/" + _joined(found)
    spec["servers"] = [{"url": url}]

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        assert report["host"] == url.rstrip("/")

    return spec, {}, check


@sink
def server_variables(found: list[str]) -> Any:
    spec = base_spec()
    names = [f"v{i}" for i in range(len(found))]
    spec["servers"] = [
        {
            "url": "http://127.0.0.1:9/" + "/".join("{" + n + "}" for n in names),
            "variables": {n: {"default": text} for n, text in zip(names, found, strict=True)},
        }
    ]

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        assert report["host"] == ("http://127.0.0.1:9/" + "/".join(found)).rstrip("/")

    return spec, {}, check


@sink
def tags(found: list[str]) -> Any:
    spec = _one_operation_each(found, tags=lambda i, text: [f"t{i}{text}"])
    spec["tags"] = [{"name": f"t{i}{text}", "description": text} for i, text in enumerate(found)]

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        for i, text in enumerate(found):
            cls = naming.class_name(f"t{i}{text}") + "Api"
            api = report["apis"][cls]
            assert squash(f"t{i}{text}") in squash(api["module_doc"])
            assert squash(text) in squash(api["doc"])

    return spec, {}, check


@sink
def operation_ids(found: list[str]) -> Any:
    spec = base_spec()
    for i, text in enumerate(found):
        spec["paths"][f"/op{i}"] = {"get": simple_operation(f"o{i}{text}", deprecated=True)}

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        methods = report["apis"]["ItemsApi"]["methods"]
        for i, text in enumerate(found):
            method = methods[naming.identifier(f"o{i}{text}")]
            assert method["warnings"] == [f"o{i}{text} is deprecated"]

    return spec, {}, check


@sink
def parameter_names(found: list[str]) -> Any:
    spec = base_spec()
    names = [f"q{i}{text}" for i, text in enumerate(found)]
    spec["paths"]["/items/{id}"]["post"]["parameters"] += [
        {"name": name, "in": "query", "schema": {"type": "string"}, "description": name}
        for name in names
    ]

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        post = next(r for r in server.requests() if r["method"] == "POST")
        query = urllib.parse.urlsplit(post["path"]).query
        keys = [k for k, _ in urllib.parse.parse_qsl(query, keep_blank_values=True)]
        assert sorted(keys) == sorted(names)

    return spec, {}, check


@sink
def security_scheme_names(found: list[str]) -> Any:
    spec = base_spec()
    names = [f"k{i}{text}" for i, text in enumerate(found)]
    spec["components"]["securitySchemes"] = {
        name: {"type": "http", "scheme": "bearer", "description": name} for name in names
    }
    spec["security"] = [{name: []} for name in names]

    def check(report: dict[str, Any], found: list[str], server: Loopback) -> None:
        assert server.requests(), "the call went out"

    return spec, {}, check
