"""The shipped suite's loopback server answers as the spec says: the declared success status,
JSON null for a nullable answer, and an event stream for the streamed variant of an operation.

Shapes from GitHub's 2020 document: 201 with a body beside a 204 without (add a collaborator),
202 beside 205, 201 and 202 with different bodies (create a deployment), a nullable answer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..commands import mypy_strict, shipped_suite
from .conftest import generate_document


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _op(op_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"operationId": op_id, "responses": responses}


def _spec() -> dict[str, Any]:
    invitation = {"description": "invited", "content": _json(_ref("Invitation"))}
    accepted = {"description": "later", "content": _json({"type": "object"})}
    pending = {"description": "pending", "content": _json(_ref("Pending"))}
    maybe = {"description": "maybe", "content": _json(_ref("MaybeEvent"))}
    both = {
        "description": "events or one",
        "content": {"text/event-stream": {"schema": _ref("Event")}, **_json(_ref("Event"))},
    }
    paths = {
        "/collaborators": {
            "put": _op("addCollaborator", {"201": invitation, "204": {"description": "member"}})
        },
        "/notifications": {
            "put": _op("markRead", {"202": accepted, "205": {"description": "all read"}})
        },
        "/deployments": {"post": _op("createDeployment", {"201": invitation, "202": pending})},
        "/maybe": {"get": _op("maybeEvent", {"200": maybe})},
        "/events": {"get": _op("watch", {"200": both})},
        # Cloudflare's shapes: a templated path listed before a concrete one beside it, a
        # body and an answer typed by an alias of a model, bytes with no example.
        "/items/{id}": {
            "get": {
                **_op("getItem", {"200": {"description": "one", "content": _json(_ref("Route"))}}),
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
            }
        },
        "/items/keys": {
            "get": _op("getKeys", {"200": {"description": "keys", "content": _json(_ref("Keys"))}})
        },
        "/accounts": {
            "put": {
                **_op(
                    "putAccount",
                    {"200": {"description": "saved", "content": _json(_ref("AccountAlias"))}},
                ),
                "requestBody": {"required": True, "content": _json(_ref("AccountAlias"))},
            }
        },
        # Cloudflare's pages delete: JSON of no schema (Any) and no example, answered null.
        "/anything": {
            "delete": _op("dropAnything", {"200": {"description": "any", "content": _json({})}})
        },
        # Cloudflare's api_shield patch: the body is an alias of dict[str, model].
        "/accounts/bulk": {
            "patch": {
                **_op("patchAccounts", {"204": {"description": "done"}}),
                "requestBody": {"required": True, "content": _json(_ref("AccountMap"))},
            }
        },
        "/download": {
            "get": _op(
                "download",
                {
                    "200": {
                        "description": "file",
                        "content": {
                            "application/octet-stream": {
                                "schema": {"type": "string", "format": "binary"}
                            }
                        },
                    }
                },
            )
        },
        # OpenAI's speech stream: the events are an alias of a union of models.
        "/things": {
            "get": _op(
                "watchThings",
                {
                    "200": {
                        "description": "thing events",
                        "content": {"text/event-stream": {"schema": _ref("ThingEvent")}},
                    }
                },
            )
        },
        # OpenAI's video content: one method per media type, told apart by Accept alone.
        "/report": {
            "get": _op(
                "getReport",
                {
                    "200": {
                        "description": "the report in three forms",
                        "content": {
                            "image/png": {"schema": {"type": "string", "format": "binary"}},
                            "text/plain": {"schema": {"type": "string"}},
                            **_json({"type": "string"}),
                        },
                    }
                },
            )
        },
    }
    event = {
        "type": "object",
        "required": ["at"],
        "properties": {"at": {"type": "string", "format": "date-time"}},
        "example": {"at": "2020-09-01T10:00:00Z"},
    }
    thing = {
        "type": "object",
        "required": ["type", "n"],
        "properties": {"type": {"type": "string", "enum": ["a"]}, "n": {"type": "integer"}},
    }
    schemas = {
        "ThingA": thing,
        "ThingB": {**thing, "properties": {**thing["properties"], "type": {"enum": ["b"]}}},
        "ThingEvent": {"oneOf": [_ref("ThingA"), _ref("ThingB")]},
        "Invitation": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "integer"}},
        },
        "Pending": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Event": event,
        "MaybeEvent": {**event, "nullable": True, "example": None},
        "Keys": {
            "type": "object",
            "required": ["keys"],
            "properties": {"keys": {"type": "array", "items": {"type": "string"}}},
        },
        "Account": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
            "example": {"name": "Demo"},
        },
        "AccountAlias": _ref("Account"),
        "AccountMap": {
            "type": "object",
            "additionalProperties": _ref("Account"),
            "example": {"a": {"name": "Demo"}},
        },
        # The example's value is a string where the schema wants an object: the suite must not
        # use it (an optional field's UNSET made any value fit).
        # Examples that fit no branch of a union, and a null where a dict wants a model.
        "IpText": {"type": "string", "example": "10.0.0.1"},
        "Hostname": {
            "type": "object",
            "required": ["url_hostname"],
            "properties": {"url_hostname": {"type": "string"}},
        },
        "Item": {"oneOf": [_ref("IpText"), _ref("Hostname")], "example": {"ip": "10.0.0.1"}},
        "Holder": {
            "type": "object",
            "required": ["pick", "accounts"],
            "properties": {
                "pick": _ref("Item"),
                "accounts": {"type": "object", "additionalProperties": _ref("Account")},
            },
            "example": {"pick": {"ip": "10.0.0.1"}, "accounts": {"a": None}},
        },
        "Route": {
            "type": "object",
            "properties": {"value": {"type": "object", "properties": {"url": {"type": "string"}}}},
            "example": {"value": "on"},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def test_shipped_suite_answers_with_declared_statuses_nulls_and_events(tmp_path: Path) -> None:
    out = generate_document(_spec(), tmp_path, "answers")
    tests = (out / "tests" / "test_operations.py").read_text(encoding="utf-8")
    assert "assert status == 201" in tests and "assert status == 202" in tests
    assert "events = list(result)" in tests
    assert "_alias_thing_event.thing_event_to_data(event)" in tests
    # The JSON and the text variants each get the example string their own route sends.
    assert tests.count("assert result == json.loads('\"string\"')") == 2
    run = shipped_suite(out, "-W", "error")
    assert run.returncode == 0, run.stdout[-4000:]
    # 18 operations (watch and watch_stream, download and download_chunks, get_report in four
    # variants) x 3 tests, 12 model round trips (RouteValue too), and the hostile-server tests
    # every client ships.
    # patch_accounts returns None: its test checks the None without assigning the call's result
    # (mypy --strict: func-returns-value), and the whole suite type-checks.
    assert "assert result[0] is None" in tests
    typed = mypy_strict("answers", "tests", cwd=out, cache_dir=tmp_path / "mc")
    assert typed.returncode == 0, typed.stdout[-4000:]
    hostile = (out / "tests" / "test_hostile.py").read_text(encoding="utf-8")
    hostile_tests = len(re.findall(r"^def test_", hostile, flags=re.MULTILINE))
    assert hostile_tests > 0
    assert f"{3 * 18 + 12 + hostile_tests} passed" in run.stdout, run.stdout[-2000:]
