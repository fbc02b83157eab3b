"""Operation constructs against a loopback server: parameters, bodies, responses, API classes."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from .conftest import generate_into

Build = Callable[..., ModuleType]

_OBJ = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "n": {"type": "integer"}},
}


def _op(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {"204": {"description": "ok"}}, **extra}


def _client(pkg: ModuleType, server: HTTPServer) -> Any:
    return pkg.ApiClient(pkg.Configuration(host=server.url_for("").rstrip("/")))


def _spec(paths: dict[str, Any], **components: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "paths": paths, "components": components}


def test_parameters_in_every_location_and_style(build: Build, httpserver: HTTPServer) -> None:
    params = [
        {
            "name": "item-id",
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
        },
        {
            "name": "tags",
            "in": "query",
            "schema": {"type": "array", "items": {"type": "string"}},
        },
        {
            "name": "ids",
            "in": "query",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "integer"}},
        },
        {
            "name": "filter",
            "in": "query",
            "style": "deepObject",
            "schema": {"type": "object", "additionalProperties": True},
        },
        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
        {"name": "session", "in": "cookie", "schema": {"type": "string"}},
        {"name": "class", "in": "query", "schema": {"type": "string"}},
    ]
    pkg = build(_spec({"/items/{item-id}": {"get": _op("GetItem", parameters=params)}}))
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(status=204)

    httpserver.expect_request("/items/a/b").respond_with_handler(handler)
    api = pkg.ItemsApi(_client(pkg, httpserver))
    assert (
        api.get_item(
            "a/b",
            tags=["x", "y"],
            ids=[1, 2],
            filter_={"k": "v"},
            x_trace="t1",
            session="s",
            class_="c",
        )
        is None
    )
    request = seen[0]
    assert request.environ["RAW_URI"].startswith("/items/a%2Fb?")
    assert request.args.getlist("tags") == ["x", "y"]
    assert request.args["ids"] == "1,2" and request.args["filter[k]"] == "v"
    assert request.args["class"] == "c"
    assert request.headers["X-Trace"] == "t1" and request.cookies["session"] == "s"


def test_component_refs_for_parameters_bodies_and_responses(
    build: Build, httpserver: HTTPServer
) -> None:
    pkg = build(
        _spec(
            {
                "/things": {
                    "post": {
                        "operationId": "create_thing",
                        "parameters": [{"$ref": "#/components/parameters/Limit"}],
                        "requestBody": {"$ref": "#/components/requestBodies/ThingBody"},
                        "responses": {"200": {"$ref": "#/components/responses/ThingResponse"}},
                    }
                }
            },
            schemas={"Thing": _OBJ},
            parameters={"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            requestBodies={
                "ThingBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    },
                }
            },
            responses={
                "ThingResponse": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    },
                }
            },
        )
    )
    httpserver.expect_request(
        "/things", method="POST", query_string="limit=3", json={"name": "a"}
    ).respond_with_json({"name": "a", "n": 1})
    thing = pkg.ThingsApi(_client(pkg, httpserver)).create_thing(pkg.Thing(name="a"), limit=3)
    assert thing == pkg.Thing(name="a", n=1)


def test_multipart_and_form_bodies(build: Build, httpserver: HTTPServer) -> None:
    upload = {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "purpose": {"type": "string"},
            "meta": {"type": "object", "additionalProperties": True},
        },
    }
    pkg = build(
        _spec(
            {
                "/upload": {
                    "post": _op(
                        "upload",
                        requestBody={
                            "required": True,
                            "content": {
                                "multipart/form-data": {
                                    "schema": {"$ref": "#/components/schemas/Upload"}
                                }
                            },
                        },
                    )
                },
                "/form": {
                    "post": _op(
                        "sendForm",
                        requestBody={
                            "required": True,
                            "content": {"application/x-www-form-urlencoded": {"schema": _OBJ}},
                        },
                    )
                },
            },
            schemas={"Upload": upload},
        )
    )
    seen: list[dict[str, Any]] = []

    def handler(request: Request) -> Response:
        parts = {k: (f.filename, f.read()) for k, f in request.files.items()}
        for f in request.files.values():
            f.close()
        seen.append({"files": parts, "form": dict(request.form), "type": request.content_type})
        return Response(status=204)

    httpserver.expect_request("/upload").respond_with_handler(handler)
    httpserver.expect_request("/form").respond_with_handler(handler)
    client = _client(pkg, httpserver)
    pkg.UploadApi(client).upload(
        pkg.Upload(file=("a.txt", b"hello", "text/plain"), purpose="p", meta={"k": 1})
    )
    assert seen[0]["files"] == {"file": ("a.txt", b"hello")}
    assert seen[0]["form"]["purpose"] == "p" and json.loads(seen[0]["form"]["meta"]) == {"k": 1}
    pkg.FormApi(client).send_form(pkg.SendFormRequest(name="x y", n=2))
    assert seen[1]["type"] == "application/x-www-form-urlencoded"
    assert seen[1]["form"] == {"name": "x y", "n": "2"}


def test_response_codes_ranges_default_and_non_json(build: Build, httpserver: HTTPServer) -> None:
    def content(media: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {"description": "d", "content": {media: {"schema": schema}}}

    pkg = build(
        _spec(
            {
                "/multi": {
                    "get": {
                        "operationId": "multi",
                        "responses": {
                            "200": content(
                                "application/json",
                                {"$ref": "#/components/schemas/Thing"},
                            ),
                            "2XX": content(
                                "application/json",
                                {"type": "array", "items": {"type": "integer"}},
                            ),
                            "4XX": content("application/json", {"type": "object"}),
                        },
                    }
                },
                "/fallback": {
                    "get": {
                        "operationId": "fallback",
                        "responses": {
                            "default": content(
                                "application/json",
                                {"$ref": "#/components/schemas/Thing"},
                            )
                        },
                    }
                },
                "/speech": {
                    "get": {
                        "operationId": "speech",
                        "responses": {
                            "200": content("audio/mpeg", {"type": "string", "format": "binary"})
                        },
                    }
                },
                "/text": {
                    "get": {
                        "operationId": "text",
                        "responses": {"200": content("text/plain", {"type": "string"})},
                    }
                },
            },
            schemas={"Thing": _OBJ},
        )
    )
    httpserver.expect_ordered_request("/multi").respond_with_json({"name": "a"}, status=200)
    httpserver.expect_ordered_request("/multi").respond_with_json([1, 2], status=201)
    httpserver.expect_ordered_request("/multi").respond_with_json({"error": "x"}, status=404)
    httpserver.expect_request("/fallback").respond_with_json({"n": 1})
    httpserver.expect_request("/speech").respond_with_data(b"\xff\xfb", content_type="audio/mpeg")
    httpserver.expect_request("/text").respond_with_data("héllo", content_type="text/plain")
    client = _client(pkg, httpserver)
    api = pkg.MultiApi(client)
    assert api.multi() == pkg.Thing(name="a")
    assert api.multi_with_http_info()[:2] == ([1, 2], 201)
    with pytest.raises(pkg.NotFoundException):
        api.multi()
    assert pkg.FallbackApi(client).fallback() == pkg.Thing(n=1)
    assert pkg.SpeechApi(client).speech() == b"\xff\xfb"
    assert pkg.TextApi(client).text() == "héllo"


def test_empty_success_next_to_a_body_returns_none(build: Build, httpserver: HTTPServer) -> None:
    thing = {"$ref": "#/components/schemas/Thing"}
    responses = {
        "200": {"description": "d", "content": {"application/json": {"schema": thing}}},
        "204": {"description": "nothing"},
    }
    pkg = build(
        _spec(
            {"/maybe": {"get": {"operationId": "maybe", "responses": responses}}},
            schemas={"Thing": _OBJ},
        )
    )
    httpserver.expect_ordered_request("/maybe").respond_with_json({"n": 1})
    httpserver.expect_ordered_request("/maybe").respond_with_data(status=204)
    api = pkg.MaybeApi(_client(pkg, httpserver))
    assert api.maybe() == pkg.Thing(n=1)
    assert api.maybe_with_http_info()[:2] == (None, 204)


def test_event_stream_is_an_iterator_of_decoded_events(
    build: Build, httpserver: HTTPServer
) -> None:
    pkg = build(
        _spec(
            {
                "/chat": {
                    "post": {
                        "operationId": "chat",
                        "responses": {
                            "200": {
                                "description": "d",
                                "content": {
                                    "application/json": {
                                        "schema": {"$ref": "#/components/schemas/Thing"}
                                    },
                                    "text/event-stream": {
                                        "schema": {"$ref": "#/components/schemas/Thing"}
                                    },
                                },
                            }
                        },
                    }
                }
            },
            schemas={"Thing": _OBJ},
        )
    )
    body = 'data: {"name": "a"}\n\nevent: x\ndata: {"n": 2}\n\ndata: [DONE]\n\n'
    httpserver.expect_request("/chat", headers={"Accept": "text/event-stream"}).respond_with_data(
        body, content_type="text/event-stream"
    )
    events = pkg.ChatApi(_client(pkg, httpserver)).chat_stream()
    assert not isinstance(events, list)
    assert list(events) == [pkg.Thing(name="a"), pkg.Thing(n=2)]


def test_tags_make_api_classes_and_operation_ids_any_case(build: Build) -> None:
    pkg = build(
        _spec(
            {
                "/a": {
                    "get": _op("listThings", tags=["Things"]),
                    "post": _op("create-thing", tags=["Things", "Other"]),
                },
                "/b": {
                    "get": _op("Get_B_Value"),
                    "delete": _op("DELETE ITEM", tags=["chat completions"]),
                },
            }
        )
    )
    assert callable(pkg.ThingsApi.list_things) and callable(
        pkg.ThingsApi.create_thing_with_http_info
    )
    assert callable(pkg.BApi.get_b_value)
    assert callable(pkg.ChatCompletionsApi.delete_item)


def test_deprecated_operation_and_parameter_warn(build: Build, httpserver: HTTPServer) -> None:
    legacy = {
        "name": "legacy",
        "in": "query",
        "deprecated": True,
        "schema": {"type": "string"},
    }
    pkg = build(
        _spec(
            {
                "/old": {"get": _op("old", deprecated=True)},
                "/new": {"get": _op("new", parameters=[legacy])},
            }
        )
    )
    httpserver.expect_request("/old").respond_with_data(status=204)
    httpserver.expect_request("/new").respond_with_data(status=204)
    client = _client(pkg, httpserver)
    with pytest.warns(DeprecationWarning, match="old is deprecated"):
        pkg.OldApi(client).old()
    assert "Deprecated." in (pkg.OldApi.old.__doc__ or "")
    with pytest.warns(DeprecationWarning, match="legacy is deprecated"):
        pkg.NewApi(client).new(legacy="x")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pkg.NewApi(client).new()  # not passing the deprecated parameter does not warn


def test_event_parsing_handles_crlf_multiline_data_and_a_missing_done(
    build: Build,
) -> None:
    pkg = build(_spec({"/p": {"get": _op("p")}}))
    streams = importlib.import_module("pkg.streams")
    lines = [
        b": comment\r\n",
        b'data: {"a":\r\n',
        b"data: 1}\r\n",
        b"\r\n",
        b"data: [2]\n",
    ]
    events = streams.parse_events(lines, None)
    assert [json.loads(event.data) for event in events] == [{"a": 1}, [2]]
    assert pkg.PApi is not None


@pytest.mark.parametrize("name", ["constructs.yaml", "constructs_30.yaml"])
def test_construct_rich_package_passes_mypy_strict_and_ruff(tmp_path: Path, name: str) -> None:
    spec = Path(__file__).parent / "specs" / name
    generate_into(spec, tmp_path / "out", "kit")
    for tool in (
        ["mypy", "--strict", "--cache-dir", str(tmp_path / "mc"), "kit"],
        ["ruff", "check", "--no-cache", "."],
    ):
        proc = subprocess.run(
            [sys.executable, "-m", *tool],
            cwd=tmp_path / "out",
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout


def test_parameters_named_like_runtime_modules_do_not_shadow_them(
    build: Build, httpserver: HTTPServer
) -> None:
    # The method bodies call serde, bodies and pagination: a parameter by one of those names
    # gets a trailing "_" and the module stays reachable.
    names = ("serde", "bodies", "pagination")
    params = [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": _OBJ}}}}
    pkg = build(
        _spec(
            {"/things": {"get": {"operationId": "getThing", "parameters": params, "responses": ok}}}
        )
    )
    httpserver.expect_request(
        "/things", query_string="serde=a&bodies=b&pagination=c"
    ).respond_with_json({"name": "x", "n": 1})
    with _client(pkg, httpserver) as client:
        got = pkg.ThingsApi(client).get_thing(serde_="a", bodies_="b", pagination_="c")
    assert (got.name, got.n) == ("x", 1)
