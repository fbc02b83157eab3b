"""Unions: lenient in what they receive, strict in what they send, best branch first (issue 16)."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from .conftest import generate_into

Build = Callable[..., ModuleType]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _tagged(tag: str, **props: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string", "enum": [tag]}, **props},
    }


_TEXT = {"type": "string"}
_SEGMENT = {
    "type": "object",
    "required": ["id", "text"],
    "properties": {"id": {"type": "integer"}, "text": _TEXT},
}
_SCHEMAS: dict[str, Any] = {
    "Ping": _tagged("ping", at=_TEXT),
    "Pong": {
        "type": "object",
        "required": ["type", "n"],
        "properties": {"type": {"const": "pong"}, "n": {"type": "integer"}},
    },
    "Event": {
        "oneOf": [_ref("Ping"), _ref("Pong")],
        "discriminator": {"propertyName": "type"},
    },
    "Log": {"type": "object", "properties": {"events": {"type": "array", "items": _ref("Event")}}},
    # OpenAI's transcription: the plain branch fits any verbose answer too.
    "Plain": {"type": "object", "required": ["text"], "properties": {"text": _TEXT}},
    "Segment": _SEGMENT,
    "Verbose": {
        "type": "object",
        "required": ["text", "language"],
        "properties": {
            "text": _TEXT,
            "language": _TEXT,
            "segments": {"type": "array", "items": _ref("Segment")},
        },
    },
    "Transcription": {"oneOf": [_ref("Plain"), _ref("Verbose")]},
    # The first branch fits on the surface, but a union inside it fits no branch.
    "Inner": {"oneOf": [{"type": "integer"}, {"type": "boolean"}]},
    "Loose": {"type": "object", "required": ["v"], "properties": {"v": _ref("Inner")}},
    "Exact": {
        "type": "object",
        "required": ["v", "w"],
        "properties": {"v": _TEXT, "w": {"type": "integer"}},
    },
    "Either": {"anyOf": [_ref("Loose"), _ref("Exact")]},
    "Holder": {
        "type": "object",
        "properties": {"event": _ref("Event"), "count": {"type": "integer"}},
    },
}


def _spec() -> dict[str, Any]:
    body = {"required": True, "content": {"application/json": {"schema": _ref("Holder")}}}
    ok = {"200": {"description": "ok", "content": body["content"]}}
    return {
        "paths": {
            "/holders": {
                "post": {
                    "operationId": "sendHolder",
                    "tags": ["Default"],
                    "requestBody": body,
                    "responses": ok,
                },
            },
            "/log": {
                "get": {
                    "operationId": "getLog",
                    "tags": ["Default"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": _ref("Log")}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": _SCHEMAS},
    }


def _alias(pkg: ModuleType, snake: str) -> Any:
    """The decoder of a union alias, ``<snake>_from_data`` in its module."""
    return getattr(importlib.import_module(f"{pkg.__name__}.models.{snake}"), f"{snake}_from_data")


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    # One generation for the module: the inline spec is the same for every test.
    folder = tmp_path_factory.mktemp("unions")
    spec = folder / "spec.yaml"
    document = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, **_spec()}
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    generate_into(spec, folder / "out", "unions_pkg")
    sys.path.insert(0, str(folder / "out"))
    return importlib.import_module("unions_pkg")


def test_unknown_event_type_is_kept_and_round_trips(pkg: ModuleType) -> None:
    data = {
        "events": [
            {"type": "ping", "at": "now"},
            {"type": "pong.v2", "n": 1, "extra": [1, 2]},  # a type newer than the spec
            {"type": "pong", "n": 2},
            "not even an object",
        ]
    }
    log = pkg.Log.from_dict(data)
    kinds = []
    for event in log.events:
        match event:
            case pkg.UnknownVariant(data=raw):
                kinds.append(("unknown", raw))
            case pkg.Ping():
                kinds.append(("ping", event.at))
            case pkg.Pong():
                kinds.append(("pong", event.n))
    assert kinds == [
        ("ping", "now"),
        ("unknown", {"type": "pong.v2", "n": 1, "extra": [1, 2]}),
        ("pong", 2),
        ("unknown", "not even an object"),
    ]
    assert log.to_dict() == data
    assert "extra" in repr(log.events[1]) and "[1, 2]" not in repr(log.events[1])


def test_object_without_a_required_key_fitting_no_branch_is_kept(pkg: ModuleType) -> None:
    data = {"words": ["a"]}  # neither Plain (text) nor Verbose (text, language)
    value = _alias(pkg, "transcription")(data)
    assert isinstance(value, pkg.UnknownVariant) and value.data == data
    assert pkg.serde.to_data(value) == data


def test_best_covering_branch_wins_over_the_first_that_fits(pkg: ModuleType) -> None:
    decode = _alias(pkg, "transcription")
    verbose = {
        "text": "hi",
        "language": "en",
        "segments": [{"id": 0, "text": "hi"}],
    }
    value = decode(verbose)
    assert isinstance(value, pkg.Verbose)
    assert isinstance(value.segments[0], pkg.Segment) and value.segments[0].id_ == 0
    assert pkg.serde.to_data(value) == verbose
    assert isinstance(decode({"text": "hi"}), pkg.Plain)


def test_branch_fitting_only_with_an_unknown_inside_gives_way(pkg: ModuleType) -> None:
    decode = _alias(pkg, "either")
    # Loose comes first and covers as many keys, but would hold an unknown Inner.
    assert isinstance(decode({"v": "text", "w": 1}), pkg.Exact)
    loose = decode({"v": 3})
    assert isinstance(loose, pkg.Loose) and loose.v == 3
    # Nothing fits all through: the branch whose surface fits keeps the unknown part inside.
    odd = decode({"v": [1]})
    assert isinstance(odd, pkg.Loose) and odd.v == pkg.UnknownVariant([1])
    assert pkg.serde.to_data(odd) == {"v": [1]}


def test_wrong_typed_field_of_a_plain_model_is_still_an_error(pkg: ModuleType) -> None:
    with pytest.raises(pkg.serde.DecodeError) as caught:
        pkg.Verbose.from_dict({"text": "t", "language": "en", "segments": [{"id": 0}, 5]})
    assert caught.value.pointer == "/segments/1"


def test_request_holding_an_unknown_variant_is_refused_before_sending(
    pkg: ModuleType, httpserver: HTTPServer
) -> None:
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"), retries=0)
    api = pkg.DefaultApi(pkg.ApiClient(config))
    received = pkg.Holder.from_dict({"event": {"type": "new", "x": 1}})
    assert isinstance(received.event, pkg.UnknownVariant)
    assert received.to_dict() == {"event": {"type": "new", "x": 1}}  # round-trips as data
    with pytest.raises(pkg.serde.EncodeError):
        api.send_holder(received)
    assert httpserver.log == []  # nothing left the client
    httpserver.expect_request("/holders", method="POST").respond_with_json({"count": 1})
    sent = api.send_holder(pkg.Holder(event=pkg.Ping(at="t")))
    assert sent.count == 1
    assert httpserver.log[0][0].get_json() == {"event": {"type": "ping", "at": "t"}}


def test_plain_dict_fitting_no_branch_is_refused_before_sending(
    pkg: ModuleType, httpserver: HTTPServer
) -> None:
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"), retries=0)
    api = pkg.DefaultApi(pkg.ApiClient(config))
    # A dict given for a model field is built into its model at once (issue 16 part 6):
    # fitting no branch, it is refused there, naming where.
    with pytest.raises(
        ValueError, match=re.escape("Holder.event does not fit the spec: at /event")
    ):
        pkg.Holder(event={"type": "pnig", "at": "t"})
    # A value kept as it came (an UnknownVariant, from a response) is refused when sent.
    unknown = pkg.UnknownVariant({"type": "pnig", "at": "t"})
    with pytest.raises(pkg.serde.EncodeError, match="fits no branch"):
        api.send_holder(pkg.Holder(event=unknown))
    assert httpserver.log == []
    httpserver.expect_request("/holders", method="POST").respond_with_json({"count": 2})
    assert api.send_holder(pkg.Holder(event={"type": "pong", "n": 2})).count == 2
    # Outside a request the same value encodes as it is (a response read back, a log line).
    received = pkg.Holder.from_dict({"event": {"type": "pnig"}})
    assert received.to_dict() == {"event": {"type": "pnig"}}


def test_unknown_event_through_a_real_response(pkg: ModuleType, httpserver: HTTPServer) -> None:
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"), retries=0)
    api = pkg.DefaultApi(pkg.ApiClient(config))
    body = {"events": [{"type": "ping"}, {"type": "brand.new", "payload": {"k": "v"}}]}
    httpserver.expect_request("/log").respond_with_json(body)
    log = api.get_log()
    assert isinstance(log.events[0], pkg.Ping)
    assert log.events[1] == pkg.UnknownVariant({"type": "brand.new", "payload": {"k": "v"}})
    assert log.to_dict() == body


def test_const_and_one_value_enum_fields_default_to_their_value(pkg: ModuleType) -> None:
    assert pkg.Ping(at="t").to_dict() == {"type": "ping", "at": "t"}  # a one-value enum
    assert pkg.Pong(n=1).to_dict() == {"type": "pong", "n": 1}  # a 3.1 const
    assert pkg.Pong(n=1).type_ == "pong"
    with pytest.raises(TypeError):
        pkg.Pong()  # n is still required
    # A received value is kept as it came, the default is for building.
    assert pkg.Pong.from_dict({"n": 2}).to_dict() == {"n": 2}
