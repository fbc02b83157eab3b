"""Form bodies as Stripe sends them: nested values in brackets, checked by the shipped suite.

Stripe's 468 operations all take ``application/x-www-form-urlencoded`` bodies; its objects nest
(``line_items[0][price]``, ``shipping[address][city]``). The shipped suite's loopback server reads
a form body back the way Stripe (and Rails, PHP, qs) do and the test compares it with what was
sent, so a nested value sent as its Python text fails the client's own suite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..commands import importable, mypy_strict, run_python, shipped_suite
from .conftest import generate_document

EXAMPLE = {
    "amount": 1200,
    "capture": True,
    "metadata": {"order": "a1", "note": "x&y=z"},
    "line_items": [{"price": "p1", "quantity": 2}, {"price": "p2", "quantity": 1}],
    "expand": ["customer", "invoice"],
    "tags": ["a", "b"],
    "shipping": {"address": {"city": "Paris", "lines": ["1 rue", "2e"]}},
}


def _spec() -> dict[str, Any]:
    item = {
        "type": "object",
        "properties": {"price": {"type": "string"}, "quantity": {"type": "integer"}},
    }
    address = {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "lines": {"type": "array", "items": {"type": "string"}},
        },
    }
    body = {
        "type": "object",
        "required": ["amount", "line_items"],
        "properties": {
            "amount": {"type": "integer"},
            "capture": {"type": "boolean"},
            "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
            "line_items": {"type": "array", "items": item},
            "expand": {"type": "array", "items": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
            "shipping": {"type": "object", "properties": {"address": address}},
        },
    }
    # The suite sends a schema's example. As in Stripe's spec, ``encoding`` puts fields in
    # brackets (``expand``); a list without it is repeated pairs (``tags``), OpenAPI's default.
    deep = {"style": "deepObject", "explode": True}
    encoding = {"expand": deep, "line_items": deep, "metadata": deep}
    form = {"schema": {**body, "example": EXAMPLE}, "encoding": encoding}
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    post = {
        "operationId": "PostCharges",
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": form}},
        "responses": {"200": ok},
    }
    return {
        "openapi": "3.0.0",
        "info": {"title": "Forms", "version": "1"},
        "paths": {"/v1/charges": {"post": post}},
    }


def test_the_shipped_suite_reads_nested_form_bodies_back(tmp_path: Path) -> None:
    out = generate_document(_spec(), tmp_path, "forms")
    tests = (out / "tests" / "test_operations.py").read_text(encoding="utf-8")
    assert tests.count('headers.get("X-Mock-Form"') == 1
    api = (out / "forms" / "api" / "charges_api.py").read_text(encoding="utf-8")
    assert 'bracketed=("expand", "line_items", "metadata")' in api
    run = shipped_suite(out)
    assert run.returncode == 0, run.stdout[-4000:]
    typed = mypy_strict("forms", "tests", cwd=out, cache_dir=tmp_path / "mc")
    assert typed.returncode == 0, typed.stdout[-4000:]


def test_a_nested_form_body_is_bracketed_and_read_back_whole(tmp_path: Path) -> None:
    """The encoder's pairs and the loopback server's reading, side by side."""
    out = generate_document(_spec(), tmp_path, "forms_pairs")
    code = (
        "import json, sys\n"
        "from urllib.parse import parse_qsl\n"
        "from forms_pairs import serde\n"
        "sys.path.insert(0, 'tests')\n"
        "from loopback_server import read_form\n"
        "from json_values import as_form\n"
        f"body = json.loads({json.dumps(EXAMPLE)!r})\n"
        "deep = ('expand', 'line_items', 'metadata')\n"
        "form = 'application/x-www-form-urlencoded'\n"
        "raw, _ = serde.encode_body(body, form, bracketed=deep)\n"
        "text = raw.decode('ascii')\n"
        "print(json.dumps([parse_qsl(text), read_form(text) == as_form(body, bracketed=deep)]))\n"
    )
    done = run_python("-c", code, cwd=out, env=importable(out))
    assert done.returncode == 0, done.stderr
    pairs, same = json.loads(done.stdout)
    assert same is True
    assert [tuple(p) for p in pairs] == [
        ("amount", "1200"),
        ("capture", "true"),
        ("metadata[order]", "a1"),
        ("metadata[note]", "x&y=z"),
        ("line_items[0][price]", "p1"),
        ("line_items[0][quantity]", "2"),
        ("line_items[1][price]", "p2"),
        ("line_items[1][quantity]", "1"),
        ("expand[0]", "customer"),
        ("expand[1]", "invoice"),
        ("tags", "a"),
        ("tags", "b"),
        ("shipping[address][city]", "Paris"),
        ("shipping[address][lines][0]", "1 rue"),
        ("shipping[address][lines][1]", "2e"),
    ]
